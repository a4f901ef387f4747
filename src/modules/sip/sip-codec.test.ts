import { describe, expect, it } from 'vitest';
import { firstField, parseSipMessage, sipChecksum } from './sip-codec.ts';
import type { SipMessage, SipParseResult } from './sip-contract.ts';
import { responseFixedWidths } from './sip-message-formats.ts';

const bytes = (text: string, encoding: BufferEncoding = 'utf8') => Buffer.from(text, encoding);
/** Appends a correct checksum, as a kiosk with error detection on would. */
const signed = (text: string, encoding: BufferEncoding = 'utf8') => {
  const body = Buffer.from(text, encoding);
  return Buffer.concat([body, Buffer.from(sipChecksum(body), 'latin1')]);
};

function parsed(result: SipParseResult): SipMessage {
  if (!result.ok) throw new Error(`expected a message, got ${result.failure}: ${result.reason}`);
  return result.message;
}

const fieldsOf = (message: SipMessage) => Object.fromEntries([...message.fields].map(([id, values]) => [id, values]));

describe('SIP checksum', () => {
  it.each([
    ['941AY0AZ', 'FDFD'],
    ['9900302.00AY1AZ', 'FCA5'],
    ['2300120240305    093012AOWVC|AA21234000001|ACkiosk|ADsecret|AY2AZ', 'EEA5'],
    ['', '0000'],
  ])('%s → %s', (text, expected) => {
    expect(sipChecksum(text)).toBe(expected);
    expect(sipChecksum(Buffer.from(text, 'latin1'))).toBe(expected);
  });

  it('sums the bytes of accented text, so UTF-8 and Latin-1 give different checksums', () => {
    const text = '64              00120240305    0930120000000100000000000000000000AOWVC|AA2123|AEMüller|AY3AZ';
    expect(sipChecksum(Buffer.from(text, 'utf8'))).toBe('EB1E');
    expect(sipChecksum(Buffer.from(text, 'latin1'))).toBe('EBA1');
  });

  it('accepts a message with accented text whose checksum was made over its UTF-8 bytes', () => {
    const message = parsed(parseSipMessage(signed('2300120240305    093012AOWVC|AAZoë Ångström|AY4AZ'), 'utf-8'));
    expect(message.checksum).toBe('valid');
    expect(firstField(message, 'AA')).toBe('Zoë Ångström');
  });

  it('accepts the same message in Latin-1 bytes', () => {
    const message = parsed(parseSipMessage(signed('2300120240305    093012AOWVC|AAZoë Ångström|AY4AZ', 'latin1'), 'latin1'));
    expect(message.checksum).toBe('valid');
    expect(firstField(message, 'AA')).toBe('Zoë Ångström');
  });
});

