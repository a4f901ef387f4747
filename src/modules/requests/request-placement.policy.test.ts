import { describe, expect, it } from 'vitest';
import type { ItemStatus } from '../../db/schema.ts';
import { copyStanding, requestTypeFor } from './request-placement.policy.ts';

describe('what a patron asking for a copy gets: a page or a hold', () => {
  const cases: Array<{ librarian: string; copies: ItemStatus[]; pagingAllowed: boolean; becomes: 'page' | 'hold' | null }> = [
    { librarian: 'a copy on the shelf where the library pages: staff fetch it (page)', copies: ['available'], pagingAllowed: true, becomes: 'page' },
    { librarian: 'one copy on the shelf, another on loan: still fetched from the shelf (page)', copies: ['checked-out', 'available'], pagingAllowed: true, becomes: 'page' },
    { librarian: 'a copy on the shelf where the policy does not page, another on loan: wait for the loan (hold)', copies: ['available', 'checked-out'], pagingAllowed: false, becomes: 'hold' },
    { librarian: 'a copy on the shelf where the policy does not page and none out: nothing to wait for', copies: ['available'], pagingAllowed: false, becomes: null },
    { librarian: 'every copy on loan: join the line (hold)', copies: ['checked-out', 'checked-out'], pagingAllowed: true, becomes: 'hold' },
    { librarian: 'the only copy is on the hold shelf for someone else: join the line (hold)', copies: ['awaiting-pickup'], pagingAllowed: true, becomes: 'hold' },
    { librarian: 'copies in transit or already paged for someone: join the line (hold)', copies: ['in-transit', 'paged'], pagingAllowed: true, becomes: 'hold' },
    { librarian: 'one copy missing, one on loan: wait for the loan (hold)', copies: ['missing', 'checked-out'], pagingAllowed: true, becomes: 'hold' },
    { librarian: 'one copy missing, one on the shelf: fetch the one on the shelf (page)', copies: ['missing', 'available'], pagingAllowed: true, becomes: 'page' },
    { librarian: 'every copy lost or withdrawn: nothing to page and nothing to wait for', copies: ['declared-lost', 'withdrawn'], pagingAllowed: true, becomes: null },
    { librarian: 'a title with no copies at all: nothing to request', copies: [], pagingAllowed: true, becomes: null },
  ];
  it.each(cases)('$librarian', ({ copies, pagingAllowed, becomes }) => {
    expect(requestTypeFor(copies, pagingAllowed)).toBe(becomes);
  });
});

describe('where a copy stands for a request', () => {
  it.each<[ItemStatus, string]>([
    ['available', 'on-shelf'],
    ['checked-out', 'out'],
    ['awaiting-pickup', 'out'],
    ['in-transit', 'out'],
    ['paged', 'out'],
    ['missing', 'neither'],
    ['in-process', 'neither'],
    ['on-order', 'neither'],
    ['withdrawn', 'neither'],
  ])('an item %s is %s', (status, standing) => {
    expect(copyStanding(status)).toBe(standing);
  });
});
