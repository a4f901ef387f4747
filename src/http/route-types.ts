import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { CarrelConfig } from '../config.ts';
import type { DialectName } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { NoticeTrigger } from '../modules/notices/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { DomainEventBus } from '../platform/domain-events.ts';
import type { NodeContext } from '../node-context.ts';

/** Fastify with zod schemas for every input. */
export type CarrelApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/**
 * What a module's routes may use: the node's context (database, clock, event bus, request queue:
 * src/node-context.ts), the dialect, the configuration and the notice trigger.
 */
export interface RouteDeps extends NodeContext {
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  events: DomainEventBus;
  config: CarrelConfig;
  /** Starts the short notice delivery pass after a change (shared with SIP2 when the node runs both). */
  noticeTrigger: NoticeTrigger;
}

export type ModuleRoutes = (app: CarrelApp, deps: RouteDeps) => Promise<void> | void;
