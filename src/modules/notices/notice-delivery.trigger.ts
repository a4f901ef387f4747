import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { immediateKinds } from './notice-events.service.ts';
import { runNotices, type NoticesConfig, type NoticesRun } from './notices.service.ts';

/**
 * The short delivery pass after a desk action: hold-available, cancellation and receipt notices
 * (and due retries) go out a moment after the action committed, not the next morning. Best effort:
 * it runs after the reply, one at a time per institution (a request arriving meanwhile asks for
 * one more pass), and a failure is only logged; the daily notices job catches anything missed.
 */
const running = new Map<string, Promise<NoticesRun | null>>();
const again = new Set<string>();

export function deliverNoticesSoon(db: Kysely<Database>, clock: Clock, institutionId: string, config: NoticesConfig, onError: (error: unknown) => void): Promise<NoticesRun | null> {
  const key = institutionId;
  const current = running.get(key);
  if (current) {
    again.add(key);
    return current;
  }
  const pass: Promise<NoticesRun | null> = runNotices(db, clock, institutionId, config, immediateKinds)
    .catch((error: unknown) => {
      onError(error);
      return null;
    })
    .finally(() => {
      running.delete(key);
      if (again.delete(key)) void deliverNoticesSoon(db, clock, institutionId, config, onError);
    });
  running.set(key, pass);
  return pass;
}

/** Resolves when no delivery pass is running (tests wait for the email of a desk action). */
export async function noticeDeliveryIdle(): Promise<void> {
  while (running.size > 0) await Promise.all(running.values());
}
