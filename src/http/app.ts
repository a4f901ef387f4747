import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { DomainError } from '../platform/errors.ts';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { CarrelConfig } from '../config.ts';
import type { CarrelDatabase } from '../db/database.ts';
import { pendingMigrations } from '../db/migrate.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { catalogRoutes } from '../modules/catalog/catalog.routes.ts';
import { circulationRoutes } from '../modules/circulation/circulation.routes.ts';
import { feesRoutes } from '../modules/fees/fees.routes.ts';
import { createNoticeTrigger, subscribeNoticesToEvents, type NoticeTrigger } from '../modules/notices/index.ts';
import { noticesRoutes } from '../modules/notices/notices.routes.ts';
import { receiptEmailRoutes } from '../modules/notices/receipt-email.routes.ts';
import { orgRoutes } from '../modules/org/org.routes.ts';
import { patronsRoutes } from '../modules/patrons/patrons.routes.ts';
import { portalRoutes } from '../modules/portal/portal.routes.ts';
import { requestsRoutes } from '../modules/requests/requests.routes.ts';
import { staffRoutes } from '../modules/staff/staff.routes.ts';
import { createNodeContext } from '../node-context.ts';
import type { Clock } from '../platform/clock.ts';
import { createDomainEventBus, type DomainEventBus } from '../platform/domain-events.ts';
import { installAccessControl, type RouteAccessEntry } from './access.ts';
import { installErrorReplies } from './error-replies.ts';
import { installStrictBodies } from './request-bodies.ts';
import type { CarrelApp, ModuleRoutes, RouteDeps } from './route-types.ts';

export interface AppContext {
  database: CarrelDatabase;
  config: CarrelConfig;
  clock: Clock;
  /** Pino options, or false for silence (tests). */
  logger?: boolean | object;
  /** The process's logger (carrel serve), shared with SIP2 and the jobs; wins over `logger`. */
  loggerInstance?: FastifyBaseLogger;
  /** Folder of the built staff client; defaults to web/dist. */
  webRoot?: string;
  /** The node's notice trigger, shared with SIP2 (carrel serve); else the app makes its own. */
  noticeTrigger?: NoticeTrigger;
  /** The node's domain event bus, shared with SIP2 and the jobs (carrel serve); else the app makes its own. */
  events?: DomainEventBus;
}

export interface BuiltApp {
  app: FastifyInstance;
  routeAccessList: RouteAccessEntry[];
  /** Starts the notice delivery pass after each change; tests await noticeTrigger.idle() for a desk action's email. */
  noticeTrigger: NoticeTrigger;
  /** The app's domain event bus: what its use cases announce after they commit. */
  events: DomainEventBus;
}

const moduleRoutes: ModuleRoutes[] = [staffRoutes, auditRoutes, orgRoutes, catalogRoutes, patronsRoutes, circulationRoutes, feesRoutes, requestsRoutes, noticesRoutes, receiptEmailRoutes, portalRoutes];

export const defaultWebRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export async function buildApp(context: AppContext): Promise<BuiltApp> {
  const { database, config, clock } = context;
  const app = Fastify({
    ...(context.loggerInstance ? { loggerInstance: context.loggerInstance } : { logger: context.logger ?? { level: config.logLevel } }),
    genReqId: () => randomUUID(),
    // Off unless the site says which proxies to believe: a forged X-Forwarded-For must not dodge rate limits.
    trustProxy: config.trustProxy,
    // Desk requests are small; file uploads (patron CSV) raise the limit on their own route.
    bodyLimit: 1024 * 1024,
    // As long as any URL can be (Node refuses request heads over 16 KiB), so that every path reaches its route,
    // the access check and the route's own parameter rules instead of a router refusal that skips both.
    routerOptions: { maxParamLength: 16 * 1024 },
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      void reply.status(tooLong ? 404 : 400).send({ error: { code: tooLong ? 'NOT_FOUND' : 'MALFORMED_URL', message: tooLong ? 'There is no such record.' : 'This address is not valid.' } });
    },
  }).withTypeProvider<ZodTypeProvider>() as CarrelApp;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorReplies(app);
  installStrictBodies(app);
  // API replies carry patrons' names, loans and fees: no browser or proxy cache may keep them.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/v1')) reply.header('cache-control', 'no-store');
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: false,
  });
  await app.register(cookie);
  // Limits only the routes that opt in (sign-in, PIN checks): a guessing script from one address, across many names.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new DomainError('TOO_MANY_ATTEMPTS', `Too many attempts from this address. Wait ${Math.ceil(context.ttl / 1000)} seconds and try again.`, {
        retryAfterSeconds: Math.ceil(context.ttl / 1000),
      }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Carrel API', version: '1', description: 'Access services for libraries: circulation, patrons, catalog, and more.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'carrel_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    // Reply shapes named with `.meta({ id })` become components/schemas: the web client's types are generated from them.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  const routeAccessList = installAccessControl(app, database.db, clock, { maxHours: config.staffSessionMaxHours });
  const noticeTrigger =
    context.noticeTrigger ??
    createNoticeTrigger({ db: database.db, clock, config: { smtpUrl: config.smtpUrl }, onError: (error) => app.log.error({ err: error }, 'notice delivery pass failed') });
  const events = context.events ?? createDomainEventBus((error, event) => app.log.error({ err: error, event: event.type }, 'a domain event subscriber failed'));
  const deps: RouteDeps = { ...createNodeContext(database.db, clock, events), dialect: database.dialect, config, noticeTrigger };
  // Whoever made the trigger and the bus subscribes one to the other: carrel serve when it shares both.
  if (!context.noticeTrigger || !context.events) {
    const unsubscribe = subscribeNoticesToEvents(events, noticeTrigger);
    app.addHook('onClose', async () => unsubscribe());
  }
  // A pass in flight finishes before the app reports closed (and the database is closed after it).
  app.addHook('onClose', async () => noticeTrigger.idle());

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(database.db);
      const pending = await pendingMigrations(database.db);
      const healthy = pending.length === 0;
      return reply.status(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'migrations-pending', database: database.dialect, pendingMigrations: pending });
    } catch (error) {
      app.log.error({ err: error }, 'health check failed');
      return reply.status(503).send({ status: 'database-unreachable', database: database.dialect });
    }
  });

  await app.register(
    async (api) => {
      for (const register of moduleRoutes) await register(api as CarrelApp, deps);
    },
    { prefix: '/api/v1' },
  );

  await serveStaffClient(app, context.webRoot ?? defaultWebRoot);
  await app.ready();
  return { app, routeAccessList, noticeTrigger, events };
}

/** The staff client: built files, and index.html for any other GET so client-side routes work. */
async function serveStaffClient(app: CarrelApp, webRoot: string): Promise<void> {
  const indexFile = path.join(webRoot, 'index.html');
  if (fs.existsSync(indexFile)) await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false });
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api/') && request.url !== '/healthz';
    if (wantsPage && fs.existsSync(indexFile)) {
      return reply.type('text/html').send(fs.readFileSync(indexFile));
    }
    if (wantsPage) return reply.status(503).type('text/plain').send('The staff client is not built yet: run `npm run build:web`.');
    return reply.status(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: `There is no ${request.method} ${request.url.split('?')[0]}.` } });
  });
}
