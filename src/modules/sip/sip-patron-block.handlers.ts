import { addPatronBlock, displayNameOf, isBlockActive, liftKioskBlocks } from '../patrons/index.ts';
import { firstField, sipFlag, sipLanguage } from './sip-codec.ts';
import type { SipHandler } from './sip-contract.ts';
import { sipDateTime } from './sip-dates.ts';
import { identifyPatron } from './sip-patron-identity.ts';
import { patronScreenMessages, patronStatusReply } from './sip-patron.handlers.ts';
import { deniedPatronStatus, patronStatusOf } from './sip-patron-status.policy.ts';
import { loadSipPatron } from './sip-patron.queries.ts';
import { screenMessageFor } from './sip-screen-messages.ts';

/**
 * 01 block patron, 25 patron enable, 35 end session. A kiosk blocks a card it has reason to distrust
 * (a card left in the machine, a reported theft): the block stops borrowing, renewals and requests
 * until staff or the same kind of kiosk message (25) lifts it. SIP2 2.00: 01 is answered with a 24.
 */
export const blockPatron: SipHandler = async (message, session) => {
  const now = session.clock.now();
  const account = session.account!;
  const barcode = firstField(message, 'AA')?.trim() ?? '';
  const standing = barcode ? await loadSipPatron(session.db, account.institutionId, barcode) : undefined;
  // One block per card: a kiosk that sends 01 again (a retry, a second attempt) adds nothing, so the message is not repeated.
  if (standing && !standing.kioskBlocks.some((block) => isBlockActive(block, now))) {
    const kioskMessage = firstField(message, 'AL')?.trim() || undefined;
    const cardRetained = message.fixed.cardRetained === 'Y';
    await addPatronBlock(session.db, session.clock, session.actor!, standing.patron.id, {
      reason: `Blocked by self-check ${account.username}${cardRetained ? ' (card retained)' : ''}${kioskMessage ? `: ${kioskMessage}` : '.'}`,
      patronMessage: kioskMessage ?? screenMessageFor('SIP_PATRON_BLOCKED_BY_KIOSK'),
      placedBy: 'sip',
    });
  }
  const identified = await identifyPatron(message, session);
  return patronStatusReply(identified, session, now);
};

export const patronEnable: SipHandler = async (message, session) => {
  const now = session.clock.now();
  const identified = await identifyPatron(message, session);
  const account = session.account!;
  let standing = identified.standing;
  if (identified.vouched && standing) {
    await liftKioskBlocks(session.db, session.clock, session.actor!, standing.patron.id, `Patron enable from self-check ${account.username}`);
    standing = await loadSipPatron(session.db, account.institutionId, identified.barcode);
  }
  const after = { ...identified, standing };
  const known = after.vouched ? standing : undefined;
  return {
    command: '26',
    fixed: [known ? patronStatusOf(known, now, session.timeZone) : deniedPatronStatus, sipLanguage, sipDateTime(now, session.timeZone)],
    fields: [
      ['AO', account.institutionCode],
      ['AA', identified.barcode],
      ['AE', known ? displayNameOf(known.patron) : ''],
      ['BL', sipFlag(standing !== undefined)],
      ['CQ', identified.pinSent ? sipFlag(identified.pin === 'valid') : undefined],
      ...patronScreenMessages(after, now, session.timeZone).map((sentence): [string, string] => ['AF', sentence]),
    ],
  };
};

/** 35: the kiosk is done with this patron. Carrel keeps no per-patron state between messages, so it only agrees. */
export const endPatronSession: SipHandler = async (message, session) => {
  const now = session.clock.now();
  return {
    command: '36',
    fixed: ['Y', sipDateTime(now, session.timeZone)],
    fields: [
      ['AO', session.account!.institutionCode],
      ['AA', firstField(message, 'AA') ?? ''],
    ],
  };
};
