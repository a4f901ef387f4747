import { describe, expect, it } from 'vitest';
import {
  displayNameOf,
  duplicateReasonsOf,
  foldName,
  isBlockActive,
  isCalendarDate,
  isPatronExpired,
  localDateOf,
  nameKeyOf,
  searchTextOf,
} from './patron.policy.ts';

describe('card expiry, in the library’s time zone', () => {
  const cases: Array<[string, string | null, string, string, boolean]> = [
    // description, expiresOn, now (UTC), time zone, expired?
    ['no expiry date never expires', null, '2030-01-01T00:00:00Z', 'America/Los_Angeles', false],
    ['good through the whole expiry day', '2026-05-31', '2026-05-31T12:00:00Z', 'America/Los_Angeles', false],
    ['still the 31st at 23:30 in Los Angeles (06:30 UTC on 1 June)', '2026-05-31', '2026-06-01T06:30:00Z', 'America/Los_Angeles', false],
    ['expired from the first minute of 1 June in Los Angeles', '2026-05-31', '2026-06-01T07:00:00Z', 'America/Los_Angeles', true],
    ['already 1 June in Auckland while it is 31 May in UTC', '2026-05-31', '2026-05-31T13:00:00Z', 'Pacific/Auckland', true],
    ['a card expiring in the future', '2027-08-31', '2026-11-02T17:00:00Z', 'America/New_York', false],
  ];
  it.each(cases)('%s', (_description, expiresOn, now, timeZone, expired) => {
    expect(isPatronExpired(expiresOn, new Date(now), timeZone)).toBe(expired);
  });

  it('gives the local date across the daylight-saving change', () => {
    expect(localDateOf(new Date('2026-11-01T08:30:00Z'), 'America/Los_Angeles')).toBe('2026-11-01');
    expect(localDateOf(new Date('2026-11-01T06:30:00Z'), 'America/Los_Angeles')).toBe('2026-10-31');
  });
});

describe('names', () => {
  it.each([
    ['Zoë', 'zoe'],
    ['ÅNGSTRÖM', 'angstrom'],
    ['Łukasz', 'lukasz'],
    ['Straße', 'strasse'],
    ['Øyvind', 'oyvind'],
    ['José', 'jose'],
  ])('folds %s to %s', (name, folded) => {
    expect(foldName(name)).toBe(folded);
  });

  it('keys a name so case, accents, spaces and punctuation do not matter', () => {
    expect(nameKeyOf({ firstName: 'José', lastName: 'De la Cruz' })).toBe(nameKeyOf({ firstName: 'jose', lastName: 'DELACRUZ' }));
    expect(nameKeyOf({ firstName: 'Sean', lastName: "O'Brien" })).toBe(nameKeyOf({ firstName: 'Seán', lastName: 'OBrien' }));
    expect(nameKeyOf({ firstName: 'Ann', lastName: 'Lee' })).not.toBe(nameKeyOf({ firstName: 'Anne', lastName: 'Lee' }));
  });

  it('puts every name word in the search text', () => {
    expect(searchTextOf({ firstName: 'María', middleName: 'José', lastName: 'Núñez-García', preferredFirstName: 'Majo' })).toBe(' maria jose majo nunez garcia ');
  });

  it('shows the preferred first name when there is one', () => {
    expect(displayNameOf({ firstName: 'Robert', lastName: 'Tables', preferredFirstName: 'Bobby' })).toBe('Bobby Tables');
    expect(displayNameOf({ firstName: 'Robert', lastName: 'Tables', preferredFirstName: '  ' })).toBe('Robert Tables');
    expect(displayNameOf({ firstName: 'Robert', lastName: 'Tables' })).toBe('Robert Tables');
  });
});

describe('possible duplicates', () => {
  const ana = { firstName: 'Ana', lastName: 'Gómez', birthDate: '2001-04-05', email: 'ana.gomez@example.edu' };
  it.each([
    ['same name (other accents and case) and birth date', { firstName: 'ANA', lastName: 'Gomez', birthDate: '2001-04-05', email: null }, ['same-name-and-birth-date']],
    ['same name, other birth date', { firstName: 'Ana', lastName: 'Gómez', birthDate: '2001-04-06', email: null }, []],
    ['same name, no birth date', { firstName: 'Ana', lastName: 'Gómez', birthDate: null, email: null }, []],
    ['same email in other case', { firstName: 'Someone', lastName: 'Else', birthDate: null, email: 'Ana.Gomez@Example.EDU' }, ['same-email']],
    ['both', { ...ana }, ['same-name-and-birth-date', 'same-email']],
  ])('%s', (_description, other, reasons) => {
    expect(duplicateReasonsOf(ana, other)).toEqual(reasons);
  });
});

describe('blocks and dates', () => {
  it('keeps a block without expiry in force, and lifts one whose time has passed', () => {
    const now = new Date('2026-11-02T17:00:00Z');
    expect(isBlockActive({ expiresAt: null }, now)).toBe(true);
    expect(isBlockActive({ expiresAt: '2026-11-02T17:00:01Z' }, now)).toBe(true);
    expect(isBlockActive({ expiresAt: '2026-11-02T17:00:00Z' }, now)).toBe(false);
  });

  it.each([
    ['2026-02-28', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['01/02/2026', false],
  ])('%s is a calendar date: %s', (value, valid) => {
    expect(isCalendarDate(value)).toBe(valid);
  });
});
