import { describe, expect, it } from 'vitest';
import { blockMessages, patronCounts, patronStatusOf } from './sip-patron-status.policy.ts';
import type { SipPatronStanding } from './sip-patron.queries.ts';

const now = new Date('2026-06-01T19:00:00Z');
const zone = 'America/Los_Angeles';

function standing(overrides: { expiresOn?: string | null; status?: 'active' | 'inactive'; loans?: SipPatronStanding['loans']; maxLoans?: number | null; feeBalanceCents?: number; maxFeeBalanceCents?: number | null; requestBlocks?: SipPatronStanding['requestBlocks'] } = {}): SipPatronStanding {
  return {
    patron: {
      id: 'p1', barcode: '2100', status: overrides.status ?? 'active', expiresOn: overrides.expiresOn ?? null, patronGroupId: 'g', firstName: 'Ada', lastName: 'Reader',
      preferredFirstName: null, keepLoanHistory: false, institutionTimeZone: zone, patronGroupName: 'Student', blocks: [],
      groupLimits: { maxLoans: overrides.maxLoans ?? null, maxLoansPerMaterialType: {}, maxOverdueItems: null, maxOverdueRecalls: null, maxLostItems: null, maxFeeBalanceCents: overrides.maxFeeBalanceCents ?? null },
    },
    details: { email: null, phone: null, address: null, birthDate: null, groupCode: 'student', internetPrivileges: true, createdAt: '2026-01-01T00:00:00Z' },
    loans: overrides.loans ?? [],
    requests: [],
    requestBlocks: overrides.requestBlocks ?? [],
    kioskBlocks: [],
    fees: [],
    feeBalanceCents: overrides.feeBalanceCents ?? 0,
    currency: 'USD',
    institutionCode: 'WVC',
  };
}

const loan = (dueAt: string, recalledAt: string | null = null) => ({ itemBarcode: '3100', title: 'Beloved', dueAt, recalledAt, state: 'checked-out' as const });

describe('the SIP2 patron status field', () => {
  it.each([
    ['a patron in good standing', standing(), '              '],
    ['an expired card: no borrowing, renewing, recalls or holds', standing({ expiresOn: '2026-05-31' }), 'YYYY          '],
    ['a card good through today (local time)', standing({ expiresOn: '2026-06-01' }), '              '],
    ['an inactive record', standing({ status: 'inactive' }), 'YYYY          '],
    ['at the loan limit: may renew but not borrow more', standing({ maxLoans: 1, loans: [loan('2026-06-10T06:59:59Z')] }), 'Y    Y        '],
    ['owing more than allowed', standing({ feeBalanceCents: 2001, maxFeeBalanceCents: 2000 }), 'YY        YY  '],
    ['owing exactly the limit', standing({ feeBalanceCents: 2000, maxFeeBalanceCents: 2000 }), '              '],
    ['an overdue recalled item', standing({ loans: [loan('2026-05-30T06:59:59Z', '2026-05-20T00:00:00Z')] }), '            Y '],
    ['a request block in force', standing({ requestBlocks: [{ expiresAt: null }] }), '  YY          '],
    ['a request block that has lapsed', standing({ requestBlocks: [{ expiresAt: '2026-05-01T00:00:00Z' }] }), '              '],
  ])('%s', (_case, patron, expected) => {
    expect(patronStatusOf(patron, now, zone)).toBe(expected);
  });

  it('counts charged, overdue and recalled loans', () => {
    const counts = patronCounts(standing({ loans: [loan('2026-05-30T06:59:59Z', '2026-05-20T00:00:00Z'), loan('2026-06-30T06:59:59Z')] }), now);
    expect(counts).toMatchObject({ charged: 2, overdue: 1, recalled: 1, overdueRecalled: 1, lost: 0 });
  });
});

describe('block messages on the kiosk screen', () => {
  const block = (patronMessage: string | null, expiresAt: string | null = null) => ({ reason: 'r', patronMessage, blocksBorrowing: true, blocksRenewals: true, expiresAt });

  it.each([
    ['one block, one message', [block('Card left in machine')], ['Card left in machine']],
    ['the same message on two blocks is said once', [block('Card left in machine'), block('Card left in machine')], ['Card left in machine']],
    ['two different messages are both said', [block('Card left in machine'), block('See the supervisor.')], ['Card left in machine', 'See the supervisor.']],
    ['a lapsed block and a block without a message say nothing', [block('Old news', '2026-05-01T00:00:00Z'), block(null)], []],
  ])('%s', (_case, blocks, expected) => {
    const patron = standing();
    expect(blockMessages({ ...patron, patron: { ...patron.patron, blocks } }, now)).toEqual(expected);
  });
});
