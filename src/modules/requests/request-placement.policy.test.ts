import { describe, expect, it } from 'vitest';
import type { ItemStatus } from '../../db/schema.ts';
import type { RefusalCode } from '../circulation/index.ts';
import { copyStanding, loanToRecall, placementPlan, placementRefusals, representativeCopy, requestTypeFor, typeToPlace, type PlacementFacts, type TitleCopy } from './request-placement.policy.ts';

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

describe('why a request is refused', () => {
  // a patron in good standing asking for a hold on a book out on loan, to be picked up at the main desk
  const fine: PlacementFacts = {
    type: 'hold',
    patron: { expired: false, inactive: false, blockReasons: [], openRequests: 0 },
    itemStatus: 'checked-out',
    instanceCopies: null,
    requestPolicy: { name: 'Standard', settings: { allowedTypes: ['hold', 'recall', 'page'], pickupServicePointCodes: null, maxOpenRequests: 5 } },
    pickup: { exists: true, isPickupPoint: true, code: 'MAIN' },
    duplicate: false,
  };
  const patron = fine.patron!;
  const policy = fine.requestPolicy!;
  const cases: Array<{ librarian: string; facts: Partial<PlacementFacts>; refused: RefusalCode[] }> = [
    { librarian: 'a hold on a book out on loan, for a patron in good standing: placed', facts: {}, refused: [] },
    { librarian: 'no patron has the barcode', facts: { patron: null }, refused: ['PATRON_NOT_FOUND'] },
    { librarian: 'the card has expired', facts: { patron: { ...patron, expired: true } }, refused: ['PATRON_EXPIRED'] },
    { librarian: 'the patron record is inactive', facts: { patron: { ...patron, inactive: true } }, refused: ['PATRON_INACTIVE'] },
    { librarian: 'a block that stops requests', facts: { patron: { ...patron, blockReasons: ['Unpaid fines'] } }, refused: ['PATRON_BLOCKED_FOR_REQUESTS'] },
    { librarian: 'five open requests where the policy allows five', facts: { patron: { ...patron, openRequests: 5 } }, refused: ['PATRON_MAX_OPEN_REQUESTS'] },
    { librarian: 'four open requests where the policy allows five: placed', facts: { patron: { ...patron, openRequests: 4 } }, refused: [] },
    { librarian: 'a recall where the policy allows holds only', facts: { type: 'recall', requestPolicy: { ...policy, settings: { ...policy.settings, allowedTypes: ['hold'] } } }, refused: ['REQUEST_TYPE_NOT_ALLOWED'] },
    { librarian: 'pickup at a service point that does not exist', facts: { pickup: { exists: false, isPickupPoint: false, code: null } }, refused: ['PICKUP_SERVICE_POINT_NOT_FOUND'] },
    { librarian: 'pickup at a desk that is not a pickup point', facts: { pickup: { exists: true, isPickupPoint: false, code: 'BACK' } }, refused: ['PICKUP_SERVICE_POINT_NOT_ALLOWED'] },
    { librarian: 'pickup at a desk the policy does not list', facts: { requestPolicy: { ...policy, settings: { ...policy.settings, pickupServicePointCodes: ['BRANCH'] } } }, refused: ['PICKUP_SERVICE_POINT_NOT_ALLOWED'] },
    { librarian: 'a page for a book that is on loan', facts: { type: 'page' }, refused: ['ITEM_NOT_ON_SHELF'] },
    { librarian: 'a page for a book on the shelf: placed', facts: { type: 'page', itemStatus: 'available' }, refused: [] },
    { librarian: 'a hold for a book on the shelf (page it instead)', facts: { itemStatus: 'available' }, refused: ['ITEM_NOT_ON_LOAN'] },
    { librarian: 'a hold for a missing book: nothing is coming back', facts: { itemStatus: 'missing' }, refused: ['ITEM_NOT_ON_LOAN'] },
    { librarian: 'a title-level page with no copy on the shelf', facts: { type: 'page', itemStatus: null, instanceCopies: { out: 2, onShelf: 0 } }, refused: ['ITEM_NOT_ON_SHELF'] },
    { librarian: 'a title-level hold with every copy on the shelf', facts: { itemStatus: null, instanceCopies: { out: 0, onShelf: 2 } }, refused: ['ITEM_NOT_ON_LOAN'] },
    { librarian: 'a title-level hold with one copy out: placed', facts: { itemStatus: null, instanceCopies: { out: 1, onShelf: 1 } }, refused: [] },
    { librarian: 'the patron already asked for this book', facts: { duplicate: true }, refused: ['DUPLICATE_REQUEST'] },
    { librarian: 'no rule applies (no request policy): only the patron, desk and copy are checked', facts: { requestPolicy: null, patron: { ...patron, openRequests: 50 } }, refused: [] },
    {
      librarian: 'everything wrong at once is said at once',
      facts: { patron: { ...patron, expired: true, blockReasons: ['Lost card'] }, pickup: { exists: false, isPickupPoint: false, code: null }, duplicate: true },
      refused: ['PATRON_EXPIRED', 'PATRON_BLOCKED_FOR_REQUESTS', 'PICKUP_SERVICE_POINT_NOT_FOUND', 'DUPLICATE_REQUEST'],
    },
  ];
  it.each(cases)('$librarian', ({ facts, refused }) => {
    expect(placementRefusals({ ...fine, ...facts }).map((entry) => entry.code)).toEqual(refused);
  });
});

