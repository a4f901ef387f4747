/** What other modules may use of SIP2: the kiosk sentence for a refusal, which the patron portal shows too. */
export { screenMessageFor } from './sip-screen-messages.ts';
export { startSipServer } from './sip-server.ts';
export type { SipServer } from './sip-server.ts';
export { createSipAccount, listSipAccounts, setSipAccountEnabled, sipRequestMessages } from './sip-account.service.ts';
export type { SipCharset } from './sip-contract.ts';
export type { SipLogger } from './sip-session.ts';
export { sipDateTime } from './sip-dates.ts';
