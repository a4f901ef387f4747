import { useInstitution } from '../api/fee-queries.ts';
import { Link, useParams } from 'react-router';
import { contributorNames, type ItemRecord } from '../api/queries.ts';
import { useItem } from '../api/queries.ts';
import { ItemStatus } from '../common/item-status.tsx';
import { DetailsList } from '../common/details-list.tsx';
import { QueryStatus } from '../common/query-status.tsx';
import { formatMoney, t } from '../i18n/translate.ts';
import { AuditTrailSection } from '../patrons/audit-trail-section.tsx';
import { useSession } from '../session/session-context.tsx';
import { ItemLoansSection, ItemRequestQueue } from './item-circulation.tsx';
import { ItemLookupForm } from './item-lookup-form.tsx';
import { ItemPolicies } from './item-policies.tsx';
import { RequestActions } from '../requests/request-actions.tsx';

/** One item, with the barcode field kept above it so the next scan needs no click. */
export function ItemPage() {
  const { id = '' } = useParams();
  const item = useItem(id);
  return (
    <div className="page">
      <ItemLookupForm key={id} />
      <QueryStatus query={item} />
      {item.data && <ItemRecordView item={item.data} />}
    </div>
  );
}

function ItemRecordView({ item }: { item: ItemRecord }) {
  const { session } = useSession();
  // The session does not carry the currency (it never did): the institution's record does.
  const currency = useInstitution().data?.currency;
  const permissions = new Set(session.staff.permissions);
  const rows: [string, string][] = [
    [t('item.callNumber'), item.callNumber ?? ''],
    [t('item.location'), item.location?.name ?? ''],
    [t('item.materialType'), item.materialType?.name ?? ''],
    [t('item.loanType'), item.loanType?.name ?? ''],
    [t('item.copy'), item.copyNumber ?? ''],
    [t('item.volume'), item.volume ?? ''],
    [t('item.enumeration'), item.enumeration ?? ''],
    [t('item.price'), formatMoney(item.priceCents, currency)],
    [t('item.replacementCost'), formatMoney(item.replacementCostCents, currency)],
    [t('item.publicNote'), item.publicNote ?? ''],
    [t('item.staffNote'), item.staffNote ?? ''],
  ];
  return (
    <>
      <article aria-labelledby="item-heading" className="record">
        <header className="record-header">
          <h1 id="item-heading">{t('item.heading', { barcode: item.barcode })}</h1>
          <p className="record-header__status">
            <span className="visually-hidden">{`${t('item.status')}: `}</span>
            <ItemStatus status={item.status} />
          </p>
        </header>
        {item.instance && (
          <p className="record__title">
            <Link to={`/instances/${item.instance.id}`}>{item.instance.title}</Link>
            {contributorNames(item.instance.contributors).length > 0 && (
              <span className="record__contributors">{contributorNames(item.instance.contributors).join('; ')}</span>
            )}
          </p>
        )}
        <DetailsList rows={rows} />
        <RequestActions item={{ id: item.id, barcode: item.barcode, status: item.status }} />
      </article>
      <div className="item-record__sections">
        <ItemLoansSection itemId={item.id} permissions={permissions} />
        <ItemRequestQueue itemId={item.id} instanceId={item.instance?.id} permissions={permissions} />
        <ItemPolicies itemBarcode={item.barcode} permissions={permissions} />
        {permissions.has('audit.read') && <AuditTrailSection entityType="item" entityId={item.id} />}
      </div>
    </>
  );
}
