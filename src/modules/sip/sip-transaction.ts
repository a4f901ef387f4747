import type { Actor } from '../audit/index.ts';
import type { CirculationActor } from '../circulation/index.ts';
import { DomainError } from '../../platform/errors.ts';
import type { SipAccount, SipMessage, SipSessionContext } from './sip-contract.ts';
import { firstField } from './sip-codec.ts';
import { sipDateTime } from './sip-dates.ts';
import { screenMessageFor } from './sip-screen-messages.ts';
import { checkSipPatronPin } from './sip-patron-pin.ts';

/**
 * What every kiosk circulation transaction checks before it touches a service: a logged-in
 * account, the AO institution, and the patron's PIN when sent or required. A kiosk acts with what
 * a self-check may do and nothing more: it never overrides a refusal.
 */
export const kioskPermissions: ReadonlySet<string> = new Set(['circulation.check-out', 'circulation.check-in', 'circulation.renew']);
/** An offline (no-block) check-out keeps the due date the kiosk already gave the patron, so it may set one. */
export const offlineKioskPermissions: ReadonlySet<string> = new Set([...kioskPermissions, 'circulation.change-due-date']);

export interface KioskTransaction {
  account: SipAccount;
  actor: Actor;
  who: CirculationActor;
  now: Date;
  /** The transaction date fixed field: now, in the institution's zone. */
  transactionDate: string;
}

/** A transaction the kiosk may not make, with the plain sentence for its screen. */
export type KioskCheck = { ok: true; kiosk: KioskTransaction } | { ok: false; screenMessage: string; now: Date; transactionDate: string };

export function fieldOf(message: SipMessage, id: string): string | undefined {
  const value = firstField(message, id);
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Start a transaction: the account, the institution, and (when `patron` is set) the PIN of the
 * patron in AA. A wrong PIN and an unknown patron read the same on the kiosk's screen.
 */
export async function beginKioskTransaction(message: SipMessage, session: SipSessionContext, options: { patron: boolean }): Promise<KioskCheck> {
  const now = session.clock.now();
  const transactionDate = sipDateTime(now, session.timeZone);
  const refuse = (code: string): KioskCheck => ({ ok: false, screenMessage: screenMessageFor(code), now, transactionDate });
  const { account, actor } = session;
  if (!account || !actor) return refuse('SIP_NOT_LOGGED_IN');
  const institution = fieldOf(message, 'AO');
  if (institution !== undefined && institution !== account.institutionCode) return refuse('SIP_WRONG_INSTITUTION');
  if (options.patron) {
    const patronBarcode = fieldOf(message, 'AA');
    if (!patronBarcode) return refuse('PATRON_NOT_FOUND');
    const pin = firstField(message, 'AD');
    if (pin !== undefined || account.requiresPatronPin) {
      if (pin === undefined || pin === '') return refuse('SIP_PATRON_PIN_REQUIRED');
      const verdict = await checkSipPatronPin(session, patronBarcode, pin);
      if (!verdict.ok) return refuse(verdict.code);
    }
  }
  return { ok: true, kiosk: { account, actor, who: { actor, permissions: kioskPermissions }, now, transactionDate } };
}

/** The plain sentence for what a service threw; anything but a refusal or domain error is not ours to hide. */
export function screenMessageOfError(error: unknown): string {
  if (error instanceof DomainError) return screenMessageFor(error);
  throw error;
}

/** The codes of a refusal error's refusals (or its own code). */
export function refusalCodesOf(error: DomainError): string[] {
  const refusals = (error.details as { refusals?: { code: string }[] } | undefined)?.refusals;
  return Array.isArray(refusals) ? refusals.map((entry) => entry.code) : [error.code];
}

/** A SIP date sent by the kiosk as an instant, or undefined when absent, blank or unreadable. */
export function instantOfSipDate(text: string | undefined, timeZone: string, parse: (text: string, zone: string) => string | null | undefined): Date | undefined {
  if (!text || text.trim() === '') return undefined;
  try {
    const iso = parse(text, timeZone);
    if (!iso) return undefined;
    const instant = new Date(iso);
    return Number.isNaN(instant.getTime()) ? undefined : instant;
  } catch {
    return undefined;
  }
}
