import { useId, useState } from 'react';
import type { Fee, PaymentMethod } from '../api/fee-queries.ts';
import { payPatronFees, usePayPatronFees } from '../api/fee-queries.ts';
import { formatDate, formatMoney, t, tCode } from '../i18n/translate.ts';
import { FeeDialog, useDryRun, useSettled } from './fee-dialog.tsx';
import { moneyEntryOf, parseMoneyEntry } from './money-entry.ts';

const methods: PaymentMethod[] = ['cash', 'card', 'check', 'online', 'credit'];

interface PayDialogProps {
  patronId: string;
  /** The fees to pay, oldest first: the ones picked, or every open fee. */
  fees: Fee[];
  owedCents: number;
  creditCents: number;
  currency: string;
  minorDigits: number;
  onPaid(announcement: string, receiptId: string | null): void;
  onClose(): void;
}

/** Take a payment across the fees picked; the server's dry run shows each fee's share first. */
export function PayDialog({ patronId, fees, owedCents, creditCents, currency, minorDigits, onPaid, onClose }: PayDialogProps) {
  const pay = usePayPatronFees(patronId);
  const dueCents = fees.reduce((sum, fee) => sum + fee.balanceCents, 0);
  const [amount, setAmount] = useState(moneyEntryOf(dueCents, minorDigits));
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const amountId = useId();
  const methodId = useId();
  const feeIds = fees.map((fee) => fee.id);
  const amountCents = parseMoneyEntry(amount, minorDigits);
  const settled = useSettled({ amountCents, method });
  const current = settled.amountCents === amountCents && settled.method === method;
  const dryRun = useDryRun(
    ['pay', patronId, feeIds, settled.amountCents, settled.method],
    () => payPatronFees(patronId, { amountCents: settled.amountCents ?? 0, method: settled.method, feeIds, dryRun: true }),
    settled.amountCents !== undefined,
  );
  const money = (cents: number) => formatMoney(cents, currency);
  const problem = amount.trim() && amountCents === undefined ? t('fees.amountInvalid') : current && dryRun.isError ? dryRun.error.message : '';

  const preview =
    current && dryRun.data ? (
      <>
        <ul className="fee-preview__shares" aria-label={t('fees.shares')}>
          {dryRun.data.shares.map((share) => (
            <li key={share.feeId}>
              {t('fees.share', { type: share.feeTypeName, amount: money(share.amountCents), after: money(share.balanceAfterCents) })}
            </li>
          ))}
        </ul>
        {dryRun.data.creditCents > 0 && <p>{t('fees.creditAfter', { amount: money(dryRun.data.creditCents) })}</p>}
        <p className="fee-preview__after">
          {t('fees.balanceAfter', { amount: money(owedCents - dryRun.data.shares.reduce((sum, share) => sum + share.amountCents, 0)) })}
        </p>
      </>
    ) : null;

  async function confirm() {
    if (amountCents === undefined) return;
    const paid = await pay(patronId, { amountCents, method, feeIds });
    const after = owedCents - paid.shares.reduce((sum, share) => sum + share.amountCents, 0);
    onPaid(t('fees.announcePaid', { amount: money(paid.amountCents), after: money(after) }), paid.batchId);
  }

  return (
    <FeeDialog
      heading={fees.length === 1 ? t('fees.payOneHeading', { fee: fees[0] ? t('fees.feeLabel', { type: fees[0].feeType.name, date: formatDate(fees[0].createdAt) }) : '' }) : t('fees.payHeading', { count: fees.length })}
      confirmLabel={t('fees.confirmPayment')}
      preview={preview}
      canConfirm={current && dryRun.isSuccess && !dryRun.isFetching}
      problem={problem}
      onConfirm={confirm}
      onClose={onClose}
    >
      <p>{t('fees.dueOnThese', { amount: money(dueCents) })}</p>
      <div className="field">
        <label htmlFor={amountId}>{t('fees.amount')}</label>
        <input id={amountId} inputMode="decimal" autoComplete="off" value={amount} onChange={(event) => setAmount(event.target.value)} autoFocus />
      </div>
      <div className="field">
        <label htmlFor={methodId}>{t('fees.method')}</label>
        <select id={methodId} value={method} onChange={(event) => setMethod(event.target.value as PaymentMethod)}>
          {methods
            .filter((code) => code !== 'credit' || creditCents > 0)
            .map((code) => (
              <option key={code} value={code}>
                {tCode('paymentMethod', code)}
              </option>
            ))}
        </select>
      </div>
    </FeeDialog>
  );
}
