import { describe, expect, it } from 'vitest';
import type { ItemStatus, LoanState } from '../../db/schema.ts';
import { closingOfLoan, resolutionOfItemNotOnLoan, type FoundBy } from './check-in.policy.ts';

const due = '2026-11-02T08:00:00.000Z';
const onTime = new Date('2026-11-01T17:00:00Z');
const late = new Date('2026-11-05T17:00:00Z');

describe('what check-in does to the loan it closes', () => {
  it.each<[string, LoanState, Date, FoundBy | undefined, boolean, object]>([
    ['a book returned before its due date', 'checked-out', onTime, undefined, false, { state: 'returned', resolution: undefined, overdue: false, keepHistory: false, eventNamesPatron: false }],
    ['a book returned three days late: the fine needs the patron', 'checked-out', late, undefined, false, { state: 'returned', resolution: undefined, overdue: true, eventNamesPatron: true }],
    ['a patron who keeps their history stays on the loan', 'checked-out', onTime, undefined, true, { state: 'returned', overdue: false, keepHistory: true, eventNamesPatron: false }],
    ['a claimed-returned book turns up: found on the shelf by the library', 'claimed-returned', onTime, undefined, false, { state: 'found-by-library', resolution: 'found-by-library', eventNamesPatron: true }],
    ['a claimed-returned book the desk says the patron brought', 'claimed-returned', onTime, 'patron', false, { state: 'returned', resolution: 'returned-by-patron' }],
    ['a declared-lost book comes back: the patron brought it', 'declared-lost', late, undefined, false, { state: 'returned', resolution: 'returned-by-patron', overdue: true }],
    ['an aged-to-lost book staff found in the building', 'aged-to-lost', late, 'library', false, { state: 'found-by-library', resolution: 'found-by-library' }],
  ])('%s', (_case, state, returnedAt, foundBy, keepsLoanHistory, expected) => {
    expect(closingOfLoan({ state, dueAt: due, keepsLoanHistory }, returnedAt, foundBy)).toMatchObject(expected);
  });
});

describe('an item checked in with no loan', () => {
  it.each<[string, ItemStatus, FoundBy | undefined, string | undefined]>([
    ['a missing book found on a cart is found by the library', 'missing', undefined, 'found-by-library'],
    ['a lost-and-paid book the patron brings back', 'lost-and-paid', 'patron', 'returned-by-patron'],
    ['a book in transit needs no resolution', 'in-transit', undefined, undefined],
    ['an available book needs none either', 'available', 'patron', undefined],
  ])('%s', (_case, status, foundBy, expected) => {
    expect(resolutionOfItemNotOnLoan(status, foundBy)).toBe(expected);
  });
});
