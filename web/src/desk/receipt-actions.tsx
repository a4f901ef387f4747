import { useState } from 'react';
import type { CheckedOutLoan } from '../api/desk-queries.ts';
import type { Patron } from '../api/queries.ts';
import { useEmailCheckOutReceipt } from '../api/desk-queries.ts';
import { ErrorIcon, messageOfFailure } from '../common/query-status.tsx';
import { t } from '../i18n/translate.ts';

interface ReceiptActionsProps {
  patron: Patron | null;
  loans: CheckedOutLoan[];
  servicePointId: string | undefined;
  /** Called after printing or emailing, so the desk can put focus back in "Item barcode". */
  onDone(): void;
}

/** Print receipt / Email receipt for this visit's loans; the server's answer shows beside them. */
export function ReceiptActions({ patron, loans, servicePointId, onDone }: ReceiptActionsProps) {
  const emailCheckOutReceipt = useEmailCheckOutReceipt();
  const [emailing, setEmailing] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [forPatron, setForPatron] = useState<string | null>(null);
  // A message about the previous patron's receipt is not this patron's.
  if ((patron?.id ?? null) !== forPatron) {
    setForPatron(patron?.id ?? null);
    setOutcome(null);
  }
  const nothingToSay = loans.length === 0 || !patron;

  function print() {
    window.print();
    onDone();
  }

  async function email() {
    if (!patron) return;
    setEmailing(true);
    setOutcome(null);
    try {
      const sent = await emailCheckOutReceipt({ patronId: patron.id, loanIds: loans.map((loan) => loan.id), ...(servicePointId ? { servicePointId } : {}) });
      setOutcome({ ok: true, text: t('checkOut.emailSent', { address: sent.sentTo }) });
    } catch (error) {
      setOutcome({ ok: false, text: messageOfFailure(error) });
    } finally {
      setEmailing(false);
      onDone();
    }
  }

  return (
    <>
      <button type="button" className="button" onClick={print} disabled={nothingToSay}>
        {t('checkOut.printReceipt')}
      </button>
      <button type="button" className="button" onClick={() => void email()} disabled={nothingToSay || emailing} aria-describedby="receipt-outcome">
        {emailing ? t('checkOut.emailing') : t('checkOut.emailReceipt')}
      </button>
      <span id="receipt-outcome" className={outcome && !outcome.ok ? 'desk__outcome text-problem' : 'desk__outcome'} role="status">
        {outcome && !outcome.ok && <ErrorIcon />}
        {outcome?.text}
      </span>
    </>
  );
}
