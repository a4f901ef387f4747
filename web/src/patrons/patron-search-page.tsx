import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { findPatronsByBarcode, patronPageSize, usePatronSearch } from '../api/queries.ts';
import { LabelledField } from '../common/labelled-field.tsx';
import { Pagination } from '../common/pagination.tsx';
import { moveThroughResults } from '../common/result-keys.ts';
import { ErrorIcon, Loading, QueryFailure } from '../common/query-status.tsx';
import { formatDate, t, tCount } from '../i18n/translate.ts';
import { looksLikePatronBarcode, patronName } from './patron-names.ts';

export function PatronSearchPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [typed, setTyped] = useState(q);
  const navigate = useNavigate();
  const field = useRef<HTMLInputElement>(null);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const results = usePatronSearch(q, page);
  const byBarcode = useMutation({ mutationFn: findPatronsByBarcode });

  useEffect(() => setTyped(q), [q]);
  useEffect(() => field.current?.focus(), []);

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = typed.trim();
    if (!text) return;
    if (!looksLikePatronBarcode(text)) {
      byBarcode.reset();
      setParams({ q: text });
      return;
    }
    byBarcode.mutate(text, {
      onSuccess: (page) => {
        const patron = page.items[0];
        if (patron) navigate(`/patrons/${patron.id}`);
        else field.current?.select();
      },
      onError: () => field.current?.select(),
    });
  }

  const barcodeMessage = byBarcode.isError
    ? byBarcode.error.message
    : byBarcode.isSuccess && byBarcode.data.items.length === 0
      ? t('patrons.barcodeNotFound', { barcode: byBarcode.variables })
      : '';
  const data = results.data;
  const countMessage = data && q ? (data.total === 0 ? t('patrons.noResults', { query: q }) : tCount('patrons.resultCount', data.total)) : '';

  return (
    <section className="page" aria-labelledby="patrons-heading">
      <h1 id="patrons-heading">{t('patrons.heading')}</h1>
      <form className="search-bar" role="search" onSubmit={submit}>
        <LabelledField
          id="patron-query"
          label={t('patrons.search')}
          fieldClassName="field--grow"
          ref={field}
          type="search"
          autoComplete="off"
          aria-describedby="patron-hint"
          value={typed}
          onValueChange={setTyped}
        />
        <button type="submit" className="button button--primary">
          {t('patrons.searchButton')}
        </button>
      </form>
      <p id="patron-hint" className="hint">
        {t('patrons.searchHint')}
      </p>
      <p className="result-count" role="status" aria-live="polite">
        {barcodeMessage ? (
          <span className="message message--error">
            <ErrorIcon />
            {barcodeMessage}
          </span>
        ) : (
          countMessage
        )}
      </p>
      {results.isError && <QueryFailure error={results.error} onRetry={() => void results.refetch()} />}
      {results.isLoading && <Loading />}
      {data && q && data.items.length > 0 && (
        <div className="table-scroll">
          <table className="table" onKeyDown={(event) => moveThroughResults(event, 'a.patron-result', () => document.getElementById('patron-query')?.focus())}>
            <thead>
              <tr>
                <th scope="col">{t('patrons.name')}</th>
                <th scope="col">{t('patrons.barcode')}</th>
                <th scope="col">{t('patrons.group')}</th>
                <th scope="col">{t('patrons.expires')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((patron) => (
                <tr key={patron.id}>
                  <td>
                    <Link className="patron-result" to={`/patrons/${patron.id}`}>
                      {patronName(patron)}
                    </Link>
                  </td>
                  <td className="barcode">{patron.barcode}</td>
                  <td>{patron.patronGroup?.name ?? ''}</td>
                  <td className={patron.expired ? 'text-problem' : undefined}>
                    {patron.expiresOn ? (patron.expired ? t('patron.expiredOn', { date: formatDate(patron.expiresOn) }) : formatDate(patron.expiresOn)) : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && q && <Pagination page={page} pageSize={patronPageSize} total={data.total} onPage={(next) => setParams({ q, page: String(next) })} />}
    </section>
  );
}
