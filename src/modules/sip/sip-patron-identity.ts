import { firstField } from './sip-codec.ts';
import type { SipMessage, SipSessionContext } from './sip-contract.ts';
import { checkSipPatronPin } from './sip-patron-pin.ts';
import { loadSipPatron, type SipPatronStanding } from './sip-patron.queries.ts';

/**
 * Who the patron in AA is, and whether the kiosk may be told about them. A patron is vouched for
 * when they exist and either gave the right PIN or the account does not ask for one. A wrong PIN
 * and an unknown barcode look the same (the protocol's BL valid-patron field aside).
 */
export type PinState = 'valid' | 'invalid' | 'locked' | 'absent';

export interface IdentifiedPatron {
  barcode: string;
  standing: SipPatronStanding | undefined;
  pin: PinState;
  /** AD was sent (so CQ valid PIN goes in the reply). */
  pinSent: boolean;
  vouched: boolean;
  /** The screen-message code when not vouched for. */
  refusal: 'SIP_PATRON_INVALID' | 'SIP_PIN_LOCKED' | 'SIP_PATRON_PIN_REQUIRED' | undefined;
}

export async function identifyPatron(message: SipMessage, session: SipSessionContext): Promise<IdentifiedPatron> {
  const account = session.account!;
  const barcode = firstField(message, 'AA')?.trim() ?? '';
  const standing = barcode ? await loadSipPatron(session.db, account.institutionId, barcode) : undefined;
  const pinField = firstField(message, 'AD');
  const pinSent = pinField !== undefined;
  let pin: PinState = 'absent';
  if (pinField !== undefined && pinField !== '') {
    const verdict = await checkSipPatronPin(session, barcode, pinField);
    pin = verdict.ok ? 'valid' : verdict.code === 'SIP_PIN_LOCKED' ? 'locked' : 'invalid';
  } else if (pinSent && account.requiresPatronPin) {
    pin = 'invalid';
  }
  let refusal: IdentifiedPatron['refusal'];
  if (!standing || pin === 'invalid') refusal = 'SIP_PATRON_INVALID';
  else if (pin === 'locked') refusal = 'SIP_PIN_LOCKED';
  else if (pin === 'absent' && account.requiresPatronPin) refusal = 'SIP_PATRON_PIN_REQUIRED';
  return { barcode, standing, pin, pinSent, vouched: refusal === undefined, refusal };
}
