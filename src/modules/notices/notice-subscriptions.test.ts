import { describe, expect, it } from 'vitest';
import { createDomainEventBus, type DomainEvent } from '../../platform/domain-events.ts';
import { subscribeNoticesToEvents } from './notice-subscriptions.ts';

/** A notice trigger that only notes which institutions asked for a delivery pass. */
function notingTrigger() {
  const asked: string[] = [];
  return { asked, afterChange: (institutionId: string) => void asked.push(institutionId), idle: async () => undefined };
}

const events: Record<string, DomainEvent> = {
  'a hold reached the shelf': { type: 'hold.awaiting-pickup', institutionId: 'riverside', requestId: 'r1', itemId: 'i1', patronId: 'p1', pickupServicePointId: 'desk' },
  'a request was cancelled': { type: 'request.closed', institutionId: 'riverside', requestId: 'r2', patronId: 'p1', status: 'closed-cancelled' },
  'a fine was paid': { type: 'fee.paid', institutionId: 'riverside', paymentId: 'pay1', patronId: 'p1', amountCents: 75 },
  'a fine was waived': { type: 'fee.waived', institutionId: 'riverside', feeActionId: 'a1', patronId: 'p1', amountCents: 75 },
  'a payment was refunded': { type: 'fee.refunded', institutionId: 'riverside', feeActionId: 'a2', patronId: 'p1', amountCents: 75 },
  'an item was checked in (retries due go out too)': { type: 'item.checked-in', institutionId: 'riverside', itemId: 'i1', loanId: null, servicePointId: 'desk', routedTo: 'shelf' },
};

describe('which events start the notice delivery pass', () => {
  it.each(Object.entries(events))('%s: a pass for that institution', (_story, event) => {
    const bus = createDomainEventBus(() => undefined);
    const trigger = notingTrigger();
    subscribeNoticesToEvents(bus, trigger);
    bus.publish([event]);
    expect(trigger.asked).toEqual(['riverside']);
  });

  it('a loan made or a request placed causes no notice at once: no pass', () => {
    const bus = createDomainEventBus(() => undefined);
    const trigger = notingTrigger();
    subscribeNoticesToEvents(bus, trigger);
    bus.publish([
      { type: 'loan.created', institutionId: 'riverside', loanId: 'l1', itemId: 'i1', patronId: 'p1', servicePointId: 'desk', dueAt: '2026-12-24T04:59:59Z' },
      { type: 'request.placed', institutionId: 'riverside', requestId: 'r3', patronId: 'p1', requestType: 'hold' },
    ]);
    expect(trigger.asked).toEqual([]);
  });

  it('stops asking once unsubscribed (an app closed on a shared bus)', () => {
    const bus = createDomainEventBus(() => undefined);
    const trigger = notingTrigger();
    const unsubscribe = subscribeNoticesToEvents(bus, trigger);
    unsubscribe();
    bus.publish([events['a fine was paid']!]);
    expect(trigger.asked).toEqual([]);
  });
});
