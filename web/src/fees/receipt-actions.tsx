import { useState } from 'react';
import { carrelApi, replyOf } from '../api/api-client.ts';
import { t } from '../i18n/translate.ts';

/** After a payment or waiver: print the receipt (80 mm HTML) or email it to the patron. */
export function ReceiptActions({ receiptId }: { receiptId: string }) {
  const [emailed, setEmailed] = useState('');
  async function email() {
    try {
      const sent = await replyOf<{ sentTo: string }>(carrelApi.POST('/fee-receipts/{receiptId}/email', { params: { path: { receiptId } }, body: {} }));
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
