import { Link } from 'react-router';
import type { Holding, InstanceItem } from '../api/queries.ts';
import { ItemStatus } from '../common/item-status.tsx';
import { t } from '../i18n/translate.ts';

interface TableProps {
  holdings: Holding[];
  items: InstanceItem[];
}

/** Items of one record; the call number and location come from the item or else its holding. */
export function InstanceItemTable({ holdings, items }: TableProps) {
  if (items.length === 0) return <p className="hint">{t('instance.noItems')}</p>;
  const onlyHolding = holdings.length === 1 ? holdings[0] : undefined;
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('item.barcode')}</th>
            <th scope="col">{t('item.status')}</th>
            <th scope="col">{t('item.location')}</th>
            <th scope="col">{t('item.callNumber')}</th>
            <th scope="col">{t('item.materialType')}</th>
            <th scope="col">{t('item.loanType')}</th>
            <th scope="col">{t('item.copy')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const holding = holdings.find((candidate) => candidate.id === item.holdingId) ?? onlyHolding;
            const copy = [item.copyNumber, item.volume].filter(Boolean).join(' · ');
            return (
              <tr key={item.id}>
                <td>
                  <Link to={`/items/${item.id}`} className="barcode">
                    {item.barcode}
                  </Link>
                </td>
                <td>
                  <ItemStatus status={item.status} />
                </td>
                <td>{item.location?.name ?? holding?.location?.name ?? ''}</td>
                <td className="call-number">{item.callNumber ?? holding?.callNumber ?? ''}</td>
                <td>{item.materialType?.name ?? ''}</td>
                <td>{item.loanType?.name ?? ''}</td>
                <td>{copy}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
