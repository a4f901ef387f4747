import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Clock } from './clock.ts';
import { createDomainEventBus, type DomainEvent, type DomainEventBus, type RaiseEvent } from './domain-events.ts';

/**
 * What a use case needs of the node it runs on: the database, the clock and the event bus. Built once
 * at start-up (the HTTP app's route deps, the SIP2 server, the scheduler and the CLI each carry one)
 * and passed in, so that no module keeps state of its own and tests choose the clock.
 */
export interface ServiceContext {
  db: Kysely<Database>;
  clock: Clock;
  events: DomainEventBus;
}

/**
 * One transaction of a use case. Events raised inside it are published only after it committed; a
 * failure (or a DomainError that rolls back) publishes nothing.
 */
export async function inTransaction<T>(context: ServiceContext, work: (trx: Kysely<Database>, raise: RaiseEvent) => Promise<T>): Promise<T> {
  const raised: DomainEvent[] = [];
  const result = await context.db.transaction().execute((trx) => work(trx, (event) => raised.push(event)));
  context.events.publish(raised);
  return result;
}

/** A context for a one-off command or a test, with a bus of its own. */
export function standaloneServiceContext(db: Kysely<Database>, clock: Clock, onError: (error: unknown, event: DomainEvent) => void): ServiceContext {
  return { db, clock, events: createDomainEventBus(onError) };
}
