/**
 * Domain events: what a use case tells the rest of the node once its transaction has committed (a
 * loan was made, an item reached the hold shelf, a fee was paid). Notices, requests and later
 * modules subscribe instead of being called, so that the module that acts need not know who listens,
 * and every channel (HTTP, SIP2, NCIP, jobs) announces the same way, because the use case does.
 *
 * The vocabulary belongs to the modules: each declares its events in its own `*.events.ts` by adding
 * to `DomainEventMap` (TypeScript declaration merging), so a subscriber to an unknown type, or a
 * publisher with a wrong payload, does not compile.
 *
 * Events are a node-local notification, not the record: whatever must survive a crash is written in
 * the transaction itself (the circulation event outbox, the request row), and a subscriber that
 * misses an event (the node stopped) is caught up by the daily jobs.
 */
// Declaration merging: modules add their events (`declare module '…/platform/domain-events.ts'`).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEventMap {}

export type DomainEventType = keyof DomainEventMap;

/** One event: its type, the institution it happened in, and the payload its module declared. */
export type DomainEvent<K extends DomainEventType = DomainEventType> = K extends DomainEventType ? { type: K; institutionId: string } & DomainEventMap[K] : never;

export type DomainEventHandler<K extends DomainEventType> = (event: DomainEvent<K>) => void | Promise<void>;

export interface DomainEventBus {
  /** Calls the handler for every event of this type published from now on; returns the unsubscribe. */
  subscribe<K extends DomainEventType>(type: K, handler: DomainEventHandler<K>): () => void;
  /** Hands committed events to their subscribers, in order. Never throws: a failing handler is reported to onError. */
  publish(events: readonly DomainEvent[]): void;
}

export function createDomainEventBus(onError: (error: unknown, event: DomainEvent) => void): DomainEventBus {
  const handlers = new Map<DomainEventType, Set<DomainEventHandler<never>>>();
  const report = (error: unknown, event: DomainEvent) => {
    try {
      onError(error, event);
    } catch {
      // The error reporter itself failed; the use case has committed and its caller must still get its answer.
    }
  };
  return {
    subscribe(type, handler) {
      const forType = handlers.get(type) ?? new Set();
      handlers.set(type, forType);
      const entry = handler as DomainEventHandler<never>;
      forType.add(entry);
      return () => forType.delete(entry);
    },
    publish(events) {
      for (const event of events) {
        for (const handler of handlers.get(event.type) ?? []) {
          try {
            const done = (handler as unknown as (event: DomainEvent) => void | Promise<void>)(event);
            if (done instanceof Promise) done.catch((error: unknown) => report(error, event));
          } catch (error) {
            report(error, event);
          }
        }
      }
    },
  };
}

/** The events a use case raised inside its transaction; published by `inTransaction` after the commit. */
export type RaiseEvent = (event: DomainEvent) => void;
