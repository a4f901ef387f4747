import type { ItemStatus as ItemStatusCode } from '../api/api-shapes.ts';
import { t } from '../i18n/translate.ts';

// Status colours are kept for status: green for on the shelf, amber for on its way, red for gone.
// Every status is listed, so a new one is a compile error here until it gets its colour.
const toneOfStatus: Record<ItemStatusCode, 'ok' | 'busy' | 'problem'> = {
  available: 'ok',
  'checked-out': 'busy',
  'in-transit': 'busy',
  'awaiting-pickup': 'busy',
  paged: 'busy',
  'on-order': 'busy',
  'in-process': 'busy',
  'in-repair': 'busy',
  missing: 'problem',
  'declared-lost': 'problem',
  'aged-to-lost': 'problem',
  'claimed-returned': 'problem',
  'lost-and-paid': 'problem',
  withdrawn: 'problem',
  damaged: 'problem',
  unavailable: 'problem',
};

/** An item status as words (`status.<code>` in en.ts, checked for every status), with a shape as well as a colour. */
export function ItemStatus({ status }: { status: ItemStatusCode }) {
  return (
    <span className={`status status--${toneOfStatus[status]}`}>
      <span className="status__dot" aria-hidden="true" />
      {t(`status.${status}`)}
    </span>
  );
}
