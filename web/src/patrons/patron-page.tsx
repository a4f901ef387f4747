import type { ReactNode } from 'react';
import { useParams } from 'react-router';
import type { Patron } from '../api/api-types.ts';
import { usePatron } from '../api/queries.ts';
import { DetailsList } from '../common/details-list.tsx';
import { QueryStatus } from '../common/query-status.tsx';
import { FeesPanel } from '../fees/fees-panel.tsx';
import { formatDate, t } from '../i18n/translate.ts';
import { PatronCard } from './patron-card.tsx';

export function PatronPage() {
  const { id = '' } = useParams();
  const patron = usePatron(id);
  if (!patron.isSuccess) return <QueryStatus query={patron} />;
  return (
    <div className="patron-layout">
      <PatronCard patron={patron.data} />
      <div className="patron-layout__work">
        <FeesPanel patronId={patron.data.id} />
        <PatronContact patron={patron.data} />
      </div>
    </div>
  );
}

function PatronContact({ patron }: { patron: Patron }) {
  const address = patron.address;
  const cityLine = [address?.city, [address?.region, address?.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const addressLines = [address?.line1, address?.line2, cityLine, address?.country].filter((line): line is string => Boolean(line));
  const rows: [string, ReactNode][] = [
    [t('patron.email'), patron.email ? <a href={`mailto:${patron.email}`}>{patron.email}</a> : ''],
    [t('patron.phone'), patron.phone ?? ''],
    [t('patron.address'), addressLines.length ? <address>{addressLines.map((line) => <span key={line} className="address-line">{line}</span>)}</address> : ''],
    [t('patron.externalId'), patron.externalId ?? ''],
    [t('patron.birthDate'), formatDate(patron.birthDate)],
    [t('patron.pin'), patron.hasPin === undefined ? '' : patron.hasPin ? t('patron.pinSet') : t('patron.pinNotSet')],
    [t('patron.loanHistory'), patron.keepLoanHistory === undefined ? '' : patron.keepLoanHistory ? t('patron.keepsHistory') : t('patron.noHistory')],
  ];
  return (
    <section className="panel" aria-labelledby="patron-contact">
      <h2 id="patron-contact">{t('patron.contact')}</h2>
      <DetailsList rows={rows} />
    </section>
  );
}
