import { acsStatus } from './sip-acs-status.handler.ts';
import { circulationSipHandlers } from './sip-circulation.handlers.ts';
import type { SipHandler } from './sip-contract.ts';
import { blockPatron, endPatronSession, patronEnable } from './sip-patron-block.handlers.ts';
import { patronInformation, patronStatus } from './sip-patron.handlers.ts';

/**
 * Every request message by command. 93 login and 97 resend belong to the session itself
 * (sip-session.ts); the circulation, item, fee and hold messages come from sip-circulation.handlers.ts.
 */
export const sipHandlers: Readonly<Record<string, SipHandler>> = {
  ...circulationSipHandlers,
  '99': acsStatus,
  '23': patronStatus,
  '63': patronInformation,
  '01': blockPatron,
  '25': patronEnable,
  '35': endPatronSession,
};
