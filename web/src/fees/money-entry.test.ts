import { describe, expect, it } from 'vitest';
import { minorDigitsOf, moneyEntryOf, parseMoneyEntry } from './money-entry.ts';

describe('money typed at the desk', () => {
  it.each([
    ['2.50', 250],
    ['2.5', 250],
    ['$2.50', 250],
    ['1,250.00', 125_000],
    ['0.10', 10],
    ['19.99', 1999],
    ['7', 700],
  ])('reads %s as %i cents, with no floating-point error', (typed, cents) => {
    expect(parseMoneyEntry(typed)).toBe(cents);
  });

  it.each(['', 'abc', '2.505', '0', '0.00', '-1.00'])('refuses %j', (typed) => {
    expect(parseMoneyEntry(typed)).toBeUndefined();
  });

  it('writes cents back as an amount to edit', () => {
    expect(moneyEntryOf(550)).toBe('5.50');
    expect(moneyEntryOf(5)).toBe('0.05');
  });

  it('knows currencies without minor units', () => {
    expect(minorDigitsOf('JPY')).toBe(0);
    expect(minorDigitsOf('USD')).toBe(2);
  });
});
