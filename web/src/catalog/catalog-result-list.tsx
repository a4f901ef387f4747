import type { KeyboardEvent, Ref } from 'react';
import { Link } from 'react-router';
import { contributorNames, type CatalogResult } from '../api/api-types.ts';
import { formatNumber, publicationYear, t, tCode } from '../i18n/translate.ts';

interface ResultListProps {
  ref: Ref<HTMLOListElement>;
  results: CatalogResult[];
  /** Arrow up from the first result goes back to the search field. */
  onLeaveTop(): void;
}

/** Down/up by one (arrows, or j and k as in a mail reader), or to either end (Home, End). */
function stepOf(event: KeyboardEvent): 1 | -1 | 'first' | 'last' | null {
  if (event.altKey || event.ctrlKey || event.metaKey) return null;
  switch (event.key) {
    case 'ArrowDown':
    case 'j':
      return 1;
    case 'ArrowUp':
    case 'k':
      return -1;
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    default:
      return null;
  }
}

/** Results as a list of links: Tab, the arrow keys or j/k move between them, Enter opens one. */
export function CatalogResultList({ ref, results, onLeaveTop }: ResultListProps) {
  function move(event: KeyboardEvent<HTMLOListElement>) {
    const step = stepOf(event);
    if (step === null) return;
    const links = Array.from(event.currentTarget.querySelectorAll<HTMLAnchorElement>('a.result__title'));
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (at < 0) return;
    event.preventDefault();
    const next = step === 'first' ? 0 : step === 'last' ? links.length - 1 : at + step;
    if (next < 0) onLeaveTop();
    else links[Math.min(next, links.length - 1)]?.focus();
  }

  return (
    <ol className="results" ref={ref} onKeyDown={move} aria-label={t('catalog.results')}>
      {results.map((result) => (
        <li key={result.id} className="result">
          <CatalogResultRow result={result} />
        </li>
      ))}
    </ol>
  );
}

function CatalogResultRow({ result }: { result: CatalogResult }) {
  const contributors = contributorNames(result.contributors);
  const year = publicationYear(result.publicationDate);
  const availability = result.availability;
  const callNumber = result.callNumbers?.[0];
  return (
    <>
      <div className="result__main">
        <Link className="result__title" to={`/instances/${result.id}`}>
          {result.title}
          {result.subtitle ? <span className="result__subtitle">{`: ${result.subtitle}`}</span> : null}
        </Link>
        <p className="result__meta">
          {[contributors.join('; '), year, result.format ? tCode('format', result.format) : ''].filter(Boolean).join(' · ')}
        </p>
      </div>
      <div className="result__side">
        {callNumber && <span className="call-number">{callNumber}</span>}
        {availability && (
          <span className={availability.available > 0 ? 'availability availability--some' : 'availability availability--none'}>
            {t('catalog.availability', { available: formatNumber(availability.available), total: formatNumber(availability.total) })}
          </span>
        )}
      </div>
    </>
  );
}
