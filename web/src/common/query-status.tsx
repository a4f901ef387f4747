import type { UseQueryResult } from '@tanstack/react-query';
import { t } from '../i18n/translate.ts';

/** What a record page shows while its query has no answer yet: loading, or why it failed. */
export function QueryStatus({ query }: { query: Pick<UseQueryResult<unknown>, 'isPending' | 'isError' | 'error' | 'refetch'> }) {
  if (query.isPending) return <Loading />;
  if (query.isError && query.error) return <QueryFailure error={query.error} onRetry={() => void query.refetch()} />;
  return null;
}

/** Why something could not be loaded, in the server's words, with a way to try again. */
export function QueryFailure({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  return (
    <div className="message message--error" role="alert">
      <ErrorIcon />
      <span>{error.message || t('error.generic')}</span>
      {onRetry && (
        <button type="button" className="button button--quiet" onClick={onRetry}>
          {t('error.retry')}
        </button>
      )}
    </div>
  );
}

/** Why an action on this screen failed, announced as it appears; nothing while there is no failure. */
export function ActionFailure({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p className="message message--error" role="alert">
      <ErrorIcon />
      {message}
    </p>
  );
}

export function Loading() {
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}

export function ErrorIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M8 4.2v4.6M8 10.8v1" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

export function NoteIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M3 2.5h10v8.5l-3 2.5H3z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
      <path d="M5.5 6h5M5.5 8.5h3.5" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}

/** The server's message for a failed action, in its own words; a generic sentence only when there is none. */
export function messageOfFailure(error: unknown): string {
  return error instanceof Error && error.message ? error.message : t('error.generic');
}
