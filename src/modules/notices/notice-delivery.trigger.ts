import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { immediateNoticeCandidates } from './notice-events.queries.ts';
import { immediateKinds, lookBackDays } from './notice-events.service.ts';
import { runNotices, type NoticesConfig, type NoticesRun } from './notices.service.ts';

/**
 * The short delivery pass after a desk action: hold-available, cancellation and receipt notices
 * (and due retries) go out a moment after the action committed, not the next morning. Best effort:
 * it runs after the reply, one at a time per institution (a request arriving meanwhile asks for
 * one more pass), and a failure is only logged; the daily notices job catches anything missed.
 *
 * It runs after every successful change, so it first asks one cheap question: is there any event
 * without a notice, or a retry due? (immediateNoticeCandidates). Only then does the full pass run.
 * Events no notice policy announces stay unrecorded and would make every pass run in full, so the
 * candidates a full pass left unrecorded are not worth another full pass for a few seconds: the
 * same set again within `unrecordedMemoryMilliseconds` is skipped; any new event runs the pass.
 */
const running = new Map<string, Promise<NoticesRun | null>>();
const again = new Set<string>();
const leftUnrecorded = new Map<string, { candidates: string; until: number }>();
const unrecordedMemoryMilliseconds = 10_000;
/** The kinds immediateNoticeCandidates looks for; with any other immediate kind every pass runs in full. */
const probedKinds: ReadonlySet<string> = new Set(['hold-available', 'request-cancelled', 'fee-receipt']);
const nothingDone: NoticesRun = { sent: 0, failed: 0, queued: 0, deliveries: 0 };

export function deliverNoticesSoon(db: Kysely<Database>, clock: Clock, institutionId: string, config: NoticesConfig, onError: (error: unknown) => void): Promise<NoticesRun | null> {
  const key = institutionId;
  const current = running.get(key);
  if (current) {
    again.add(key);
    return current;
  }
  const pass: Promise<NoticesRun | null> = deliveryPass(db, clock, institutionId, config)
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

async function deliveryPass(db: Kysely<Database>, clock: Clock, institutionId: string, config: NoticesConfig): Promise<NoticesRun> {
  if (!immediateKinds.every((kind) => probedKinds.has(kind))) return runNotices(db, clock, institutionId, config, immediateKinds);
  const candidatesNow = async () => {
    const now = clock.now();
    const since = new Date(now.getTime() - lookBackDays * 86_400_000).toISOString();
    return (await immediateNoticeCandidates(db, institutionId, { now: now.toISOString(), since, smtpConfigured: Boolean(config.smtpUrl) })).join('\n');
  };
  const before = await candidatesNow();
  if (before === '') return nothingDone;
  const remembered = leftUnrecorded.get(institutionId);
  if (remembered && remembered.candidates === before && Date.now() < remembered.until) return nothingDone;
  const run = await runNotices(db, clock, institutionId, config, immediateKinds);
  // Whatever was a candidate before the pass and still is, no policy announces (nor is a retry due);
  // a candidate that appeared during the pass is not in `before`, so it still runs the next pass.
  const after = new Set((await candidatesNow()).split('\n'));
  const unrecorded = before.split('\n').filter((candidate) => after.has(candidate));
  if (unrecorded.length > 0) leftUnrecorded.set(institutionId, { candidates: unrecorded.join('\n'), until: Date.now() + unrecordedMemoryMilliseconds });
  else leftUnrecorded.delete(institutionId);
  return run;
}

/** Resolves when no delivery pass is running (tests wait for the email of a desk action). */
export async function noticeDeliveryIdle(): Promise<void> {
  while (running.size > 0) await Promise.all(running.values());
}
