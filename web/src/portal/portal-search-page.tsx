import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { catalogPageSize, usePortalCatalog, type PortalTitle } from '../api/portal-queries.ts';
import { QueryFailure } from '../common/query-status.tsx';
import { publicationYear, t } from '../i18n/translate.ts';
import { portalFormats, type PortalFormats } from './portal-formats.ts';
import { PortalRequestDialog } from './portal-request-dialog.tsx';
import { usePortalSession } from './portal-session.tsx';

/** Search the catalog and request a title; the words and the page live in the address, so Back works. */
export function PortalSearchPage() {
  const { patron } = usePortalSession();
  const formats = portalFormats(patron.library);
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const [words, setWords] = useState(q);
  const results = usePortalCatalog(q, offset);
  const [requesting, setRequesting] = useState<PortalTitle | null>(null);
  const [requested, setRequested] = useState<ReadonlySet<string>>(new Set());
  const [placedMessage, setPlacedMessage] = useState('');
  const resultLine = useRef<HTMLParagraphElement>(null);

  // The Request button gave way to "Requested": continue from the sentence that says where to pick it up.
  useEffect(() => {
    if (placedMessage) resultLine.current?.focus();
  }, [placedMessage]);

  useEffect(() => {
    document.title = `${t('portal.search.heading')} — ${patron.library.name}`;
  }, [patron.library.name]);

  function search(event: FormEvent) {
    event.preventDefault();
    setPlacedMessage('');
    setParams(words.trim() ? { q: words.trim() } : {});
  }

  const goTo = (nextOffset: number) => setParams({ q, ...(nextOffset > 0 ? { offset: String(nextOffset) } : {}) });
  const total = results.data?.total ?? 0;
  const items = results.data?.items ?? [];

  return (
    <>
      <h1 id="portal-search-heading">{t('portal.search.heading')}</h1>
      <form className="portal-search" role="search" aria-labelledby="portal-search-heading" onSubmit={search}>
        <div className="field">
          <label htmlFor="portal-search-words">{t('portal.search.field')}</label>
          <input id="portal-search-words" type="search" enterKeyHint="search" value={words} onChange={(event) => setWords(event.target.value)} />
        </div>
        <button type="submit" className="portal-button portal-button--primary">
          {t('portal.search.submit')}
        </button>
      </form>
      <p className="portal-result-count" role="status" ref={resultLine} tabIndex={-1}>
        {placedMessage || resultCountOf(q, results.isFetching, total, formats)}
      </p>
      {results.isError && <QueryFailure error={results.error} onRetry={() => void results.refetch()} />}
      {items.length > 0 && (
        <ul className="portal-list" aria-label={t('portal.search.results')}>
          {items.map((title) => (
            <li key={title.instanceId} className="portal-entry">
              <p className="portal-entry__title">{title.title}</p>
              {(title.author || title.publicationYear) && <p className="portal-entry__meta">{[title.author, publicationYear(title.publicationYear)].filter(Boolean).join(' · ')}</p>}
              <p className={title.available > 0 ? 'portal-entry__line portal-entry__line--ready' : 'portal-entry__line'}>{availabilityOf(title, formats)}</p>
              {requested.has(title.instanceId) ? (
                <p className="portal-answer portal-answer--ok">{t('portal.search.requested')}</p>
              ) : (
                title.copies > 0 && (
                  <button type="button" className="portal-button" aria-label={t('portal.search.requestTitle', { title: title.title })} onClick={() => setRequesting(title)}>
                    {t('portal.search.request')}
                  </button>
                )
              )}
            </li>
          ))}
        </ul>
      )}
      {total > catalogPageSize && (
        <div className="portal-pages">
          <button type="button" className="portal-button" disabled={offset === 0} onClick={() => goTo(Math.max(0, offset - catalogPageSize))}>
            {t('portal.search.previous')}
          </button>
          <span>{t('portal.search.range', { from: formats.number(offset + 1), to: formats.number(Math.min(total, offset + catalogPageSize)), total: formats.number(total) })}</span>
          <button type="button" className="portal-button" disabled={offset + catalogPageSize >= total} onClick={() => goTo(offset + catalogPageSize)}>
            {t('portal.search.next')}
          </button>
        </div>
      )}
      {requesting && (
        <PortalRequestDialog
          title={requesting}
          library={patron.library}
          onClose={() => setRequesting(null)}
          onPlaced={(request) => {
            setRequested((current) => new Set(current).add(requesting.instanceId));
            setPlacedMessage(t('portal.search.placed', { title: requesting.title, desk: request.pickup.name }));
            setRequesting(null);
          }}
        />
      )}
    </>
  );
}

function resultCountOf(q: string, fetching: boolean, total: number, formats: PortalFormats): string {
  if (!q) return t('portal.search.prompt');
  if (fetching) return t('portal.loading');
  return formats.count('portal.search.count', total);
}

function availabilityOf(title: PortalTitle, formats: PortalFormats): string {
  if (title.copies === 0) return t('portal.search.noCopies');
  if (title.available === 0) return formats.count('portal.search.allOut', title.copies, { copies: formats.number(title.copies) });
  if (title.copies === 1) return t('portal.search.onShelfOne');
  return t('portal.search.onShelf', { available: formats.number(title.available), copies: formats.number(title.copies) });
}
