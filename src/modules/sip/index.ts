/** What other modules may use of SIP2: the kiosk sentence for a refusal, which the patron portal shows too. */
export { screenMessageFor } from './sip-screen-messages.ts';
