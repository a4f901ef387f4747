import { useParams } from 'react-router';
import { contributorNames, type Instance } from '../api/queries.ts';
import { useInstance } from '../api/queries.ts';
import { DetailsList } from '../common/details-list.tsx';
import { QueryStatus } from '../common/query-status.tsx';
import { formatDate, publicationYear, t, tCode } from '../i18n/translate.ts';
import { InstanceItemTable } from './instance-item-table.tsx';
import { RequestActions } from '../requests/request-actions.tsx';

export function InstancePage() {
  const { id = '' } = useParams();
  const instance = useInstance(id);
  if (!instance.isSuccess) return <QueryStatus query={instance} />;
  const record = instance.data;
  return (
    <article className="page" aria-labelledby="instance-title">
      <header className="record-header">
        <h1 id="instance-title">
          {record.title}
          {record.subtitle ? <span className="record-header__subtitle">{record.subtitle}</span> : null}
        </h1>
        <p className="record-header__meta">{contributorNames(record.contributors).join('; ')}</p>
      </header>
      <RequestActions instance={{ id: record.id, title: record.title }} />
      <section aria-labelledby="instance-details">
        <h2 id="instance-details">{t('instance.details')}</h2>
        <InstanceDetails record={record} />
      </section>
      <section aria-labelledby="instance-items">
        <h2 id="instance-items">{t('instance.items')}</h2>
        <InstanceItemTable holdings={record.holdings ?? []} items={record.items ?? []} />
      </section>
    </article>
  );
}

function InstanceDetails({ record }: { record: Instance }) {
  const contributors = (record.contributors ?? []).map((contributor) =>
    typeof contributor === 'string' ? contributor : contributor.role ? `${contributor.name} (${contributor.role})` : contributor.name,
  );
  const published = /^\d{4}-\d{2}-\d{2}$/.test(record.publicationDate ?? '') ? formatDate(record.publicationDate) : publicationYear(record.publicationDate);
  const rows: [string, string][] = [
    [t('instance.contributors'), contributors.join('; ')],
    [t('instance.publisher'), record.publisher ?? ''],
    [t('instance.published'), published],
    [t('instance.edition'), record.edition ?? ''],
    [t('instance.format'), record.format ? tCode('format', record.format) : ''],
    [t('instance.language'), languageName(record.language)],
    [t('instance.isbn'), (record.isbns ?? []).join(', ')],
    [t('instance.subjects'), (record.subjects ?? []).join('; ')],
  ];
  return (
    <DetailsList rows={rows} />
  );
}

/** MARC gives three-letter codes ('eng'); show the language's name where the browser knows it. */
function languageName(code: string | null | undefined): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames(undefined, { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
