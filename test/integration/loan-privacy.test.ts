import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { forgetPatronsOfAnonymousLoans } from '../../src/db/migrations/0019-audit-retention-and-loan-privacy.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { checkInVia, checkOutVia, makeDesk } from '../support/factories/desk.ts';
import type { InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { signInAs, signInToPortalAs, type StaffSession } from '../support/http.ts';

/**
 * A loan's patron is forgotten when it ends (unless they keep their history): the audit log and
 * the circulation events must not keep what the loan row forgot.
 */
describeOnBothDatabases('patron privacy in the logs', (database) => {
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let desk: StaffSession;
  let staff: { username: string; password: string };
  const db = () => database().db;

  beforeAll(async () => {
    ({ app, library, technician: desk, technicianAccount: staff } = await makeDesk(database(), clock, { overdueFinePolicy: { amountCents: 25 } }));
  });
  afterAll(async () => app.close());

  async function setClock(to: string | Date) {
    clock.set(to);
    desk = await signInAs(app, staff.username, staff.password);
  }

  /** Check out, renew at the desk, renew in the portal, change the due date and return, an hour apart: the whole life of a loan. */
  async function lendRenewAndReturn(keepLoanHistory: boolean, title: string, returnLate = false) {
    await setClock('2026-11-02T17:00:00Z');
    const reader = await makePatron(db(), library.institutionId, { keepLoanHistory, pin: '2468' });
    const made = await makeInstance(db(), library, { title });
    const [itemBarcode, itemId] = [made.barcodes[0]!, made.itemIds[0]!];
    const out = await checkOutVia(desk, { patronBarcode: reader.barcode, itemBarcode, servicePointId: library.servicePointId });
    expect(out.statusCode, out.body).toBe(201);
    const loanId = out.json().loan.id as string;
    await setClock('2026-11-02T18:00:00Z');
    const renewed = await desk.request({ method: 'POST', url: `/api/v1/circulation/loans/${loanId}/renew`, payload: {} });
    expect(renewed.statusCode, renewed.body).toBe(200);
    await setClock('2026-11-02T19:00:00Z');
    const portal = await signInToPortalAs(app, library.code, reader.barcode, '2468');
    const renewedOnline = await portal.request({ method: 'POST', url: `/api/v1/portal/loans/${loanId}/renew`, payload: {} });
    expect(renewedOnline.statusCode, renewedOnline.body).toBe(200);
    await setClock('2026-11-02T20:00:00Z');
    const moved = await desk.request({ method: 'PATCH', url: `/api/v1/circulation/loans/${loanId}/due-date`, payload: { dueAt: '2026-12-20T07:59:59Z', reason: 'Term ends' } });
    expect(moved.statusCode, moved.body).toBe(200);
    await setClock(returnLate ? '2026-12-25T17:00:00Z' : '2026-11-02T21:00:00Z');
    const back = await checkInVia(desk, { itemBarcode, servicePointId: library.servicePointId });
    expect(back.statusCode, back.body).toBe(200);
    return { reader, itemId, loanId };
  }

  /**
   * Every audit event and circulation event that names both this patron and this item (directly
   * or through the loan), apart from the fee ledger's, which links fees to patrons by design.
   */
  async function recordsLinking(patron: { id: string; barcode: string }, itemId: string, loanId: string) {
    const mentions = (text: string | null) => text !== null && (text.includes(patron.id) || text.includes(patron.barcode));
    const audit = await db()
      .selectFrom('audit_event')
      .selectAll()
      .where('institution_id', '=', library.institutionId)
      .where('entity_type', '!=', 'fee')
      .where((eb) => eb.or([eb('entity_id', 'in', [loanId, itemId]), eb('after', 'like', `%${itemId}%`), eb('before', 'like', `%${itemId}%`)]))
      .orderBy('occurred_at')
      .execute();
    const events = await db()
      .selectFrom('circulation_event')
      .selectAll()
      .where('institution_id', '=', library.institutionId)
      .where((eb) => eb.or([eb('loan_id', '=', loanId), eb('item_id', '=', itemId)]))
      .orderBy('occurred_at')
      .execute();
    return {
      audit: audit.filter((event) => event.actor_id === patron.id || mentions(event.before) || mentions(event.after)).map((event) => event.action),
      events: events.filter((event) => event.patron_id === patron.id || mentions(event.payload)).map((event) => event.kind),
    };
  }

  const loanAudit = (loanId: string) =>
    db().selectFrom('audit_event').selectAll().where('entity_type', '=', 'loan').where('entity_id', '=', loanId).orderBy('occurred_at').orderBy('action').execute();
  const loanEvents = (loanId: string) => db().selectFrom('circulation_event').selectAll().where('loan_id', '=', loanId).orderBy('occurred_at').orderBy('kind').execute();

  it('leaves no audit event or circulation event linking a patron who keeps no history to the item once it is back', async () => {
    const { reader, itemId, loanId } = await lendRenewAndReturn(false, 'The Right to Privacy');
    expect(await recordsLinking(reader, itemId, loanId)).toEqual({ audit: [], events: [] });

    // What happened is still there: who at the desk did what, when, to which item.
    const audit = await loanAudit(loanId);
    expect(audit.map((event) => [event.action, event.actor_kind])).toEqual([
      ['loan.check-out', 'staff'],
      ['loan.renew', 'staff'],
      ['loan.renew', 'patron'],
      ['loan.change-due-date', 'staff'],
    ]);
    const checkOut = audit[0]!;
    expect(checkOut.actor_name).toBe(staff.username);
    expect(JSON.parse(checkOut.after!)).toMatchObject({ itemId, servicePointId: library.servicePointId, dueAt: expect.any(String) });
    expect(JSON.parse(checkOut.after!)).not.toHaveProperty('patronId');
    expect(audit[2]).toMatchObject({ actor_id: null, actor_name: null });
    const events = await loanEvents(loanId);
    expect(events.map((event) => [event.kind, event.item_id, event.patron_id])).toEqual([
      ['loan-created', itemId, null],
      ['loan-renewed', itemId, null],
      ['loan-renewed', itemId, null],
      ['loan-due-date-changed', itemId, null],
      ['loan-closed', itemId, null],
    ]);
    const checkIn = await db().selectFrom('audit_event').selectAll().where('action', '=', 'item.check-in').where('entity_id', '=', itemId).executeTakeFirstOrThrow();
    expect(JSON.parse(checkIn.after!)).toMatchObject({ loanId, status: 'available' });
  });

  it('keeps every link for a patron who opted in to keep their loan history', async () => {
    const { reader, itemId, loanId } = await lendRenewAndReturn(true, 'Kept on Purpose');
    expect(await recordsLinking(reader, itemId, loanId)).toEqual({
      audit: ['loan.check-out', 'loan.renew'],
      // an on-time return never named the patron on its loan-closed event
      events: ['loan-created', 'loan-renewed', 'loan-renewed', 'loan-due-date-changed'],
    });
    const portalRenewal = (await loanAudit(loanId)).find((event) => event.actor_kind === 'patron');
    expect(portalRenewal).toMatchObject({ actor_id: reader.id });
  });

  it('forgets the patron in the logs of a late return too, while the fine stays on their account', async () => {
    const { reader, itemId, loanId } = await lendRenewAndReturn(false, 'Late but Private', true);
    expect(await recordsLinking(reader, itemId, loanId)).toEqual({ audit: [], events: [] });
    const closed = (await loanEvents(loanId)).find((event) => event.kind === 'loan-closed')!;
    expect(JSON.parse(closed.payload)).toMatchObject({ overdue: true });
    // The ledger links a fee to whoever owes it, by design.
    const fee = await db().selectFrom('fee').select(['patron_id', 'loan_id', 'original_amount_cents']).where('loan_id', '=', loanId).executeTakeFirstOrThrow();
    expect(fee).toMatchObject({ patron_id: reader.id, loan_id: loanId });
    expect(Number(fee.original_amount_cents)).toBeGreaterThan(0);
    const charged = await db().selectFrom('audit_event').selectAll().where('entity_type', '=', 'fee').where('action', '=', 'fee.charge').where('after', 'like', `%${loanId}%`).execute();
    expect(charged).toHaveLength(1);
    expect(charged[0]!.after).toContain(reader.id);
  });

  it('forgets the patron in the logs of loans that ended anonymously before this release (migration 0019), and nothing else', async () => {
    const { reader: earlier, itemId, loanId } = await lendRenewAndReturn(true, 'Returned Last Year');
    // As a check-in before 0019 left it: the loan forgot the patron, its logs did not.
    await db().updateTable('loan').set({ patron_id: null }).where('id', '=', loanId).execute();
    const { reader: keeper, itemId: keptItem, loanId: keptLoan } = await lendRenewAndReturn(true, 'Kept History');
    await forgetPatronsOfAnonymousLoans(db());
    expect(await recordsLinking(earlier, itemId, loanId)).toEqual({ audit: [], events: [] });
    expect((await recordsLinking(keeper, keptItem, keptLoan)).audit).toEqual(['loan.check-out', 'loan.renew']);
    const checkOut = (await loanAudit(loanId)).find((event) => event.action === 'loan.check-out')!;
    expect(JSON.parse(checkOut.after!)).toMatchObject({ itemId, servicePointId: library.servicePointId });
  });
});