describe('reading each request field by field', () => {
  it('93 login', () => {
    const message = parsed(parseSipMessage(signed('9300CNkiosk|COkiosk|CPRiverside|AY0AZ'), 'utf-8'));
    expect(message).toMatchObject({ command: '93', fixed: { uidAlgorithm: '0', pwdAlgorithm: '0' }, sequence: '0', checksum: 'valid' });
    expect(fieldsOf(message)).toEqual({ CN: ['kiosk'], CO: ['kiosk'], CP: ['Riverside'] });
  });

  it('99 SC status, with and without the protocol version that SIP 1.00 kiosks leave out', () => {
    const message = parsed(parseSipMessage(bytes('9900302.00AY1AZFCA5'), 'utf-8'));
    expect(message).toMatchObject({ command: '99', fixed: { statusCode: '0', maxPrintWidth: '030', protocolVersion: '2.00' }, sequence: '1' });
    const old = parsed(parseSipMessage(bytes('990040'), 'utf-8'));
    expect(old.fixed).toEqual({ statusCode: '0', maxPrintWidth: '040' });
  });

  it('23 patron status', () => {
    const message = parsed(parseSipMessage(bytes('2300120240305    093012AOWVC|AA21234000001|ACkiosk|ADsecret|'), 'utf-8'));
    expect(message).toMatchObject({ command: '23', fixed: { language: '001', transactionDate: '20240305    093012' }, checksum: 'absent' });
    expect(fieldsOf(message)).toEqual({ AO: ['WVC'], AA: ['21234000001'], AC: ['kiosk'], AD: ['secret'] });
  });

  it('63 patron information with a summary and a range', () => {
    const message = parsed(parseSipMessage(bytes('6300020240305    093012  Y       AOWVC|AA21234000001|AD1234|BP1|BQ5|'), 'utf-8'));
    expect(message.fixed).toEqual({ language: '000', transactionDate: '20240305    093012', summary: '  Y       ' });
    expect(fieldsOf(message)).toEqual({ AO: ['WVC'], AA: ['21234000001'], AD: ['1234'], BP: ['1'], BQ: ['5'] });
  });

  it('11 checkout, offline (no block) with its original date and a fee acknowledged', () => {
    const message = parsed(parseSipMessage(bytes('11YY20240305    09301220240319    235959AOWVC|AA21234000001|AB39999000123|ACkiosk|AD1234|BOY|'), 'utf-8'));
    expect(message.fixed).toEqual({
      scRenewalPolicy: 'Y',
      noBlock: 'Y',
      transactionDate: '20240305    093012',
      nbDueDate: '20240319    235959',
    });
    expect(fieldsOf(message)).toEqual({ AO: ['WVC'], AA: ['21234000001'], AB: ['39999000123'], AC: ['kiosk'], AD: ['1234'], BO: ['Y'] });
  });

  it('09 checkin with a return date', () => {
    const message = parsed(parseSipMessage(bytes('09N20240305    09301220240304    180000APReturn bin 2|AOWVC|AB39999000123|ACkiosk|BIN|'), 'utf-8'));
    expect(message.fixed).toEqual({ noBlock: 'N', transactionDate: '20240305    093012', returnDate: '20240304    180000' });
    expect(fieldsOf(message)).toEqual({ AP: ['Return bin 2'], AO: ['WVC'], AB: ['39999000123'], AC: ['kiosk'], BI: ['N'] });
  });

  it('17 item information', () => {
    const message = parsed(parseSipMessage(bytes('1720240305    093012AOWVC|AB39999000123|AC|'), 'utf-8'));
    expect(message.fixed).toEqual({ transactionDate: '20240305    093012' });
    expect(fieldsOf(message)).toEqual({ AO: ['WVC'], AB: ['39999000123'], AC: [''] });
  });

  it('19 item status update', () => {
    const message = parsed(parseSipMessage(bytes('1920240305    093012AOWVC|AB39999000123|CHsecurity strip replaced|'), 'utf-8'));
    expect(message.fixed).toEqual({ transactionDate: '20240305    093012' });
    expect(firstField(message, 'CH')).toBe('security strip replaced');
  });

  it('29 renew', () => {
    const message = parsed(parseSipMessage(bytes('29NN20240305    093012                  AOWVC|AA21234000001|AB39999000123|BON|'), 'utf-8'));
    expect(message.fixed).toEqual({ thirdPartyAllowed: 'N', noBlock: 'N', transactionDate: '20240305    093012', nbDueDate: ' '.repeat(18) });
    expect(fieldsOf(message)).toEqual({ AO: ['WVC'], AA: ['21234000001'], AB: ['39999000123'], BO: ['N'] });
  });

  it('65 renew all', () => {
    const message = parsed(parseSipMessage(bytes('6520240305    093012AOWVC|AA21234000001|AD1234|'), 'utf-8'));
    expect(message.fixed).toEqual({ transactionDate: '20240305    093012' });
    expect(fieldsOf(message)).toEqual({ AO: ['WVC'], AA: ['21234000001'], AD: ['1234'] });
  });

  it('37 fee paid', () => {
    const message = parsed(parseSipMessage(bytes('3720240305    0930120100USDBV12.50|AOWVC|AA21234000001|CGfee-1|BKtx-9|'), 'utf-8'));
    expect(message.fixed).toEqual({ transactionDate: '20240305    093012', feeType: '01', paymentType: '00', currencyType: 'USD' });
    expect(fieldsOf(message)).toEqual({ BV: ['12.50'], AO: ['WVC'], AA: ['21234000001'], CG: ['fee-1'], BK: ['tx-9'] });
  });

  it('15 hold', () => {
    const message = parsed(parseSipMessage(bytes('15+20240305    093012BW20240405    000000|BSRiverside|BY2|AOWVC|AA21234000001|AB39999000123|'), 'utf-8'));
    expect(message.fixed).toEqual({ holdMode: '+', transactionDate: '20240305    093012' });
    expect(fieldsOf(message)).toEqual({
      BW: ['20240405    000000'],
      BS: ['Riverside'],
      BY: ['2'],
      AO: ['WVC'],
      AA: ['21234000001'],
      AB: ['39999000123'],
    });
  });

  it('01 block patron', () => {
    const message = parsed(parseSipMessage(bytes('01N20240305    093012AOWVC|ALCard left in machine|AA21234000001|AC|'), 'utf-8'));
    expect(message.fixed).toEqual({ cardRetained: 'N', transactionDate: '20240305    093012' });
    expect(firstField(message, 'AL')).toBe('Card left in machine');
  });

  it('25 patron enable', () => {
    const message = parsed(parseSipMessage(bytes('2520240305    093012AOWVC|AA21234000001|AD1234|'), 'utf-8'));
    expect(message.fixed).toEqual({ transactionDate: '20240305    093012' });
    expect(firstField(message, 'AA')).toBe('21234000001');
  });

  it('35 end session', () => {
    const message = parsed(parseSipMessage(signed('3520240305    093012AOWVC|AA21234000001|AY7AZ'), 'utf-8'));
    expect(message).toMatchObject({ command: '35', fixed: { transactionDate: '20240305    093012' }, sequence: '7', checksum: 'valid' });
    expect(fieldsOf(message)).toEqual({ AO: ['WVC'], AA: ['21234000001'] });
  });

  it('97 resend', () => {
    expect(parsed(parseSipMessage(bytes('97'), 'utf-8'))).toEqual({
      command: '97',
      fixed: {},
      fields: new Map(),
      sequence: undefined,
      checksum: 'absent',
    });
  });
});

