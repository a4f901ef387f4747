import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useSearchParams } from 'react-router';
import { catalogPageSize, useCatalogSearch, type CatalogSearch } from '../api/queries.ts';
import { LabelledField } from '../common/labelled-field.tsx';
import { Pagination } from '../common/pagination.tsx';
import { Loading, QueryFailure } from '../common/query-status.tsx';
import { t, tCount } from '../i18n/translate.ts';
import { CatalogFilters } from './catalog-filters.tsx';
import { CatalogResultList } from './catalog-result-list.tsx';

function searchOf(params: URLSearchParams): CatalogSearch {
  return {
    q: params.get('q') ?? '',
    format: params.get('format') ?? '',
    availableOnly: params.get('available') === 'true',
    page: Math.max(1, Number(params.get('page')) || 1),
  };
}

function paramsOf(search: CatalogSearch): Record<string, string> {
  const params: Record<string, string> = {};
  if (search.q) params.q = search.q;
  if (search.format) params.format = search.format;
  if (search.availableOnly) params.available = 'true';
  if (search.page > 1) params.page = String(search.page);
  return params;
}

/** Catalog search; the search lives in the address so Back returns to the same results. */
export function CatalogSearchPage() {
  const [params, setParams] = useSearchParams();
  const search = searchOf(params);
  const [typed, setTyped] = useState(search.q);
  const results = useCatalogSearch(search);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => setTyped(search.q), [search.q]);
  useEffect(() => input.current?.focus(), []);

  function go(next: Partial<CatalogSearch>) {
    setParams(paramsOf({ ...search, page: 1, ...next }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    go({ q: typed.trim() });
  }

  function moveIntoResults(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'ArrowDown') return;
    const first = list.current?.querySelector<HTMLAnchorElement>('a');
    if (first) {
      event.preventDefault();
      first.focus();
    }
  }

  const data = results.data;
  return (
    <section className="page" aria-labelledby="catalog-heading">
      <h1 id="catalog-heading">{t('catalog.heading')}</h1>
      <form className="search-bar" role="search" onSubmit={submit}>
        <LabelledField
          id="catalog-query"
          label={t('catalog.search')}
          fieldClassName="field--grow"
          ref={input}
          type="search"
          value={typed}
          autoComplete="off"
          aria-describedby="catalog-hint"
          onValueChange={setTyped}
          onKeyDown={moveIntoResults}
        />
        <CatalogFilters format={search.format} availableOnly={search.availableOnly} onChange={go} />
        <button type="submit" className="button button--primary">
          {t('catalog.searchButton')}
        </button>
      </form>
      <p id="catalog-hint" className="hint">
        {search.q ? t('catalog.keyboardHint') : t('catalog.prompt')}
      </p>
      <p className="result-count" role="status" aria-live="polite">
        {data && search.q ? (data.total === 0 ? t('catalog.noResults', { query: search.q }) : tCount('catalog.resultCount', data.total)) : ''}
      </p>
      {results.isError && <QueryFailure error={results.error} onRetry={() => void results.refetch()} />}
      {results.isLoading && <Loading />}
      {data && search.q && data.items.length > 0 && (
        <>
          <CatalogResultList ref={list} results={data.items} onLeaveTop={() => input.current?.focus()} />
          <Pagination page={search.page} pageSize={catalogPageSize} total={data.total} onPage={(page) => go({ page })} />
        </>
      )}
    </section>
  );
}