describe('what a request goes to', () => {
  const onShelf: TitleCopy = { id: 'copy-1', status: 'available', loan: null };
  const lentLong: TitleCopy = { id: 'copy-2', status: 'checked-out', loan: { id: 'loan-2', loanedAt: '2026-01-05T10:00:00.000Z', recalledAt: null } };
  const lentRecently: TitleCopy = { id: 'copy-3', status: 'checked-out', loan: { id: 'loan-3', loanedAt: '2026-02-20T10:00:00.000Z', recalledAt: null } };
  const recalled: TitleCopy = { id: 'copy-4', status: 'checked-out', loan: { id: 'loan-4', loanedAt: '2025-12-01T10:00:00.000Z', recalledAt: '2026-01-10T10:00:00.000Z' } };
  const inTransit: TitleCopy = { id: 'copy-5', status: 'in-transit', loan: null };
  const lost: TitleCopy = { id: 'copy-6', status: 'declared-lost', loan: null };

  it.each([
    { librarian: 'a page is judged against the first copy on the shelf', type: 'page' as const, copies: [lentLong, onShelf], judged: 'copy-1' },
    { librarian: 'a hold is judged against the first copy on loan', type: 'hold' as const, copies: [onShelf, inTransit, lentRecently], judged: 'copy-3' },
    { librarian: 'a hold with no copy on loan: the first copy on its way back', type: 'hold' as const, copies: [onShelf, inTransit], judged: 'copy-5' },
    { librarian: 'nothing fits: the first copy, so the refusal names it', type: 'page' as const, copies: [lost, lentLong], judged: 'copy-6' },
    { librarian: 'a title without copies: nothing', type: 'hold' as const, copies: [], judged: null },
  ])('$librarian', ({ type, copies, judged }) => {
    expect(representativeCopy(type, copies)?.id ?? null).toBe(judged);
  });

  it.each([
    { librarian: 'a recall shortens the loan made longest ago', copies: [lentRecently, lentLong], loan: 'loan-2' },
    { librarian: 'a loan already recalled is not recalled twice', copies: [recalled, lentRecently], loan: 'loan-3' },
    { librarian: 'every loan already recalled: none', copies: [recalled, onShelf], loan: null },
  ])('$librarian', ({ copies, loan }) => {
    expect(loanToRecall(copies)).toBe(loan);
  });

  it.each([
    { librarian: 'a page on the book named waits for that book, and marks it paged', type: 'page' as const, named: { id: 'copy-1', openLoanId: null }, plan: { level: 'item', assignedItemId: 'copy-1', pagedCopyId: 'copy-1', recallLoanId: null } },
    { librarian: 'a title-level page goes to the copy on the shelf at once', type: 'page' as const, named: null, plan: { level: 'title', assignedItemId: 'copy-1', pagedCopyId: 'copy-1', recallLoanId: null } },
    { librarian: 'a title-level hold waits for whichever copy comes back first', type: 'hold' as const, named: null, plan: { level: 'title', assignedItemId: null, pagedCopyId: null, recallLoanId: null } },
    { librarian: 'a recall on the book named shortens its loan', type: 'recall' as const, named: { id: 'copy-3', openLoanId: 'loan-3' }, plan: { level: 'item', assignedItemId: 'copy-3', pagedCopyId: null, recallLoanId: 'loan-3' } },
    { librarian: 'a title-level recall shortens the oldest loan', type: 'recall' as const, named: null, plan: { level: 'title', assignedItemId: null, pagedCopyId: null, recallLoanId: 'loan-2' } },
  ])('$librarian', ({ type, named, plan }) => {
    expect(placementPlan(type, named, { id: 'copy-1' }, [onShelf, lentLong, lentRecently])).toEqual(plan);
  });
});

describe('the type placed when the patron names none', () => {
  it.each([
    { librarian: 'a copy on the shelf and paging allowed: a page', copies: ['available', 'checked-out'] as ItemStatus[], pagingAllowed: true, placed: 'page' },
    { librarian: 'a copy on the shelf, paging not allowed, another out: a hold', copies: ['available', 'checked-out'] as ItemStatus[], pagingAllowed: false, placed: 'hold' },
    { librarian: 'a copy on the shelf, paging not allowed, none out: a page, refused with the reason', copies: ['available'] as ItemStatus[], pagingAllowed: false, placed: 'page' },
    { librarian: 'every copy out: a hold', copies: ['checked-out'] as ItemStatus[], pagingAllowed: true, placed: 'hold' },
    { librarian: 'nothing on the shelf or out: a hold, refused with the reason', copies: ['missing'] as ItemStatus[], pagingAllowed: true, placed: 'hold' },
  ])('$librarian', ({ copies, pagingAllowed, placed }) => {
    expect(typeToPlace(copies, pagingAllowed)).toBe(placed);
  });
});
