import type { StaffSession } from './server-process.ts';
import { kioskMessages, sipAccepted, sipRefused, type KioskAccount, type SipKiosk } from './sip-kiosk.ts';

export const loadOperations = ['check-out', 'check-in', 'renew', 'search', 'patron lookup', 'fee payment'] as const;
export type LoadOperation = (typeof loadOperations)[number];

/** What one operation did across the run: answered, refused as expected, or failed. */
export interface OperationTally {
  durations: number[];
  refused: number;
  errors: number;
}

export interface LoadTally {
  byOperation: Map<LoadOperation, OperationTally>;
  /** the first few unexpected answers, to print */
  errorSamples: string[];
}

export function newTally(): LoadTally {
  return { byOperation: new Map(loadOperations.map((operation) => [operation, { durations: [], refused: 0, errors: 0 }])), errorSamples: [] };
}

/** What every simulated client shares: patrons to serve, words to search, the desk. */
export interface LoadWorld {
  servicePointId: string;
  patrons: { id: string; barcode: string }[];
  searchWords: string[];
  thinkMilliseconds: number;
}

type Outcome = 'ok' | 'refused' | string;

/** One client's own shelf of books, each either on the shelf or on loan to a patron. */
export interface ClientShelf {
  onShelf: string[];
  onLoan: Map<string, { patronBarcode: string; loanId: string | null }>;
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

/** A desk at the circulation counter, or a kiosk, as the load test drives it. */
export interface LoadClient {
  checkOut(patronBarcode: string, itemBarcode: string): Promise<{ outcome: Outcome; loanId: string | null }>;
  checkIn(itemBarcode: string): Promise<Outcome>;
  renew(patronBarcode: string, itemBarcode: string, loanId: string | null): Promise<Outcome>;
  search(words: string): Promise<Outcome>;
  lookUpPatron(patron: { id: string; barcode: string }): Promise<Outcome>;
  pay(patron: { id: string; barcode: string }, cents: number): Promise<Outcome>;
}

/** HTTP answers: success codes are ok; 409 and 422 are the refusals a desk expects (limits, blocks, conflicts). */
function httpOutcome(reply: { status: number; body: any }, expected: number): Outcome {
  if (reply.status === expected) return 'ok';
  if (reply.status === 409 || reply.status === 422) return 'refused';
  return `HTTP ${reply.status}: ${JSON.stringify(reply.body).slice(0, 200)}`;
}

export function httpClient(session: StaffSession, world: LoadWorld): LoadClient {
  return {
    async checkOut(patronBarcode, itemBarcode) {
      const reply = await session.call('POST', '/circulation/check-out', { patronBarcode, itemBarcode, servicePointId: world.servicePointId });
      return { outcome: httpOutcome(reply, 201), loanId: reply.status === 201 ? String(reply.body.loan.id) : null };
    },
    checkIn: async (itemBarcode) => httpOutcome(await session.call('POST', '/circulation/check-in', { itemBarcode, servicePointId: world.servicePointId }), 200),
    renew: async (_patron, _item, loanId) => httpOutcome(await session.call('POST', `/circulation/loans/${loanId}/renew`, {}), 200),
    search: async (words) => httpOutcome(await session.call('GET', `/catalog/search?q=${encodeURIComponent(words)}`), 200),
    lookUpPatron: async (patron) => httpOutcome(await session.call('GET', `/patrons?barcode=${encodeURIComponent(patron.barcode)}`), 200),
    pay: async (patron, cents) =>
      httpOutcome(await session.call('POST', `/patrons/${patron.id}/fees/pay`, { amountCents: cents, method: 'cash', servicePointId: world.servicePointId }), 200),
  };
}

/** SIP2 answers: the ok flag set is success; a well-formed refusal is expected; anything else is an error. */
function sipOutcome(reply: string): Outcome {
  if (sipAccepted(reply)) return 'ok';
  if (sipRefused(reply)) return 'refused';
  return `SIP2 reply ${reply.slice(0, 120)}`;
}

/** Kiosks have no catalogue search over SIP2; they look the patron up (63) instead. */
export function sipClient(kiosk: SipKiosk, account: KioskAccount): LoadClient {
  const messages = kioskMessages(account);
  return {
    checkOut: async (patron, item) => ({ outcome: sipOutcome(await kiosk.send(messages.checkOut(patron, item))), loanId: null }),
    checkIn: async (item) => sipOutcome(await kiosk.send(messages.checkIn(item))),
    renew: async (patron, item) => sipOutcome(await kiosk.send(messages.renew(patron, item))),
    search: async () => 'ok',
    lookUpPatron: async (patron) => sipOutcome(await kiosk.send(messages.patronInformation(patron.barcode))),
    pay: async (patron, cents) => sipOutcome(await kiosk.send(messages.feePaid(patron.barcode, cents))),
  };
}

/** Which operation next: lend while books are on the shelf, return and renew what is out, search and look up in between. */
function nextOperation(shelf: ClientShelf, kiosk: boolean): LoadOperation {
  const roll = Math.random();
  if (roll < 0.3) return shelf.onShelf.length > 0 ? 'check-out' : 'check-in';
  if (roll < 0.55) return shelf.onLoan.size > 0 ? 'check-in' : 'check-out';
  if (roll < 0.7) return shelf.onLoan.size > 0 ? 'renew' : 'check-out';
  if (roll < 0.85) return kiosk ? 'patron lookup' : 'search';
  if (roll < 0.95) return 'patron lookup';
  return 'fee payment';
}

/** Run one client until the deadline, then return every book it lent (untimed). */
export async function driveClient(client: LoadClient, kiosk: boolean, shelf: ClientShelf, world: LoadWorld, deadline: number, tally: LoadTally): Promise<void> {
  const note = (operation: LoadOperation, outcome: Outcome, duration: number) => {
    const entry = tally.byOperation.get(operation)!;
    if (outcome === 'ok') entry.durations.push(duration);
    else if (outcome === 'refused') entry.refused++;
    else {
      entry.errors++;
      if (tally.errorSamples.length < 10) tally.errorSamples.push(`${operation}: ${outcome}`);
    }
  };
  while (Date.now() < deadline) {
    const operation = nextOperation(shelf, kiosk);
    const patron = pick(world.patrons);
    const started = performance.now();
    let outcome: Outcome;
    try {
      if (operation === 'check-out') {
        const book = shelf.onShelf.pop()!;
        const lent = await client.checkOut(patron.barcode, book);
        outcome = lent.outcome;
        if (outcome === 'ok') shelf.onLoan.set(book, { patronBarcode: patron.barcode, loanId: lent.loanId });
        else shelf.onShelf.unshift(book);
      } else if (operation === 'check-in' || operation === 'renew') {
        const [book, loan] = [...shelf.onLoan.entries()][Math.floor(Math.random() * shelf.onLoan.size)]!;
        if (operation === 'check-in') {
          outcome = await client.checkIn(book);
          if (outcome === 'ok') {
            shelf.onLoan.delete(book);
            shelf.onShelf.push(book);
          }
        } else outcome = await client.renew(loan.patronBarcode, book, loan.loanId);
      } else if (operation === 'search') outcome = await client.search(pick(world.searchWords));
      else if (operation === 'patron lookup') outcome = await client.lookUpPatron(patron);
      else outcome = await client.pay(patron, 25);
    } catch (error) {
      outcome = `failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    note(operation, outcome, performance.now() - started);
    if (world.thinkMilliseconds > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * world.thinkMilliseconds));
  }
  for (const book of [...shelf.onLoan.keys()]) {
    const outcome = await client.checkIn(book).catch((error: unknown) => `failed: ${String(error)}`);
    if (outcome === 'ok') {
      shelf.onLoan.delete(book);
      shelf.onShelf.push(book);
    } else if (tally.errorSamples.length < 10) tally.errorSamples.push(`final check-in: ${outcome}`);
  }
}
