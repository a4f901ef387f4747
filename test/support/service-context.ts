import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { Clock } from '../../src/platform/clock.ts';
import { createDomainEventBus, type DomainEvent, type DomainEventBus } from '../../src/platform/domain-events.ts';
import { createNodeContext, type NodeContext } from '../../src/node-context.ts';

/**
 * A bus for a test: a subscriber that fails is rethrown on the next turn, so Vitest reports it as an
 * unhandled error instead of it passing unseen. `published` keeps every event, in order.
 */
export function testEventBus(): DomainEventBus & { published: DomainEvent[] } {
  const published: DomainEvent[] = [];
  const bus = createDomainEventBus((error) =>
    setImmediate(() => {
      throw error;
    }),
  );
  return {
    published,
    subscribe: bus.subscribe,
    publish(events) {
      published.push(...events);
      bus.publish(events);
    },
  };
}

/**
 * The context a test calls use cases with, as a node builds it (src/node-context.ts): its database,
 * its clock, a recording bus and the request queue circulation asks.
 */
export function testServiceContext(db: Kysely<Database>, clock: Clock): NodeContext & { events: ReturnType<typeof testEventBus> } {
  const events = testEventBus();
  return { ...createNodeContext(db, clock, events), events };
}
