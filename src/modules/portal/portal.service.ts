import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import type { ServiceContext } from '../../platform/service-context.ts';
import type { Actor } from '../audit/index.ts';
import { isOpenLoanOfPatron, renewLoansOfPatron, type CirculationActor, type CirculationContext } from '../circulation/index.ts';
import { checkPatronPin, requirePatron, setPatronPin } from '../patrons/index.ts';
import { cancelRequest, isRequestOfPatron, placeRequest } from '../requests/index.ts';
import { screenMessageFor } from '../sip/index.ts';
import { portalLoansOf, portalRequestOf, type PortalLoan, type PortalRequest } from './portal-account.queries.ts';

/**
 * What a patron may do to their own account from the portal. Every action first proves the loan or
 * request is the signed-in patron's: anything else, guessed or real, gets the same 404 as an id
 * that exists nowhere. Refusals come back in the kiosk's plain sentences, never the desk's wording
 * (which may name policies) and never as an offer to override.
 */
const notYourLoan = () => new DomainError('NOT_FOUND', 'There is no such loan on your account.');
const notYourRequest = () => new DomainError('NOT_FOUND', 'There is no such request on your account.');

/** The patron a portal actor stands for (portal actors always carry it). */
function patronIdOf(actor: Actor): string {
  if (!actor.id) throw new Error('a portal action without its patron');
  return actor.id;
}

function asPatron(actor: Actor): CirculationActor {
  return { actor, permissions: new Set() };
}

async function barcodeOf(db: Kysely<Database>, actor: Actor): Promise<string> {
  return (await requirePatron(db, actor.institutionId, patronIdOf(actor))).barcode;
}

export interface PortalRenewals {
  renewed: PortalLoan[];
  refused: Array<{ loanId: string; title: string; message: string }>;
}

/** Renew the patron's loans (all, or those named), each on its own. */
export async function renewOwnLoans(ctx: CirculationContext, actor: Actor, loanIds?: string[]): Promise<PortalRenewals> {
  const { db, clock } = ctx;
  const before = await portalLoansOf(db, actor.institutionId, patronIdOf(actor), clock.now());
  const titles = new Map(before.map((loan) => [loan.id, loan.title]));
  const { results } = await renewLoansOfPatron(ctx, asPatron(actor), { patronBarcode: await barcodeOf(db, actor), loanIds });
  const renewedIds = results.filter((entry) => entry.renewed).map((entry) => entry.loanId);
  const renewed = renewedIds.length > 0 ? await portalLoansOf(db, actor.institutionId, patronIdOf(actor), clock.now(), renewedIds) : [];
  const refused = results
    .filter((entry) => !entry.renewed)
    .map((entry) => ({
      loanId: entry.loanId,
      title: titles.get(entry.loanId) ?? '',
      message: screenMessageFor(new DomainError('RENEWAL_REFUSED', '', { refusals: entry.refusals ?? [] })),
    }));
  return { renewed, refused };
}

export async function renewOwnLoan(ctx: CirculationContext, actor: Actor, loanId: string): Promise<PortalLoan> {
  const { db } = ctx;
  if (!(await isOpenLoanOfPatron(db, actor.institutionId, patronIdOf(actor), loanId))) throw notYourLoan();
  const { renewed, refused } = await renewOwnLoans(ctx, actor, [loanId]);
  const loan = renewed[0];
  if (loan) return loan;
  throw new DomainError('RENEWAL_REFUSED', refused[0]?.message ?? screenMessageFor('RENEWAL_REFUSED'));
}

/**
 * Request a title for pickup: the requests module's one rule makes it a page when a copy is on
 * the shelf that the patron may have fetched, otherwise a hold in the line for the next copy returned.
 */
export async function requestTitle(
  ctx: ServiceContext,
  actor: Actor,
  input: { instanceId: string; pickupServicePointId: string; notNeededAfter?: string | undefined },
): Promise<PortalRequest> {
  try {
    const placed = await placeRequest(ctx, actor, {
      patronBarcode: await barcodeOf(ctx.db, actor),
      instanceId: input.instanceId,
      pickupServicePointId: input.pickupServicePointId,
      notNeededAfter: input.notNeededAfter,
    });
    return portalRequestOf(placed, null);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'INSTANCE_NOT_FOUND') throw new DomainError('NOT_FOUND', 'There is no such title in this library.');
    if (error instanceof DomainError && error.code !== 'VALIDATION_FAILED') throw new DomainError('REQUEST_REFUSED', screenMessageFor(error));
    throw error;
  }
}

export async function cancelOwnRequest(ctx: ServiceContext, actor: Actor, requestId: string): Promise<PortalRequest> {
  if (!(await isRequestOfPatron(ctx.db, actor.institutionId, patronIdOf(actor), requestId))) throw notYourRequest();
  try {
    return portalRequestOf(await cancelRequest(ctx, actor, requestId, 'Cancelled by the patron'), null);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'CONFLICT') throw new DomainError('CONFLICT', 'This request has already ended.');
    throw error;
  }
}

/**
 * Change the patron's own PIN: the current PIN must be right (a wrong one counts toward the same
 * lockout as at sign-in and at kiosks), and every other portal session of the patron ends, so a PIN
 * changed because someone else knew it shuts that someone out.
 */
export async function changeOwnPin(db: Kysely<Database>, clock: Clock, actor: Actor, keepSessionId: string, change: { currentPin: string; newPin: string }): Promise<void> {
  const check = await checkPatronPin(db, clock, actor.institutionId, patronIdOf(actor), change.currentPin);
  if (check !== 'valid') {
    throw new DomainError('PIN_INCORRECT', 'That is not your current PIN. After 5 wrong tries the PIN rests for 15 minutes; a desk can help.');
  }
  // Ends the patron's other portal sessions, keeping this one.
  await setPatronPin(db, clock, actor, patronIdOf(actor), change.newPin, keepSessionId);
}
