import { useId, useState } from 'react';
import type { Fee } from '../api/fee-queries.ts';
import { useWaiveFee, useWaiverReasons, waiveFee } from '../api/fee-queries.ts';
import { formatDate, formatMoney, t } from '../i18n/translate.ts';
import { FeeDialog, useDryRun, useSettled } from './fee-dialog.tsx';
import { moneyEntryOf, parseMoneyEntry } from './money-entry.ts';

interface WaiveDialogProps {
  fee: Fee;
  owedCents: number;
  currency: string;
  minorDigits: number;
  onWaived(announcement: string, receiptId: string | null): void;
  onClose(): void;
}

/** Waive part or all of one fee, with a reason; the server says first what would be left, or why not. */
export function WaiveDialog({ fee, owedCents, currency, minorDigits, onWaived, onClose }: WaiveDialogProps) {
  const waive = useWaiveFee(fee.patronId);
  const reasons = useWaiverReasons(true);
  const [amount, setAmount] = useState(moneyEntryOf(fee.balanceCents, minorDigits));
  const [reasonId, setReasonId] = useState('');
  const [note, setNote] = useState('');
  const amountId = useId();
  const reasonFieldId = useId();
  const noteId = useId();
  const amountCents = parseMoneyEntry(amount, minorDigits);
  const settled = useSettled({ amountCents, reasonId });
  const current = settled.amountCents === amountCents && settled.reasonId === reasonId;
  const dryRun = useDryRun(
    ['waive', fee.id, settled.amountCents, settled.reasonId],
    () => waiveFee(fee.id, { amountCents: settled.amountCents ?? 0, waiverReasonId: settled.reasonId, dryRun: true }),
    settled.amountCents !== undefined && Boolean(settled.reasonId),
  );
  const money = (cents: number) => formatMoney(cents, currency);
  const problem = amount.trim() && amountCents === undefined ? t('fees.amountInvalid') : current && dryRun.isError ? dryRun.error.message : reasons.isError ? reasons.error.message : '';

  const preview =
    current && dryRun.data ? (
      <>
        <p>{t('fees.feeBalanceAfter', { type: fee.feeType.name, amount: money(dryRun.data.action.balanceAfterCents) })}</p>
        <p className="fee-preview__after">{t('fees.balanceAfter', { amount: money(owedCents - dryRun.data.action.amountCents) })}</p>
      </>
    ) : null;

  async function confirm() {
    if (amountCents === undefined || !reasonId) return;
    const waived = await waive(fee.id, { amountCents, waiverReasonId: reasonId, note: note.trim() || undefined });
    onWaived(t('fees.announceWaived', { amount: money(waived.action.amountCents), after: money(owedCents - waived.action.amountCents) }), waived.action.id);
  }

  return (
    <FeeDialog
      heading={t('fees.waiveHeading', { fee: t('fees.feeLabel', { type: fee.feeType.name, date: formatDate(fee.createdAt) }) })}
      confirmLabel={t('fees.confirmWaiver')}
      preview={preview}
      canConfirm={current && dryRun.isSuccess && !dryRun.isFetching}
      problem={problem}
      onConfirm={confirm}
      onClose={onClose}
    >
      <p>{t('fees.feeBalance', { amount: money(fee.balanceCents) })}</p>
      <div className="field">
        <label htmlFor={amountId}>{t('fees.amount')}</label>
        <input id={amountId} inputMode="decimal" autoComplete="off" value={amount} onChange={(event) => setAmount(event.target.value)} autoFocus />
      </div>
      <div className="field">
        <label htmlFor={reasonFieldId}>{t('fees.waiverReason')}</label>
        <select id={reasonFieldId} value={reasonId} required onChange={(event) => setReasonId(event.target.value)}>
          <option value="">{t('fees.chooseReason')}</option>
          {(reasons.data?.items ?? [])
            .filter((reason) => reason.active)
            .map((reason) => (
              <option key={reason.id} value={reason.id}>
                {reason.name}
              </option>
            ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={noteId}>{t('fees.note')}</label>
        <textarea id={noteId} rows={2} maxLength={1000} value={note} onChange={(event) => setNote(event.target.value)} />
      </div>
    </FeeDialog>
  );
}
