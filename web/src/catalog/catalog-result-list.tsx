import type { Ref } from 'react';
import { Link } from 'react-router';
import { moveThroughResults } from '../common/result-keys.ts';
import { contributorNames, type CatalogResult } from '../api/queries.ts';
import { formatNumber, publicationYear, t, tCode } from '../i18n/translate.ts';

interface ResultListProps {
  ref: Ref<HTMLOListElement>;
  results: CatalogResult[];
  /** Arrow up from the first result goes back to the search field. */
  onLeaveTop(): void;
}

/** Results as a list of links: Tab, the arrow keys or j/k move between them, Enter opens one. */
export function CatalogResultList({ ref, results, onLeaveTop }: ResultListProps) {
  return (
    <ol className="results" ref={ref} onKeyDown={(event) => moveThroughResults(event, 'a.result__title', onLeaveTop)} aria-label={t('catalog.results')}>
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
