import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { Clock } from '../../src/platform/clock.ts';
import { createDomainEventBus, type DomainEvent, type DomainEventBus } from '../../src/platform/domain-events.ts';
import type { ServiceContext } from '../../src/platform/service-context.ts';

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

/** The service context a test calls use cases with: its database, its clock and a recording bus. */
export function testServiceContext(db: Kysely<Database>, clock: Clock): ServiceContext & { events: ReturnType<typeof testEventBus> } {
  return { db, clock, events: testEventBus() };
}