describe('variable fields and error detection', () => {
  it('keeps every value of a repeated field in order', () => {
    const message = parsed(parseSipMessage(bytes('2300120240305    093012AOWVC|AA1|AFfirst|AFsecond|AFthird|'), 'utf-8'));
    expect(message.fields.get('AF')).toEqual(['first', 'second', 'third']);
    expect(firstField(message, 'AF')).toBe('first');
    expect(firstField(message, 'ZZ')).toBeUndefined();
  });

  it('reads a last field without its closing bar', () => {
    const message = parsed(parseSipMessage(bytes('2300120240305    093012AOWVC|AA1'), 'utf-8'));
    expect(fieldsOf(message)).toEqual({ AO: ['WVC'], AA: ['1'] });
  });

  it('reads the sequence number of a message with AY but no AZ, and leaves the checksum absent', () => {
    const message = parsed(parseSipMessage(bytes('2300120240305    093012AOWVC|AA1|AY5'), 'utf-8'));
    expect(message).toMatchObject({ sequence: '5', checksum: 'absent' });
    expect(message.fields.has('AY')).toBe(false);
  });

  it('accepts a bar between AY and AZ, and a lowercase checksum', () => {
    const message = parsed(parseSipMessage(signed('2300120240305    093012AOWVC|AA1|AY6|AZ'), 'utf-8'));
    expect(message).toMatchObject({ sequence: '6', checksum: 'valid' });
    const lower = parsed(parseSipMessage(bytes('941AY0AZfdfd'), 'utf-8', responseFixedWidths));
    expect(lower.checksum).toBe('valid');
  });

  it('refuses a bad checksum and still reports the sequence number for the resend', () => {
    expect(parseSipMessage(bytes('2300120240305    093012AOWVC|AA1|AY3AZ0000'), 'utf-8')).toMatchObject({
      ok: false,
      failure: 'SIP_BAD_CHECKSUM',
      sequence: '3',
    });
  });

  it('refuses a message whose bytes changed after the checksum was made', () => {
    const good = signed('2300120240305    093012AOWVC|AA21234000001|AY1AZ');
    good[30] = good[30]! + 1;
    expect(parseSipMessage(good, 'utf-8')).toMatchObject({ ok: false, failure: 'SIP_BAD_CHECKSUM', sequence: '1' });
  });

  it('does not mistake an unterminated last field ending in AZ and four hex digits for a checksum', () => {
    const message = parsed(parseSipMessage(bytes('1720240305    093012AOWVC|ABAZ1234'), 'utf-8'));
    expect(message).toMatchObject({ checksum: 'absent', sequence: undefined });
    expect(firstField(message, 'AB')).toBe('AZ1234');
  });

  it('checks a checksum without a sequence number (AZ after the last bar, or after the fixed part)', () => {
    expect(parsed(parseSipMessage(signed('1720240305    093012AOWVC|AB1|AZ'), 'utf-8')).checksum).toBe('valid');
    expect(parsed(parseSipMessage(signed('97AZ'), 'utf-8')).checksum).toBe('valid');
    expect(parseSipMessage(bytes('97AZ0000'), 'utf-8')).toMatchObject({ ok: false, failure: 'SIP_BAD_CHECKSUM', sequence: undefined });
  });

  it.each([
    ['after a sequence number', '2300120240305    093012AOWVC|AA1|AY3AZ12G4', '3'],
    ['after a sequence number and a bar', '2300120240305    093012AOWVC|AA1|AY3|AZ12G4', '3'],
    ['too short, after the last bar', '1720240305    093012AOWVC|AB1|AZ12F', undefined],
    ['too long, after the last bar', '1720240305    093012AOWVC|AB1|AZ12F45', undefined],
    ['empty, after a sequence number', '9900302.00AY1AZ', '1'],
    ['lowercase letters that are not hex, after the fixed part', '9900302.00AZzz12', undefined],
  ])('refuses a checksum that is not four hex digits (%s) as a bad checksum, not as no checksum', (_case, text, sequence) => {
    expect(parseSipMessage(bytes(text), 'utf-8')).toMatchObject({ ok: false, failure: 'SIP_BAD_CHECKSUM', sequence });
  });

  it('still reads an unterminated last field that merely contains AZ and letters as that field', () => {
    const message = parsed(parseSipMessage(bytes('1720240305    093012AOWVC|ABAZ12G4'), 'utf-8'));
    expect(message.checksum).toBe('absent');
    expect(firstField(message, 'AB')).toBe('AZ12G4');
  });

  it('ignores LFs left before the message and CR/LF after it (the server normally strips them)', () => {
    const message = parsed(parseSipMessage(bytes('\n941AY0AZFDFD\r\n'), 'utf-8', responseFixedWidths));
    expect(message).toMatchObject({ checksum: 'valid', sequence: '0' });
  });
});

