import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { CarrelConfig } from '../config.ts';
import type { DialectName } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { NoticeTrigger } from '../modules/notices/index.ts';
import type { Clock } from '../platform/clock.ts';

/** Fastify with zod schemas for every input. */
export type CarrelApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** What a module's routes may use: the database, its dialect, the clock, the configuration and the notice trigger. */
export interface RouteDeps {
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  config: CarrelConfig;
  /** Starts the short notice delivery pass after a change (shared with SIP2 when the node runs both). */
  noticeTrigger: NoticeTrigger;
}

export type ModuleRoutes = (app: CarrelApp, deps: RouteDeps) => Promise<void> | void;
