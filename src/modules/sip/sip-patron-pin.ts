import { checkPatronPin, patronIdOfBarcode, type PinCheck } from '../patrons/index.ts';
import type { SipSessionContext } from './sip-contract.ts';

/**
 * A patron's PIN (AD) as a kiosk sends it, checked with the patrons module's lockout. An unknown
 * barcode and a wrong PIN give the same answer; only a locked PIN says so, because the patron needs
 * to know to wait or go to the desk.
 */
export type SipPinVerdict = { ok: true; patronId: string } | { ok: false; code: 'SIP_PATRON_INVALID' | 'SIP_PIN_LOCKED'; check: PinCheck | 'unknown' };

export async function checkSipPatronPin(session: SipSessionContext, patronBarcode: string, pin: string): Promise<SipPinVerdict> {
  const account = session.account;
  if (!account) return { ok: false, code: 'SIP_PATRON_INVALID', check: 'unknown' };
  const patronId = await patronIdOfBarcode(session.db, account.institutionId, patronBarcode);
  const check = await checkPatronPin(session.db, session.clock, account.institutionId, patronId, pin);
  if (check === 'valid' && patronId) return { ok: true, patronId };
  if (check === 'locked') return { ok: false, code: 'SIP_PIN_LOCKED', check };
  return { ok: false, code: 'SIP_PATRON_INVALID', check: patronId ? check : 'unknown' };
}
