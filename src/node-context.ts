import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import type { CirculationContext } from './modules/circulation/index.ts';
import { requestQueueForCirculation } from './modules/requests/index.ts';
import type { Clock } from './platform/clock.ts';
import type { DomainEventBus } from './platform/domain-events.ts';
import { loanNoticesForCirculation } from './modules/notices/index.ts';

/**
 * What every channel of a node (HTTP routes, SIP2 sessions, the scheduler's jobs, the CLI) hands to
 * the use cases it calls: the database, the clock, the node's event bus, and the module wiring that
 * would otherwise be an import cycle (circulation asks the request queue and the notice log, which sit above it).
 * Built once at start-up (`carrel serve`, buildApp, tests); modules keep no state of their own.
 */
export type NodeContext = CirculationContext;

export function createNodeContext(db: Kysely<Database>, clock: Clock, events: DomainEventBus): NodeContext {
  return { db, clock, events, requestQueue: requestQueueForCirculation, loanNotices: loanNoticesForCirculation };
}
