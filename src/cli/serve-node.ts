import { createDomainEventBus } from '../platform/domain-events.ts';
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { ConfigError, parseServeRoles, serveRoles, type CarrelConfig, type ServeRole } from '../config.ts';
import type { CarrelDatabase } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { startScheduler, type RunningScheduler } from '../jobs/scheduler.ts';
import { createNoticeTrigger, subscribeNoticesToEvents } from '../modules/notices/index.ts';
import { startSipServer, type SipServer } from '../modules/sip/index.ts';
import { systemClock } from '../platform/clock.ts';
import { createLogger } from '../platform/logger.ts';
import { createNodeContext } from '../node-context.ts';

/**
 * One `carrel serve` process: the roles it was given (web, sip, jobs) over one database. Nodes keep
 * no state of their own beyond caches, so any number of them can share a PostgreSQL database.
 */
export interface ServeNode {
  roles: ServeRole[];
  /** The ports actually listened on (useful when PORT or SIP_PORT is 0). */
  httpPort: number | undefined;
  sipPort: number | undefined;
  /** Stop accepting, let work in flight finish for up to graceMs, then close everything but the database. */
  stop(graceMs: number): Promise<void>;
}

/** The roles this node runs: --roles, else CARREL_ROLES, else all three; CARREL_SCHEDULER=off removes jobs. */
export function rolesOfNode(config: Pick<CarrelConfig, 'roles' | 'scheduler'>, rolesOption: string | undefined): ServeRole[] {
  const roles = rolesOption === undefined ? config.roles : parseServeRoles(rolesOption);
  if (!roles) {
    throw new ConfigError(`Carrel cannot start: --roles ${JSON.stringify(rolesOption)}: must be a comma-separated list of ${serveRoles.join(', ')} (for example --roles web,sip).`);
  }
  return config.scheduler ? roles : roles.filter((role) => role !== 'jobs');
}

export async function startServeNode(database: CarrelDatabase, config: CarrelConfig, roles: ServeRole[]): Promise<ServeNode> {
  const log = createLogger({ level: config.logLevel, format: config.logFormat, toTerminal: process.stdout.isTTY === true });
  let app: FastifyInstance | undefined;
  let sip: SipServer | undefined;
  let scheduler: RunningScheduler | undefined;
  // One per node: desk and kiosk changes share the one-pass-at-a-time per institution; app and SIP close wait for it.
  const noticesLog = log.child({ module: 'notices' });
  const noticeTrigger = createNoticeTrigger({
    db: database.db,
    clock: systemClock,
    config: { smtpUrl: config.smtpUrl },
    onError: (error) => noticesLog.error({ err: error }, 'notice delivery pass failed'),
  });
  const events = createDomainEventBus((error, event) => log.error({ err: error, event: event.type }, 'a domain event subscriber failed'));
  // Subscribed here once: buildApp and startSipServer are handed both, so neither subscribes again.
  subscribeNoticesToEvents(events, noticeTrigger);
  // The context every channel of this node hands its use cases (src/node-context.ts).
  const context = createNodeContext(database.db, systemClock, events);
  const node: ServeNode = {
    roles,
    httpPort: undefined,
    sipPort: undefined,
    async stop(graceMs) {
      // Fastify's close stops accepting and lets requests in flight finish; a keep-alive connection is
      // ended as soon as its last answer is sent, and anything still busy after the grace period is cut.
      const closeIdle = setInterval(() => app?.server.closeIdleConnections(), 100);
      const forceHttp = setTimeout(() => app?.server.closeAllConnections(), graceMs);
      try {
        await Promise.all([app?.close(), sip?.close({ graceMs }), scheduler?.stop({ graceMs })]);
      } finally {
        clearInterval(closeIdle);
        clearTimeout(forceHttp);
      }
    },
  };
  try {
    if (roles.includes('web')) {
      ({ app } = await buildApp({ database, config, clock: systemClock, loggerInstance: log, noticeTrigger, events }));
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      node.httpPort = typeof address === 'object' && address ? address.port : config.port;
    }
    if (roles.includes('sip')) {
      sip = await startSipServer({
        db: database.db,
        clock: systemClock,
        config,
        logger: log.child({ module: 'sip' }),
        port: config.sipPort,
        host: config.host,
        noticeTrigger,
        events,
        requestQueue: context.requestQueue,
        loanNotices: context.loanNotices,
        tls: config.sipTlsCert && config.sipTlsKey ? { cert: fs.readFileSync(config.sipTlsCert), key: fs.readFileSync(config.sipTlsKey) } : undefined,
      });
      node.sipPort = sip.port;
    }
    // Started once the listeners are up, so a node that cannot serve never runs jobs.
    if (roles.includes('jobs')) scheduler = startScheduler({ context, config, logger: log.child({ module: 'jobs' }) });
  } catch (error) {
    await node.stop(0);
    throw error;
  }
  return node;
}

/**
 * SIGTERM or SIGINT: stop gracefully within the grace period, close the database and exit 0.
 * A second signal, or a shutdown stuck well past its grace period, exits at once with 1.
 */
export function stopNodeOnSignals(node: ServeNode, database: CarrelDatabase, graceMs: number): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.log(`${signal} again: stopping now.`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: finishing the work in flight (up to ${graceMs / 1000} s), then stopping.`);
    setTimeout(() => {
      console.error('Shutdown is taking too long: stopping now.');
      process.exit(1);
    }, graceMs + 5000).unref();
    node
      .stop(graceMs)
      .then(() => database.close())
      .then(
        () => {
          console.log('Carrel stopped.');
          process.exit(0);
        },
        (error: unknown) => {
          console.error('Carrel did not stop cleanly:', error);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