describe('messages Carrel cannot read', () => {
  it.each([
    ['', 'SIP_MALFORMED'],
    ['\r\n', 'SIP_MALFORMED'],
    ['9', 'SIP_MALFORMED'],
    ['X3001', 'SIP_MALFORMED'],
    ['AY1AZ' + sipChecksum('AY1AZ'), 'SIP_MALFORMED'],
    ['42', 'SIP_UNKNOWN_COMMAND'],
    ['94' + '1', 'SIP_UNKNOWN_COMMAND'],
    ['2300120240305', 'SIP_TRUNCATED'],
    ['11YN20240305    093012', 'SIP_TRUNCATED'],
    ['9900', 'SIP_TRUNCATED'],
    ['9900302', 'SIP_TRUNCATED'],
    ['2300120240305    093012AOWVC|A|', 'SIP_MALFORMED'],
  ])('%j → %s', (text, expected) => {
    expect(parseSipMessage(bytes(text), 'utf-8')).toMatchObject({ ok: false, failure: expected });
  });

  it('names the missing fixed field of a truncated message', () => {
    const result = parseSipMessage(bytes('6300120240305    093012  Y'), 'utf-8');
    expect(result).toMatchObject({ ok: false, failure: 'SIP_TRUNCATED' });
    expect(!result.ok && result.reason).toContain('summary');
  });
});
