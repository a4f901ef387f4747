import type { DomainEventBus, DomainEventType } from '../../platform/domain-events.ts';
import type { NoticeTrigger } from './notice-delivery.trigger.ts';

/**
 * What starts the short delivery pass: the events after which a notice may be due at once (an item
 * on the hold shelf, a request closed, a payment, waiver or refund that needs a receipt), whichever
 * channel's use case raised them (desk, portal, kiosk, a job). A check-in also lets failed notices
 * whose retry is due go out, as every desk change did before events.
 */
export const noticeCausingEvents = ['hold.awaiting-pickup', 'request.closed', 'fee.paid', 'fee.waived', 'fee.refunded', 'item.checked-in'] as const satisfies readonly DomainEventType[];

/**
 * Subscribe the node's notice trigger to its event bus, once per node (where both are made); returns
 * the unsubscribe. The trigger itself never throws and runs one pass at a time per institution.
 */
export function subscribeNoticesToEvents(events: DomainEventBus, noticeTrigger: NoticeTrigger): () => void {
  const unsubscribes = noticeCausingEvents.map((type) => events.subscribe(type, (event) => noticeTrigger.afterChange(event.institutionId)));
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
