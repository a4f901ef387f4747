import { useState } from 'react';
import { useEmailFeeReceipt } from '../api/fee-queries.ts';
import { t } from '../i18n/translate.ts';

/** After a payment or waiver: print the receipt (80 mm HTML) or email it to the patron. */
export function ReceiptActions({ patronId, receiptId }: { patronId: string; receiptId: string }) {
  const emailReceipt = useEmailFeeReceipt(patronId);
  const [emailed, setEmailed] = useState('');
  async function email() {
    try {
      const sent = await emailReceipt(receiptId);
      setEmailed(t('fees.receiptEmailed', { address: sent.sentTo }));
    } catch (error) {
      setEmailed(error instanceof Error ? error.message : t('error.generic'));
    }
  }
  return (
    <span className="fees__receipt">
      <a className="button" href={`/api/v1/fee-receipts/${encodeURIComponent(receiptId)}.html`} target="_blank" rel="noreferrer">
        {t('fees.printReceipt')}
      </a>
      <button type="button" className="button" onClick={() => void email()}>
        {t('fees.emailReceipt')}
      </button>
      {emailed && <span role="status">{emailed}</span>}
    </span>
  );
}
