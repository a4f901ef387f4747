import type { Fee } from '../api/fee-queries.ts';
import type { MessageKey } from '../i18n/en.ts';
import { formatDate, formatMoney, t, tCode } from '../i18n/translate.ts';
import { refundableCentsOf } from './refund-dialog.tsx';

/** One fee's actions, oldest first, as the desk reads them: what happened, how much, and what was left. */
export function FeeHistory({ fee, currency }: { fee: Fee; currency: string }) {
  const money = (cents: number) => formatMoney(cents, currency);
  return (
    <ul>
      {fee.actions.map((action) => (
        <li key={action.id}>
          {t('fees.actionLine', {
            date: formatDate(action.occurredAt),
            kind: tCode('feeAction', action.kind),
            amount: money(action.amountCents),
            after: money(action.balanceAfterCents),
          })}
          {action.method ? ` (${tCode('paymentMethod', action.method)})` : ''}
          {action.note ? ` — ${action.note}` : ''}
        </li>
      ))}
    </ul>
  );
}

const closedBy: Record<string, MessageKey> = {
  payment: 'fees.closedBy.payment',
  waiver: 'fees.closedBy.waiver',
  transfer: 'fees.closedBy.transfer',
  cancellation: 'fees.closedBy.cancellation',
  adjustment: 'fees.closedBy.adjustment',
};

/**
 * How a closed fee came to owe nothing: the last action that brought its balance to zero (a later
 * refund to the patron leaves it closed, so it is said beside it rather than instead of it).
 */
export function howFeeClosed(fee: Fee, currency: string): string {
  const closing = fee.actions.findLast((action) => action.balanceAfterCents === 0 && action.kind in closedBy);
  const how = closing ? t(closedBy[closing.kind]!) : t('fees.closedBy.unknown');
  const paid = fee.actions.reduce((sum, action) => sum + (action.kind === 'payment' ? action.amountCents : 0), 0);
  const refunded = paid - refundableCentsOf(fee);
  return refunded > 0 ? t('fees.closedAndRefunded', { how, amount: formatMoney(refunded, currency) }) : how;
}
