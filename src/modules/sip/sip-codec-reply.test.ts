import { describe, expect, it } from 'vitest';
import {
  fixedWidth,
  formatSipReply,
  parseSipAmount,
  parseSipMessage,
  sipAmount,
  sipChecksum,
  sipCount,
  sipFlag,
  sipFlagOrUnknown,
  sipLanguage,
} from './sip-codec.ts';
import type { SipReply } from './sip-contract.ts';
import { replyLayoutProblem, responseFixedWidths } from './sip-message-formats.ts';

const text = (buffer: Buffer, encoding: BufferEncoding = 'utf8') => buffer.toString(encoding);

const patronStatus: SipReply = {
  command: '24',
  fixed: ['              ', sipLanguage, '20240305    093012'],
  fields: [
    ['AO', 'WVC'],
    ['AA', '21234000001'],
    ['AE', 'Ada Lovelace'],
    ['BL', 'Y'],
    ['CQ', undefined],
    ['BV', 0],
  ],
};

describe('formatting a reply', () => {
  it('without error detection: command, fixed fields, XXvalue| fields, CR; undefined fields left out', () => {
    expect(text(formatSipReply(patronStatus, { errorDetection: false, charset: 'utf-8' }))).toBe(
      '24              00120240305    093012AOWVC|AA21234000001|AEAda Lovelace|BLY|BV0|\r',
    );
  });

  it('with error detection: AY with the client sequence, AZ and a checksum over the bytes up to AZ', () => {
    const wire = text(formatSipReply(patronStatus, { sequence: '4', errorDetection: true, charset: 'utf-8' }));
    const body = '24              00120240305    093012AOWVC|AA21234000001|AEAda Lovelace|BLY|BV0|AY4AZ';
    expect(wire).toBe(`${body}${sipChecksum(body)}\r`);
  });

  it('reproduces the standard example 941AY0AZFDFD', () => {
    const wire = formatSipReply({ command: '94', fixed: ['1'], fields: [] }, { sequence: '0', errorDetection: true, charset: 'ascii' });
    expect(text(wire)).toBe('941AY0AZFDFD\r');
  });

  it('sends only AZ when the client gave no sequence number (a 96 after an unreadable message)', () => {
    const wire = text(formatSipReply({ command: '96', fixed: [], fields: [] }, { errorDetection: true, charset: 'utf-8' }));
    expect(wire).toBe(`96AZ${sipChecksum('96AZ')}\r`);
  });

  it('computes the checksum over the encoded bytes of accented text', () => {
    const reply: SipReply = { command: '36', fixed: ['Y', '20240305    093012'], fields: [['AF', 'Au revoir, Zoë']] };
    for (const charset of ['utf-8', 'latin1'] as const) {
      const wire = formatSipReply(reply, { sequence: '2', errorDetection: true, charset });
      const body = wire.subarray(0, wire.length - 5);
      expect(text(wire.subarray(wire.length - 5, wire.length - 1), 'latin1')).toBe(sipChecksum(body));
      const reread = parseSipMessage(wire.subarray(0, wire.length - 1), charset, responseFixedWidths);
      expect(reread).toMatchObject({ ok: true, message: { checksum: 'valid', sequence: '2' } });
      expect(reread.ok && reread.message.fields.get('AF')).toEqual(['Au revoir, Zoë']);
    }
  });

  it("replaces '|' inside a value with a broken bar (an ASCII '!' for ASCII clients), since SIP2 has no escape", () => {
    const reply: SipReply = { command: '18', fixed: ['03', '00', '01', '20240305    093012'], fields: [['AJ', 'Yes | No: a novel'], ['AB', '123']] };
    const utf8 = formatSipReply(reply, { errorDetection: false, charset: 'utf-8' });
    expect(text(utf8)).toBe('1803000120240305    093012AJYes ¦ No: a novel|AB123|\r');
    expect(text(formatSipReply(reply, { errorDetection: false, charset: 'latin1' }), 'latin1')).toContain('AJYes ¦ No: a novel|');
    expect(text(formatSipReply(reply, { errorDetection: false, charset: 'ascii' }), 'latin1')).toContain('AJYes ! No: a novel|');
    const reread = parseSipMessage(utf8.subarray(0, -1), 'utf-8', responseFixedWidths);
    expect(reread.ok && [...reread.message.fields.keys()]).toEqual(['AJ', 'AB']);
  });

  it('turns CR and LF in a value into a space so they cannot end the message', () => {
    const reply: SipReply = { command: '64', fixed: [], fields: [['BD', '12 Main St\r\nSpringfield\n']] };
    expect(text(formatSipReply(reply, { errorDetection: false, charset: 'utf-8' }))).toBe('64BD12 Main St Springfield |\r');
  });

  it('keeps fixed fields at their width when they hold a bar or a line break', () => {
    const reply: SipReply = { command: '94', fixed: ['|'], fields: [] };
    expect(text(formatSipReply(reply, { errorDetection: false, charset: 'utf-8' }))).toBe('94 \r');
  });

  it('encodes ASCII replies without accents', () => {
    const reply: SipReply = { command: '36', fixed: ['Y', '20240305    093012'], fields: [['AF', 'Tschüss, Łukasz']] };
    expect(text(formatSipReply(reply, { errorDetection: false, charset: 'ascii' }), 'latin1')).toContain('AFTschuss, Lukasz|');
  });
});

describe('fixed-field helpers', () => {
  it('flags', () => {
    expect([sipFlag(true), sipFlag(false)]).toEqual(['Y', 'N']);
    expect([sipFlagOrUnknown(true), sipFlagOrUnknown(false), sipFlagOrUnknown(undefined)]).toEqual(['Y', 'N', 'U']);
  });

  it.each([
    [0, 4, '0000'],
    [7, 4, '0007'],
    [1234, 4, '1234'],
    [12345, 4, '9999'],
    [-3, 4, '0000'],
    [2.7, 4, '0002'],
    [Number.NaN, 4, '0000'],
    [5, 3, '005'],
    [1000, 3, '999'],
  ])('sipCount(%s, %s) = %s', (n, width, expected) => {
    expect(sipCount(n, width)).toBe(expected);
  });

  it('fixedWidth pads with spaces or cuts', () => {
    expect(fixedWidth('2.00', 4)).toBe('2.00');
    expect(fixedWidth('1', 3)).toBe('1  ');
    expect(fixedWidth('123456', 3)).toBe('123');
    expect(fixedWidth('', 2)).toBe('  ');
  });

  it('money in and out of BV', () => {
    expect([sipAmount(1250), sipAmount(5), sipAmount(0), sipAmount(-300)]).toEqual(['12.50', '0.05', '0.00', '-3.00']);
    expect([parseSipAmount('12.50'), parseSipAmount('12.5'), parseSipAmount('12'), parseSipAmount(' $3.07 ')]).toEqual([1250, 1250, 1200, 307]);
    expect([parseSipAmount(''), parseSipAmount('abc'), parseSipAmount('1.234'), parseSipAmount(undefined)]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('checks a reply layout against the standard', () => {
    expect(replyLayoutProblem(patronStatus)).toBeUndefined();
    expect(replyLayoutProblem({ command: '24', fixed: ['Y', sipLanguage, '20240305    093012'], fields: [] })).toContain('patronStatus');
    expect(replyLayoutProblem({ command: '12', fixed: ['Y'], fields: [] })).toContain('5 fixed fields');
    expect(replyLayoutProblem({ command: '11', fixed: [], fields: [] })).toContain('not a response');
  });
});
