import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { saveRoleWaiveLimit } from '../../src/modules/fees/fee.queries.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { newId } from '../../src/platform/ids.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { checkInVia, checkOutVia, makeDesk } from '../support/factories/desk.ts';
import type { InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { signInAs, type StaffSession } from '../support/http.ts';

const day = 24 * 3600_000;
const hour = 3600_000;

describeOnBothDatabases('backdated check-in: who may take a fine off by backdating', (database) => {
  // Monday 2 November 2026, 09:00 in Los Angeles; fines of $0.25 a completed day late
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let accounts: Record<'technician' | 'deskLead' | 'supervisor', { username: string; password: string }>;
  const db = () => database().db;

  beforeAll(async () => {
    let technicianAccount;
    ({ app, library, technicianAccount } = await makeDesk(database(), clock, { overdueFinePolicy: { amountCents: 25, interval: 1, intervalUnit: 'days', chargeAt: 'end' } }));
    // a custom role that may backdate and waive up to $1.00
    const roleId = newId();
    await db().insertInto('staff_role').values({ id: roleId, institution_id: library.institutionId, code: 'desk-lead', name: 'Desk lead', built_in: false }).execute();
    await db()
      .insertInto('staff_role_permission')
      .values(['circulation.check-out', 'circulation.check-in', 'circulation.backdate-check-in', 'fees.waive'].map((permission) => ({ role_id: roleId, permission })))
      .execute();
    await saveRoleWaiveLimit(db(), library.institutionId, roleId, 100, clock.now().toISOString(), null);
    accounts = {
      technician: technicianAccount,
      deskLead: await makeStaff(db(), library.institutionId, { roleCode: 'desk-lead' }),
      supervisor: await makeStaff(db(), library.institutionId, { roleCode: 'supervisor' }),
    };
  });
  afterAll(async () => app.close());

  const as = (who: keyof typeof accounts): Promise<StaffSession> => signInAs(app, accounts[who].username, accounts[who].password);

  /** Books lent on Monday 2 November; their common due time (23:59 at the desk on their last day). */
  async function lend(count: number) {
    clock.set('2026-11-02T17:00:00Z');
    const desk = await as('technician');
    const loans = [];
    for (let index = 0; index < count; index += 1) {
      const reader = await makePatron(db(), library.institutionId);
      const book = await makeInstance(db(), library, { title: `Late book ${index}` });
      const reply = await checkOutVia(desk, { patronBarcode: reader.barcode, itemBarcode: book.barcodes[0], servicePointId: library.servicePointId });
      expect(reply.statusCode).toBe(201);
      loans.push({ patronId: reader.id, barcode: book.barcodes[0]!, loanId: reply.json().loan.id as string, dueAt: new Date(reply.json().loan.dueAt as string) });
    }
    return loans;
  }
  const checkIn = (session: StaffSession, barcode: string, returnedAt: Date) =>
    checkInVia(session, { itemBarcode: barcode, servicePointId: library.servicePointId, returnedAt: returnedAt.toISOString() });
  const feesOf = (patronId: string) => db().selectFrom('fee').select('original_amount_cents').where('patron_id', '=', patronId).execute();
  const loanStatus = async (loanId: string) => (await db().selectFrom('loan').select('status').where('id', '=', loanId).executeTakeFirstOrThrow()).status;

  it('refuses a desk worker a return time on an earlier day that takes a fine off, and changes nothing', async () => {
    const [bookDrop, excused, earlierToday] = await lend(3);
    // the morning 9 days and 10 hours after the due time: 10 days late (a day counts once begun), $2.50
    clock.set(new Date(bookDrop!.dueAt.getTime() + 9 * day + 10 * hour));
    const desk = await as('technician');

    // 23:59 yesterday, as the desk's "Returned on" sends it: a day less, $0.25 off
    const yesterday = await checkIn(desk, bookDrop!.barcode, new Date(bookDrop!.dueAt.getTime() + 9 * day));
    expect(yesterday.statusCode).toBe(403);
    expect(yesterday.json().error).toMatchObject({ code: 'BACKDATE_PERMISSION_REQUIRED', details: { field: 'returnedAt', permission: 'circulation.backdate-check-in', forgivenCents: 25 } });

    const refused = await checkIn(desk, excused!.barcode, new Date(excused!.dueAt.getTime() + 7 * day));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'BACKDATE_PERMISSION_REQUIRED', details: { forgivenCents: 75 } });
    expect(await loanStatus(excused!.loanId)).toBe('open');
    expect(await feesOf(excused!.patronId)).toEqual([]);
    const stillOut = await db().selectFrom('item').select('status').where('barcode', '=', excused!.barcode).executeTakeFirstOrThrow();
    expect(stillOut.status).toBe('checked-out');

    const today = await checkIn(desk, earlierToday!.barcode, new Date(clock.now().getTime() - hour));
    expect(today.statusCode, today.body).toBe(200);
    expect(today.json().fine.fineCents).toBe(250);
  });

  it('needs the permission to backdate more than 3 days, even when no fine is at stake', async () => {
    const [far, near] = await lend(2);
    clock.set('2026-11-10T17:00:00Z');
    const desk = await as('technician');
    const refused = await checkIn(desk, far!.barcode, new Date('2026-11-06T07:59:00Z'));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'BACKDATE_PERMISSION_REQUIRED', details: { forgivenCents: 0, earliestWithoutPermission: '2026-11-07' } });
    expect((await checkIn(desk, near!.barcode, new Date('2026-11-08T07:59:00Z'))).statusCode).toBe(200);
    const lead = await as('deskLead');
    expect((await checkIn(lead, far!.barcode, new Date('2026-11-06T07:59:00Z'))).statusCode).toBe(200);
  });

  it("counts the fine a backdating forgives against the staff member's waive limit", async () => {
    const [withinLimit, beyondLimit, bySupervisor] = await lend(3);
    clock.set(new Date(withinLimit!.dueAt.getTime() + 9 * day + 10 * hour));
    const lead = await as('deskLead');

    // $2.50 at today's date; $1.75 returned 3 days ago: $0.75 forgiven, within the $1.00 limit
    const within = await checkIn(lead, withinLimit!.barcode, new Date(withinLimit!.dueAt.getTime() + 7 * day));
    expect(within.statusCode, within.body).toBe(200);
    expect(within.json().fine.fineCents).toBe(175);
    expect(await feesOf(withinLimit!.patronId)).toEqual([{ original_amount_cents: 175 }]);

    const beyond = await checkIn(lead, beyondLimit!.barcode, new Date(beyondLimit!.dueAt.getTime() + 2 * day));
    expect(beyond.statusCode).toBe(403);
    expect(beyond.json().error).toMatchObject({ code: 'BACKDATE_EXCEEDS_WAIVE_LIMIT', details: { forgivenCents: 200, limitCents: 100 } });
    expect(await loanStatus(beyondLimit!.loanId)).toBe('open');

    const supervisor = await as('supervisor');
    const unlimited = await checkIn(supervisor, bySupervisor!.barcode, new Date(bySupervisor!.dueAt.getTime() + day));
    expect(unlimited.statusCode, unlimited.body).toBe(200);
    expect(unlimited.json().fine.fineCents).toBe(25);
  });
});
