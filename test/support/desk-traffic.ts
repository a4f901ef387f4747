import { sipDateTime } from '../../src/modules/sip/sip-dates.ts';
import type { HttpStaffSession } from './carrel-process.ts';
import type { BusyLibrary } from './factories/busy-library.ts';
import { connectSip } from './sip-client.ts';

/** What the desks and kiosks were told had happened: each of these must be in the database afterwards. */
export interface AcknowledgedWork {
  /** Loan ids of check-outs answered 201. */
  checkOuts: string[];
  /** Loan ids closed by check-ins answered 200. */
  checkIns: string[];
  /** Fee action ids of payments answered 200. */
  payments: string[];
  /** Item barcodes a kiosk was told it lent. */
  kioskLoans: string[];
  /** Answers of 4xx: refusals a librarian expects (item already on loan, nothing to pay, …). */
  refusals: number;
  /** Answers of 5xx, or SIP replies that were not the expected message. */
  failures: string[];
  /** The slowest answer, for the test's report. */
  slowest: { ms: number; what: string };
}

export function noWorkYet(): AcknowledgedWork {
  return { checkOuts: [], checkIns: [], payments: [], kioskLoans: [], refusals: 0, failures: [], slowest: { ms: 0, what: '' } };
}

/** A small deterministic generator, so a failing run can be replayed. */
export function generator(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % below;
  };
}

/**
 * One desk at work until `keepGoing` says stop: check-outs, check-ins and (when asked) small card
 * payments, each acknowledged answer recorded. A connection error ends the desk quietly (the node
 * was killed); what was acknowledged before it stays recorded.
 */
export async function driveDesk(
  session: HttpStaffSession,
  shelf: BusyLibrary,
  work: AcknowledgedWork,
  options: { seed: number; keepGoing: () => boolean; payments?: boolean },
): Promise<void> {
  const pick = generator(options.seed);
  const servicePointId = shelf.library.servicePointId;
  while (options.keepGoing()) {
    const roll = pick(100);
    const began = Date.now();
    try {
      if (roll < 45) {
        const patron = shelf.patrons[pick(shelf.patrons.length)]!;
        const reply = await session.request('POST', '/api/v1/circulation/check-out', { patronBarcode: patron.barcode, itemBarcode: shelf.itemBarcodes[pick(shelf.itemBarcodes.length)], servicePointId });
        if (reply.status === 201) work.checkOuts.push(reply.body.loan.id);
        else tally(work, reply, 'check-out');
      } else if (roll < 85 || !options.payments) {
        const reply = await session.request('POST', '/api/v1/circulation/check-in', { itemBarcode: shelf.itemBarcodes[pick(shelf.itemBarcodes.length)], servicePointId });
        if (reply.status === 200) {
          if (reply.body.loan) work.checkIns.push(reply.body.loan.id);
        } else tally(work, reply, 'check-in');
      } else {
        const patron = shelf.patrons[pick(shelf.patrons.length)]!;
        const reply = await session.request('POST', `/api/v1/patrons/${patron.id}/fees/pay`, { amountCents: 25 + pick(100), method: 'card', servicePointId });
        if (reply.status === 200) {
          for (const share of reply.body.shares as { actionId: string | null }[]) if (share.actionId) work.payments.push(share.actionId);
        } else tally(work, reply, 'payment');
      }
    } catch {
      return;
    }
    timed(work, began, `HTTP ${roll < 45 ? 'check-out' : roll < 85 || !options.payments ? 'check-in' : 'payment'}`);
  }
}

function timed(work: AcknowledgedWork, began: number, what: string): void {
  const ms = Date.now() - began;
  if (ms > work.slowest.ms) work.slowest = { ms, what };
}

function tally(work: AcknowledgedWork, reply: { status: number; body: unknown }, what: string): void {
  if (reply.status >= 400 && reply.status < 500) work.refusals += 1;
  else work.failures.push(`${what}: ${reply.status} ${JSON.stringify(reply.body)}`);
}

/** A self-check kiosk lending and taking back items over SIP2 until told to stop. */
export async function driveKiosk(sipPort: number, shelf: BusyLibrary, work: AcknowledgedWork, options: { seed: number; keepGoing: () => boolean }): Promise<void> {
  const pick = generator(options.seed);
  const kiosk = await connectSip(sipPort, { replyTimeoutMs: 30_000 });
  const blankDate = ' '.repeat(18);
  const ao = `AO${shelf.library.code}|`;
  try {
    const login = await kiosk.send(`9300CN${shelf.kiosk.username}|CO${shelf.kiosk.password}|CPCIRC|`);
    if (login !== '941') throw new Error(`kiosk login refused: ${login}`);
    while (options.keepGoing()) {
      const now = sipDateTime(new Date(), 'America/Los_Angeles');
      const item = shelf.itemBarcodes[pick(shelf.itemBarcodes.length)]!;
      const patron = shelf.patrons[pick(shelf.patrons.length)]!;
      const began = Date.now();
      const lent = await kiosk.send(`11NN${now}${blankDate}${ao}AA${patron.barcode}|AB${item}|AC|`);
      if (lent.slice(0, 2) !== '12') work.failures.push(`SIP check-out answered ${lent}`);
      else if (lent[2] === '1') work.kioskLoans.push(item);
      else work.refusals += 1;
      timed(work, began, 'SIP check-out');
      const back = shelf.itemBarcodes[pick(shelf.itemBarcodes.length)]!;
      const returned = await kiosk.send(`09N${now}${now}AP|${ao}AB${back}|AC|`);
      if (returned.slice(0, 2) !== '10') work.failures.push(`SIP check-in answered ${returned}`);
    }
  } finally {
    await kiosk.close();
  }
}
