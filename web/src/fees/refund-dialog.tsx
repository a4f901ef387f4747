import { useId, useState } from 'react';
import type { Fee } from '../api/fee-queries.ts';
import { refundFee, useRefundFee, type RefundTarget } from '../api/fee-queries.ts';
import type { MessageKey } from '../i18n/en.ts';
import { formatDate, formatMoney, t } from '../i18n/translate.ts';
import { FeeDialog, useDryRun, useSettled } from './fee-dialog.tsx';
import { moneyEntryOf, parseMoneyEntry } from './money-entry.ts';

const targets: Record<RefundTarget, MessageKey> = { patron: 'fees.refundToPatron', credit: 'fees.refundToCredit', balance: 'fees.refundToBalance' };

/** What was paid on a fee and not yet given back: the most a refund may be. */
export function refundableCentsOf(fee: Fee): number {
  return fee.actions.reduce((sum, action) => sum + (action.kind === 'payment' ? action.amountCents : action.kind === 'refund' ? -action.amountCents : 0), 0);
}

interface RefundDialogProps {
  fee: Fee;
  owedCents: number;
  creditCents: number;
  currency: string;
  minorDigits: number;
  onRefunded(announcement: string, receiptId: string | null): void;
  onClose(): void;
}

/** Give back money paid on one fee, saying why; the server's dry run shows both balances after first. */
export function RefundDialog({ fee, owedCents, creditCents, currency, minorDigits, onRefunded, onClose }: RefundDialogProps) {
  const refund = useRefundFee(fee.patronId);
  const refundable = refundableCentsOf(fee);
  const [amount, setAmount] = useState(moneyEntryOf(refundable, minorDigits));
  const [refundTo, setRefundTo] = useState<RefundTarget>('patron');
  const [note, setNote] = useState('');
  const amountId = useId();
  const targetId = useId();
  const noteId = useId();
  const amountCents = parseMoneyEntry(amount, minorDigits);
  const settled = useSettled({ amountCents, refundTo });
  const current = settled.amountCents === amountCents && settled.refundTo === refundTo;
  // The note is required by the server but does not change the effect, so the dry run sends a stand-in.
  const dryRun = useDryRun(
    ['refund', fee.id, settled.amountCents, settled.refundTo],
    () => refundFee(fee.id, { amountCents: settled.amountCents ?? 0, refundTo: settled.refundTo, note: note.trim() || '-', dryRun: true }),
    settled.amountCents !== undefined,
  );
  const money = (cents: number) => formatMoney(cents, currency);
  const problem = amount.trim() && amountCents === undefined ? t('fees.amountInvalid') : current && dryRun.isError ? dryRun.error.message : '';

  const preview =
    current && dryRun.data ? (
      <>
        <p>{t('fees.feeBalanceAfter', { type: fee.feeType.name, amount: money(dryRun.data.action.balanceAfterCents) })}</p>
        {(dryRun.data.action.creditCents ?? 0) > 0 && <p>{t('fees.creditAfterRefund', { amount: money(creditCents + (dryRun.data.action.creditCents ?? 0)) })}</p>}
        <p className="fee-preview__after">
          {t('fees.balanceAfter', { amount: money(owedCents + dryRun.data.action.balanceAfterCents - dryRun.data.action.balanceBeforeCents) })}
        </p>
      </>
    ) : null;

  async function confirm() {
    if (amountCents === undefined || !note.trim()) return;
    const refunded = await refund(fee.id, { amountCents, refundTo, note: note.trim() });
    const after = owedCents + refunded.action.balanceAfterCents - refunded.action.balanceBeforeCents;
    onRefunded(t('fees.announceRefunded', { amount: money(refunded.action.amountCents), after: money(after) }), null);
  }

  return (
    <FeeDialog
      heading={t('fees.refundHeading', { fee: t('fees.feeLabel', { type: fee.feeType.name, date: formatDate(fee.createdAt) }) })}
      confirmLabel={t('fees.confirmRefund')}
      preview={preview}
      canConfirm={current && dryRun.isSuccess && !dryRun.isFetching && Boolean(note.trim())}
      problem={problem}
      onConfirm={confirm}
      onClose={onClose}
    >
      <p>{t('fees.refundable', { amount: money(refundable) })}</p>
      <div className="field">
        <label htmlFor={amountId}>{t('fees.amount')}</label>
        <input id={amountId} inputMode="decimal" autoComplete="off" value={amount} onChange={(event) => setAmount(event.target.value)} autoFocus />
      </div>
      <div className="field">
        <label htmlFor={targetId}>{t('fees.refundTo')}</label>
        <select id={targetId} value={refundTo} onChange={(event) => setRefundTo(event.target.value as RefundTarget)}>
          {(Object.keys(targets) as RefundTarget[]).map((code) => (
            <option key={code} value={code}>
              {t(targets[code])}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={noteId}>{t('fees.refundReason')}</label>
        <textarea id={noteId} rows={2} maxLength={1000} required value={note} onChange={(event) => setNote(event.target.value)} />
      </div>
    </FeeDialog>
  );
}
