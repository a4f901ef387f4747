import { describe, expect, it } from 'vitest';
import { createDomainEventBus, type DomainEvent } from './domain-events.ts';
import '../modules/fees/fees.events.ts';

const paid = (amountCents: number): DomainEvent<'fee.paid'> => ({ type: 'fee.paid', institutionId: 'riverside', paymentId: `payment-${amountCents}`, patronId: 'patron-1', amountCents });

describe('the domain event bus', () => {
  it('hands each event to the subscribers of its type, in the order published', () => {
    const bus = createDomainEventBus(() => undefined);
    const receipts: number[] = [];
    bus.subscribe('fee.paid', (event) => {
      receipts.push(event.amountCents);
    });
    bus.subscribe('loan.created', () => {
      receipts.push(-1);
    });
    bus.publish([paid(500), paid(75)]);
    expect(receipts).toEqual([500, 75]);
  });

  it('keeps a failing subscriber from stopping the others or the publisher, and reports it', async () => {
    const reported: string[] = [];
    const bus = createDomainEventBus((error, event) => reported.push(`${event.type}: ${(error as Error).message}`));
    const receipts: number[] = [];
    bus.subscribe('fee.paid', () => {
      throw new Error('mail server down');
    });
    bus.subscribe('fee.paid', async () => {
      throw new Error('statistics store down');
    });
    bus.subscribe('fee.paid', (event) => {
      receipts.push(event.amountCents);
    });
    bus.publish([paid(1250)]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(receipts).toEqual([1250]);
    expect(reported).toEqual(['fee.paid: mail server down', 'fee.paid: statistics store down']);
  });

  it('stops calling a subscriber once it unsubscribed', () => {
    const bus = createDomainEventBus(() => undefined);
    const receipts: number[] = [];
    const unsubscribe = bus.subscribe('fee.paid', (event) => {
      receipts.push(event.amountCents);
    });
    bus.publish([paid(100)]);
    unsubscribe();
    bus.publish([paid(200)]);
    expect(receipts).toEqual([100]);
  });
});
