import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { immediateNoticeCandidates } from './notice-events.queries.ts';
import { immediateKinds, lookBackDays } from './notice-events.service.ts';
import { runNotices, type NoticesConfig, type NoticesRun } from './notices.service.ts';

/**
 * The short delivery pass after a desk change from any channel (staff or portal HTTP request, SIP2
 * kiosk): hold-available, cancellation and receipt notices (and due retries) go out a moment after
 * the change committed, not the next morning. One trigger is made at start-up and handed to the
 * HTTP app and the SIP2 server (the same one when a node runs both), so its state lives and dies
 * with the process's listeners instead of in the module.
 *
 * Best effort: a pass starts after the reply that caused it is written, runs one at a time per
 * institution (a change arriving meanwhile asks for one more pass), and a failure is only logged;
 * the daily notices job catches anything missed.
 *
 * It runs after every change, so it first asks one cheap question: is there any event without a
 * notice, or a retry due? (immediateNoticeCandidates). Only then does the full pass run. Events no
 * notice policy announces stay unrecorded and would make every pass run in full, so the candidates a
 * full pass left unrecorded are not worth another full pass for a few seconds: the same set again
 * within `unrecordedMemoryMilliseconds` is skipped; any new event runs the pass.
 */
export interface NoticeTrigger {
  /** A change committed for this institution: start a delivery pass soon (never throws, never waits). */
  afterChange(institutionId: string): void;
  /** Resolves when no pass is running or asked for (tests wait for a desk action's email; shutdown waits too). */
  idle(): Promise<void>;
}

export interface NoticeTriggerDeps {
  db: Kysely<Database>;
  clock: Clock;
  config: NoticesConfig;
  onError: (error: unknown) => void;
}

const unrecordedMemoryMilliseconds = 10_000;
/** The kinds immediateNoticeCandidates looks for; with any other immediate kind every pass runs in full. */
const probedKinds: ReadonlySet<string> = new Set(['hold-available', 'request-cancelled', 'fee-receipt']);

export function createNoticeTrigger(deps: NoticeTriggerDeps): NoticeTrigger {
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const leftUnrecorded = new Map<string, { candidates: string; until: number }>();

  const pass = async (institutionId: string): Promise<void> => {
    // Wait for the next turn of the event loop: the reply that caused this pass goes out first.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      await deliveryPass(deps, institutionId, leftUnrecorded);
    } catch (error) {
      deps.onError(error);
    } finally {
      running.delete(institutionId);
      if (again.delete(institutionId)) afterChange(institutionId);
    }
  };
  // Registered at once (not on the next turn), so idle() called right after the reply already sees it.
  const afterChange = (institutionId: string): void => {
    if (running.has(institutionId)) again.add(institutionId);
    else running.set(institutionId, pass(institutionId));
  };
  return {
    afterChange,
    idle: async () => {
      while (running.size > 0) await Promise.all(running.values());
    },
  };
}

async function deliveryPass(deps: NoticeTriggerDeps, institutionId: string, leftUnrecorded: Map<string, { candidates: string; until: number }>): Promise<NoticesRun | null> {
  const { db, clock, config } = deps;
  if (!immediateKinds.every((kind) => probedKinds.has(kind))) return runNotices(db, clock, institutionId, config, immediateKinds);
  const candidatesNow = async () => {
    const now = clock.now();
    const since = new Date(now.getTime() - lookBackDays * 86_400_000).toISOString();
    return (await immediateNoticeCandidates(db, institutionId, { now: now.toISOString(), since, smtpConfigured: Boolean(config.smtpUrl) })).join('\n');
  };
  const before = await candidatesNow();
  if (before === '') return null;
  const remembered = leftUnrecorded.get(institutionId);
  if (remembered && remembered.candidates === before && clock.now().getTime() < remembered.until) return null;
  const run = await runNotices(db, clock, institutionId, config, immediateKinds);
  // Whatever was a candidate before the pass and still is, no policy announces (nor is a retry due);
  // a candidate that appeared during the pass is not in `before`, so it still runs the next pass.
  const after = new Set((await candidatesNow()).split('\n'));
  const unrecorded = before.split('\n').filter((candidate) => after.has(candidate));
  if (unrecorded.length > 0) leftUnrecorded.set(institutionId, { candidates: unrecorded.join('\n'), until: clock.now().getTime() + unrecordedMemoryMilliseconds });
  else leftUnrecorded.delete(institutionId);
  return run;
}
