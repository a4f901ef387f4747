import { tCode } from '../i18n/translate.ts';

// Status colours are kept for status: green for on the shelf, amber for on its way, red for gone.
const toneOfStatus: Record<string, 'ok' | 'busy' | 'problem'> = {
  available: 'ok',
  'checked-out': 'busy',
  'in-transit': 'busy',
  'awaiting-pickup': 'busy',
  paged: 'busy',
  'on-order': 'busy',
  'in-process': 'busy',
  'in-repair': 'busy',
};

/** An item status as words, with a shape as well as a colour. */
export function ItemStatus({ status }: { status: string }) {
  const tone = toneOfStatus[status] ?? 'problem';
  return (
    <span className={`status status--${tone}`}>
      <span className="status__dot" aria-hidden="true" />
      {tCode('status', status)}
    </span>
  );
}
