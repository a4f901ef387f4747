import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { payFee } from '../../src/modules/fees/fee-ledger.service.ts';
import type { ItemStatus } from '../../src/db/schema.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { newId } from '../../src/platform/ids.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeLimits } from '../support/factories/circulation.ts';
import { chargeTestFee, feeStaffWithRole } from '../support/factories/fee-ledger.ts';
import { checkOutVia, makeDesk, refusalCodes } from '../support/factories/desk.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron, type PatronOverrides } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { signInAs, type StaffSession } from '../support/http.ts';
import { testServiceContext } from '../support/service-context.ts';

describeOnBothDatabases('check-out at the desk', (database) => {
  // Monday 2 November 2026, 09:00 in Los Angeles
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let technician: StaffSession;
  let studentWorker: StaffSession;
  const db = () => database().db;

  beforeAll(async () => {
    ({ app, library, technician, studentWorker } = await makeDesk(database(), clock, {
      rules: ({ loanTypes, materialTypes }) => [
        { name: 'Non-circulating', loanTypeId: loanTypes['non-circulating'], loanPolicySettings: { loanable: false } },
        { name: 'DVDs, two at a time', materialTypeId: materialTypes.dvd, loanPolicySettings: { itemLimit: 2, loanPeriod: { kind: 'rolling', period: { amount: 7, unit: 'days' } } } },
      ],
    }));
  });
  afterAll(async () => app.close());

  const patron = (overrides: PatronOverrides = {}) => makePatron(db(), library.institutionId, overrides);
  const item = async (spec: Parameters<typeof makeInstance>[3] extends (infer T)[] | undefined ? T : never = {}) =>
    (await makeInstance(db(), library, { title: 'Learning Java' }, [{ callNumber: 'QA76.73 .J38', ...spec }])).barcodes[0]!;
  const attempt = (patronBarcode: string, itemBarcode: string, extra: Record<string, unknown> = {}, session = technician) =>
    checkOutVia(session, { patronBarcode, itemBarcode, servicePointId: library.servicePointId, ...extra });

  it('lends a book for 21 days, due at the end of the library day, and marks it checked out', async () => {
    const reader = await patron({ firstName: 'Ada', lastName: 'Lovelace' });
    const barcode = await item();
    const reply = await attempt(reader.barcode, barcode);
    expect(reply.statusCode).toBe(201);
    const body = reply.json();
    // 23 November 23:59 in Los Angeles
    expect(body.loan).toMatchObject({
      dueAt: '2026-11-24T07:59:00.000Z',
      loanedAt: '2026-11-02T17:00:00.000Z',
      item: { barcode, title: 'Learning Java', callNumber: 'QA76.73 .J38' },
      patron: { id: reader.id, barcode: reader.barcode, displayName: 'Ada Lovelace' },
      loanPolicy: { code: 'standard-loan', name: 'Standard loan' },
      rule: { name: 'Fallback' },
    });
    expect(body.dueDateExplanation.length).toBeGreaterThan(0);
    const stored = await db().selectFrom('item').select('status').where('barcode', '=', barcode).executeTakeFirstOrThrow();
    expect(stored.status).toBe('checked-out');
    const events = await db().selectFrom('circulation_event').selectAll().where('loan_id', '=', body.loan.id).execute();
    expect(events.map((event) => event.kind)).toEqual(['loan-created']);
    const audit = await db().selectFrom('audit_event').selectAll().where('entity_id', '=', body.loan.id).execute();
    expect(audit.map((event) => event.action)).toEqual(['loan.check-out']);
  });

  it('takes the due date from the matching rule: DVDs go out for 7 days', async () => {
    const reader = await patron();
    const reply = await attempt(reader.barcode, await item({ materialTypeCode: 'dvd' }));
    expect(reply.statusCode).toBe(201);
    expect(reply.json().loan).toMatchObject({ dueAt: '2026-11-10T07:59:00.000Z', rule: { name: 'DVDs, two at a time' } });
  });

  it('lets the desk set a due date of its own, and says so', async () => {
    const reader = await patron();
    const reply = await attempt(reader.barcode, await item(), { dueAt: '2026-12-18T23:00:00Z' });
    expect(reply.statusCode).toBe(201);
    expect(reply.json().loan.dueAt).toBe('2026-12-18T23:00:00.000Z');
    expect(reply.json().warnings.map((warning: { code: string }) => warning.code)).toContain('DUE_DATE_SET_BY_STAFF');
  });

  it('refuses a due date set at the desk from staff without circulation.change-due-date, changing nothing', async () => {
    const reader = await patron();
    const barcode = await item();
    for (const extra of [{ dueAt: '2027-06-30T23:00:00Z' }, { dueAt: '2027-06-30T23:00:00Z', dryRun: true }]) {
      const reply = await attempt(reader.barcode, barcode, extra, studentWorker);
      expect(reply.statusCode).toBe(403);
      expect(reply.json().error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'circulation.change-due-date', field: 'dueAt' } });
    }
    const loans = await db().selectFrom('loan').innerJoin('item', 'item.id', 'loan.item_id').select('loan.id').where('item.barcode', '=', barcode).execute();
    expect(loans).toHaveLength(0);
    expect((await db().selectFrom('item').select('status').where('barcode', '=', barcode).executeTakeFirstOrThrow()).status).toBe('available');
    // without a due date of their own, the same student worker lends as usual
    const lent = await attempt(reader.barcode, barcode, {}, studentWorker);
    expect(lent.statusCode).toBe(201);
    expect(lent.json().loan.dueAt).toBe('2026-11-24T07:59:00.000Z');
  });

  it('answers a dry run with the due date and changes nothing', async () => {
    const reader = await patron();
    const barcode = await item();
    const reply = await attempt(reader.barcode, barcode, { dryRun: true });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({ wouldSucceed: true, refusals: [], dueAt: '2026-11-24T07:59:00.000Z' });
    const loans = await db().selectFrom('loan').innerJoin('item', 'item.id', 'loan.item_id').select('loan.id').where('item.barcode', '=', barcode).execute();
    expect(loans).toHaveLength(0);
    const stored = await db().selectFrom('item').select('status').where('barcode', '=', barcode).executeTakeFirstOrThrow();
    expect(stored.status).toBe('available');

    const refused = await attempt('no-such-patron', barcode, { dryRun: true });
    expect(refused.statusCode).toBe(200);
    expect(refused.json()).toMatchObject({ wouldSucceed: false, dueAt: null });
    expect(refusalCodes(refused)).toEqual(['PATRON_NOT_FOUND']);
  });

  describe('refusals, each with a stable code', () => {
    it('unknown patron and unknown item, reported together and not overridable', async () => {
      const reply = await attempt('no-such-patron', 'no-such-item');
      expect(reply.statusCode).toBe(422);
      expect(reply.json().error.code).toBe('CHECK_OUT_REFUSED');
      expect(refusalCodes(reply)).toEqual(['ITEM_NOT_FOUND', 'PATRON_NOT_FOUND']);
      expect(reply.json().error.details.refusals.every((entry: { overridable: boolean }) => !entry.overridable)).toBe(true);
    });

    it('an expired card, an inactive record and a manual block, all at once, each overridable with circulation.override', async () => {
      const reader = await patron({ expiresOn: '2026-10-31', status: 'inactive' });
      await db()
        .insertInto('patron_block')
        .values({ id: newId(), institution_id: library.institutionId, patron_id: reader.id, reason: 'Damaged laptop unpaid', patron_message: null, blocks_borrowing: true, blocks_renewals: false, blocks_requests: false, expires_at: null, created_by: 'test', created_at: clock.now().toISOString() })
        .execute();
      const reply = await attempt(reader.barcode, await item());
      expect(refusalCodes(reply)).toEqual(['PATRON_BLOCKED', 'PATRON_EXPIRED', 'PATRON_INACTIVE']);
      for (const entry of reply.json().error.details.refusals) expect(entry).toMatchObject({ overridable: true, overridePermission: 'circulation.override' });
      expect(reply.json().error.details.refusals.find((entry: { code: string }) => entry.code === 'PATRON_BLOCKED').message).toContain('Damaged laptop unpaid');
    });

    it('a block that only stops renewals, or one that has expired, does not stop borrowing', async () => {
      const reader = await patron();
      const block = { institution_id: library.institutionId, patron_id: reader.id, patron_message: null, blocks_requests: false, created_by: 'test', created_at: clock.now().toISOString() };
      await db().insertInto('patron_block').values({ ...block, id: newId(), reason: 'renewals only', blocks_borrowing: false, blocks_renewals: true, expires_at: null }).execute();
      await db().insertInto('patron_block').values({ ...block, id: newId(), reason: 'lapsed', blocks_borrowing: true, blocks_renewals: true, expires_at: '2026-11-01T00:00:00.000Z' }).execute();
      expect((await attempt(reader.barcode, await item())).statusCode).toBe(201);
    });

    it('patron group limits: loans, loans of a material type, overdue items, overdue recalls, lost items, fee balance', async () => {
      await makeLimits(db(), library, { patronGroupCodes: ['community'], maxLoans: 2, maxLoansPerMaterialType: { laptop: 1 }, maxOverdueItems: 0, maxOverdueRecalls: 0, maxLostItems: 0, maxFeeBalanceCents: 1000 });
      const reader = await patron({ group: 'community' });
      const laptop = await attempt(reader.barcode, await item({ materialTypeCode: 'laptop' }));
      expect(laptop.statusCode).toBe(201);
      const lostLoan = await attempt(reader.barcode, await item());
      expect(lostLoan.statusCode).toBe(201);
      // the laptop is overdue and was recalled; the book is declared lost
      await db().updateTable('loan').set({ due_at: '2026-11-01T07:59:00.000Z', recalled_at: '2026-10-25T00:00:00.000Z' }).where('id', '=', laptop.json().loan.id).execute();
      await db().updateTable('loan').set({ state: 'declared-lost' }).where('id', '=', lostLoan.json().loan.id).execute();
      // real fees on the ledger: $15.00 and $15.00 charged, $5.00 paid: $25.00 owed, over the $10.00 limit
      const fines = [await chargeTestFee(db(), library.institutionId, reader.id, { amountCents: 1500 }), await chargeTestFee(db(), library.institutionId, reader.id, { amountCents: 1500 })];
      const cashier = feeStaffWithRole(library.institutionId, 'technician');
      await payFee(testServiceContext(db(), clock), cashier, fines[0]!.id, { amountCents: 500, method: 'cash' });
      // another patron's debt is not this patron's
      await chargeTestFee(db(), library.institutionId, (await patron({ group: 'community' })).id, { amountCents: 9900 });
      const reply = await attempt(reader.barcode, await item({ materialTypeCode: 'laptop' }));
      expect(refusalCodes(reply)).toEqual([
        'PATRON_MAX_FEE_BALANCE', 'PATRON_MAX_LOANS', 'PATRON_MAX_LOANS_FOR_MATERIAL_TYPE', 'PATRON_MAX_LOST_ITEMS', 'PATRON_MAX_OVERDUE_ITEMS', 'PATRON_MAX_OVERDUE_RECALLS',
      ]);
      const refusalOf = (code: string) => reply.json().error.details.refusals.find((entry: { code: string }) => entry.code === code);
      expect(refusalOf('PATRON_MAX_LOANS').details).toEqual({ current: 2, limit: 2 });
      expect(refusalOf('PATRON_MAX_FEE_BALANCE').details).toEqual({ balanceCents: 2500, limitCents: 1000 });

      // paid down to $10.00, exactly the limit: the balance no longer stops borrowing
      await payFee(testServiceContext(db(), clock), cashier, fines[1]!.id, { amountCents: 1500, method: 'cash' });
      const paidDown = await attempt(reader.barcode, await item({ materialTypeCode: 'laptop' }));
      expect(refusalCodes(paidDown)).not.toContain('PATRON_MAX_FEE_BALANCE');
      expect(refusalCodes(paidDown)).toHaveLength(5);
    });

    it('item states: in transit, awaiting pickup, missing, withdrawn, claimed returned, lost', async () => {
      const reader = await patron();
      const cases: [ItemStatus, string, boolean][] = [
        ['in-transit', 'ITEM_IN_TRANSIT', true],
        ['awaiting-pickup', 'ITEM_AWAITING_PICKUP_FOR_OTHER', true],
        ['missing', 'ITEM_MISSING', true],
        ['withdrawn', 'ITEM_WITHDRAWN', false],
        ['claimed-returned', 'ITEM_CLAIMED_RETURNED', false],
        ['declared-lost', 'ITEM_LOST', false],
        ['aged-to-lost', 'ITEM_LOST', false],
      ];
      for (const [status, code, overridable] of cases) {
        const reply = await attempt(reader.barcode, await item({ status }));
        expect(reply.statusCode, status).toBe(422);
        expect(reply.json().error.details.refusals, status).toEqual([expect.objectContaining({ code, overridable })]);
      }
    });

    it('already on loan: to this patron (suggesting renewal) or to someone else', async () => {
      const reader = await patron();
      const other = await patron();
      const barcode = await item();
      const first = await attempt(reader.barcode, barcode);
      const again = await attempt(reader.barcode, barcode);
      expect(again.json().error.details.refusals).toEqual([
        expect.objectContaining({ code: 'ITEM_ALREADY_ON_LOAN_TO_PATRON', overridable: false, details: { loanId: first.json().loan.id, suggestion: 'renew' } }),
      ]);
      expect(refusalCodes(await attempt(other.barcode, barcode))).toEqual(['ITEM_ON_LOAN']);
    });

    it('not loanable (a non-circulating loan type), a location out of service, and the loan policy item limit', async () => {
      const reader = await patron();
      expect(refusalCodes(await attempt(reader.barcode, await item({ loanTypeCode: 'non-circulating' })))).toEqual(['ITEM_NOT_LOANABLE']);

      const closedLocation = newId();
      await db()
        .insertInto('location')
        .values({ id: closedLocation, institution_id: library.institutionId, library_id: library.libraryId, code: `OLD${closedLocation.slice(0, 4)}`, name: 'Old annex', primary_service_point_id: library.servicePointId, active: false })
        .execute();
      expect(refusalCodes(await attempt(reader.barcode, await item({ locationId: closedLocation })))).toEqual(['ITEM_NON_CIRCULATING_LOCATION']);

      expect((await attempt(reader.barcode, await item({ materialTypeCode: 'dvd' }))).statusCode).toBe(201);
      expect((await attempt(reader.barcode, await item({ materialTypeCode: 'dvd' }))).statusCode).toBe(201);
      const third = await attempt(reader.barcode, await item({ materialTypeCode: 'dvd' }));
      expect(third.json().error.details.refusals).toEqual([expect.objectContaining({ code: 'LOAN_POLICY_ITEM_LIMIT', overridable: true, details: expect.objectContaining({ current: 2, limit: 2 }) })]);
    });
  });

  describe('overrides', () => {
    it('a technician overrides with a reason; the overridden codes and the reason are audited', async () => {
      const reader = await patron({ expiresOn: '2026-10-31' });
      const reply = await attempt(reader.barcode, await item({ status: 'in-transit' }), { override: { reason: 'Renewal of card in progress; item in hand' } });
      expect(reply.statusCode).toBe(201);
      // the card expired on 31 Oct: the loan is not pulled back to that past date, it gets the ordinary 21 days
      expect(reply.json().loan.dueAt).toBe('2026-11-24T07:59:00.000Z');
      expect(reply.json().warnings.map((warning: { code: string }) => warning.code).sort()).toEqual(['ITEM_IN_TRANSIT', 'PATRON_EXPIRED']);
      const audit = await db().selectFrom('audit_event').selectAll().where('entity_id', '=', reply.json().loan.id).executeTakeFirstOrThrow();
      expect(audit.reason).toBe('Renewal of card in progress; item in hand');
      expect(JSON.parse(audit.after ?? '{}').overridden.sort()).toEqual(['ITEM_IN_TRANSIT', 'PATRON_EXPIRED']);
      expect(audit.actor_kind).toBe('staff');
    });

    it('a student worker without circulation.override is refused, and told which permission it takes', async () => {
      const reader = await patron({ expiresOn: '2026-10-31' });
      const barcode = await item();
      const reply = await attempt(reader.barcode, barcode, { override: { reason: 'patron insists' } }, studentWorker);
      expect(reply.statusCode).toBe(403);
      expect(reply.json().error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'circulation.override' } });
      expect(refusalCodes(reply)).toEqual(['PATRON_EXPIRED']);
      const stored = await db().selectFrom('item').select('status').where('barcode', '=', barcode).executeTakeFirstOrThrow();
      expect(stored.status).toBe('available');
    });

    it('cannot override what is not overridable', async () => {
      const reader = await patron({ expiresOn: '2026-10-31' });
      const reply = await attempt(reader.barcode, await item({ status: 'withdrawn' }), { override: { reason: 'please' } });
      expect(reply.statusCode).toBe(422);
      expect(refusalCodes(reply)).toEqual(['ITEM_WITHDRAWN', 'PATRON_EXPIRED']);
    });

    it('needs a reason to override', async () => {
      const reader = await patron();
      const reply = await attempt(reader.barcode, await item(), { override: { reason: '  ' } });
      expect(reply.statusCode).toBe(400);
    });
  });

  it("does not see another institution's patrons, items or desks", async () => {
    const other = await makeInstitution(db());
    const otherStaff = await makeStaff(db(), other.institutionId, { roleCode: 'technician' });
    const session = await signInAs(app, otherStaff.username, otherStaff.password);
    const reader = await patron();
    const barcode = await item();
    const wrongDesk = await checkOutVia(session, { patronBarcode: reader.barcode, itemBarcode: barcode, servicePointId: library.servicePointId });
    expect(wrongDesk.json().error.code).toBe('SERVICE_POINT_NOT_FOUND');
    const ownDesk = await checkOutVia(session, { patronBarcode: reader.barcode, itemBarcode: barcode, servicePointId: other.servicePointId });
    expect(refusalCodes(ownDesk)).toEqual(['ITEM_NOT_FOUND', 'PATRON_NOT_FOUND']);
  });
});
