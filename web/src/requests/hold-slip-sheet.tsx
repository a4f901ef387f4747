import type { HoldSlip } from '../api/request-queries.ts';
import { formatDateTime } from '../desk/desk-formats.ts';
import { t } from '../i18n/translate.ts';

/** The slip put in a held item: who it waits for (in the library's privacy format) and until when. Printed only. */
export function HoldSlipSheet({ slip, timeZone }: { slip: HoldSlip; timeZone: string | undefined }) {
  return (
    <div className="print-sheet" aria-hidden="true">
      <p className="print-sheet__label">{t('requests.slip.heading')}</p>
      <p className="print-sheet__destination">{slip.patron}</p>
      <p>{t('requests.slip.pickup', { desk: slip.pickupServicePoint })}</p>
      <p>{t('requests.slip.until', { date: formatDateTime(slip.holdShelfExpiresAt, timeZone) })}</p>
      <hr />
      <p>
        <strong>{slip.title}</strong>
      </p>
      <p className="barcode print-sheet__barcode">{slip.itemBarcode}</p>
    </div>
  );
}
