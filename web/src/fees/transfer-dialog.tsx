import { useId, useState } from 'react';
import type { Fee } from '../api/fee-queries.ts';
import { transferFee, useTransferFee } from '../api/fee-queries.ts';
import { formatDate, formatMoney, t } from '../i18n/translate.ts';
import { FeeDialog, useDryRun, useSettled } from './fee-dialog.tsx';
import { moneyEntryOf, parseMoneyEntry } from './money-entry.ts';

interface TransferDialogProps {
  fee: Fee;
  owedCents: number;
  currency: string;
  minorDigits: number;
  onTransferred(announcement: string, receiptId: string | null): void;
  onClose(): void;
}

/** Move part or all of one fee to the bursar's student account; the dry run shows what stays owed here. */
export function TransferDialog({ fee, owedCents, currency, minorDigits, onTransferred, onClose }: TransferDialogProps) {
  const transfer = useTransferFee(fee.patronId);
  const [amount, setAmount] = useState(moneyEntryOf(fee.balanceCents, minorDigits));
  const [note, setNote] = useState('');
  const amountId = useId();
  const noteId = useId();
  const amountCents = parseMoneyEntry(amount, minorDigits);
  const settled = useSettled(amountCents);
  const current = settled === amountCents;
  const dryRun = useDryRun(['transfer', fee.id, settled], () => transferFee(fee.id, { amountCents: settled ?? 0, dryRun: true }), settled !== undefined);
  const money = (cents: number) => formatMoney(cents, currency);
  const problem = amount.trim() && amountCents === undefined ? t('fees.amountInvalid') : current && dryRun.isError ? dryRun.error.message : '';

  const preview =
    current && dryRun.data ? (
      <>
        <p>{t('fees.feeBalanceAfter', { type: fee.feeType.name, amount: money(dryRun.data.action.balanceAfterCents) })}</p>
        <p className="fee-preview__after">{t('fees.balanceAfter', { amount: money(owedCents - dryRun.data.action.amountCents) })}</p>
      </>
    ) : null;

  async function confirm() {
    if (amountCents === undefined) return;
    const moved = await transfer(fee.id, { amountCents, note: note.trim() || undefined });
    onTransferred(t('fees.announceTransferred', { amount: money(moved.action.amountCents), after: money(owedCents - moved.action.amountCents) }), null);
  }

  return (
    <FeeDialog
      heading={t('fees.transferHeading', { fee: t('fees.feeLabel', { type: fee.feeType.name, date: formatDate(fee.createdAt) }) })}
      confirmLabel={t('fees.confirmTransfer')}
      preview={preview}
      canConfirm={current && dryRun.isSuccess && !dryRun.isFetching}
      problem={problem}
      onConfirm={confirm}
      onClose={onClose}
    >
      <p>{t('fees.feeBalance', { amount: money(fee.balanceCents) })}</p>
      <p>{t('fees.transferDestination')}</p>
      <div className="field">
        <label htmlFor={amountId}>{t('fees.amount')}</label>
        <input id={amountId} inputMode="decimal" autoComplete="off" value={amount} onChange={(event) => setAmount(event.target.value)} autoFocus />
      </div>
      <div className="field">
        <label htmlFor={noteId}>{t('fees.note')}</label>
        <textarea id={noteId} rows={2} maxLength={1000} value={note} onChange={(event) => setNote(event.target.value)} />
      </div>
    </FeeDialog>
  );
}
