import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { patronFeeBalanceCents } from '../../src/modules/circulation/fee-balance.port.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, type StaffSession } from '../support/http.ts';

describeOnBothDatabases('the fee ledger at the desk', (database) => {
  const clock = fixedClock('2026-10-05T16:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let admin: StaffSession;
  let supervisor: StaffSession;
  let technician: StaffSession;
  let student: StaffSession;
  let outsider: StaffSession;
  let printing: { id: string };
  let headphones: { id: string };
  let hardship: { id: string };

  async function signIn(institutionId: string, roleCode: string) {
    const staff = await makeStaff(database().db, institutionId, { roleCode });
    return signInAs(app, staff.username, staff.password);
  }

  /** A manual fee of `amountCents` for the patron, charged a minute after the previous one. */
  async function charge(patronId: string, amountCents: number, feeTypeId = headphones.id): Promise<string> {
    clock.advance(60_000);
    const reply = await admin.request({ method: 'POST', url: `/api/v1/patrons/${patronId}/fees`, payload: { feeTypeId, amountCents } });
    expect(reply.statusCode, reply.body).toBe(201);
    return reply.json().fee.id;
  }

  const post = (session: StaffSession, url: string, payload: object) => session.request({ method: 'POST', url, payload });
  const account = async (patronId: string) => (await admin.request({ method: 'GET', url: `/api/v1/patrons/${patronId}/fees` })).json();
  const actionCount = async () => Number((await database().db.selectFrom('fee_action').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    ({ app } = await buildTestApp(database(), clock));
    library = await makeInstitution(database().db);
    admin = await signIn(library.institutionId, 'administrator');
    supervisor = await signIn(library.institutionId, 'supervisor');
    technician = await signIn(library.institutionId, 'technician');
    student = await signIn(library.institutionId, 'student-worker');
    outsider = await signIn((await makeInstitution(database().db)).institutionId, 'administrator');
    printing = (await post(admin, '/api/v1/fee-types', { code: 'printing', name: 'Printing', kind: 'manual', defaultAmountCents: 150 })).json();
    headphones = (await post(admin, '/api/v1/fee-types', { code: 'headphones', name: 'Lost headphones', kind: 'manual' })).json();
    hardship = (await post(admin, '/api/v1/waiver-reasons', { code: 'hardship', name: 'Patron hardship' })).json();
    const settings = await admin.request({ method: 'PUT', url: '/api/v1/fee-settings', payload: { roleWaiveLimits: [{ roleCode: 'technician', maxWaiveCents: 1000 }] } });
    expect(settings.statusCode, settings.body).toBe(200);
  });
  afterAll(async () => app.close());

  describe('charging', () => {
    it('charges a manual fee at the type’s default amount, and lists it with the patron’s balance', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const reply = await post(technician, `/api/v1/patrons/${patron.id}/fees`, { feeTypeId: printing.id, description: '15 colour pages' });
      expect(reply.statusCode, reply.body).toBe(201);
      expect(reply.json().fee).toMatchObject({ originalAmountCents: 150, balanceCents: 150, status: 'open', feeType: { code: 'printing' } });
      expect(await account(patron.id)).toMatchObject({ balanceCents: 150, creditCents: 0, fees: [{ description: '15 colour pages', actions: [] }] });
    });

    it('asks for an amount when the type has no default', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const reply = await post(admin, `/api/v1/patrons/${patron.id}/fees`, { feeTypeId: headphones.id });
      expect(reply.statusCode).toBe(400);
      expect(reply.json().error.code).toBe('VALIDATION_FAILED');
    });

    it('does not let a student worker charge fees', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const reply = await post(student, `/api/v1/patrons/${patron.id}/fees`, { feeTypeId: printing.id });
      expect(reply.statusCode).toBe(403);
      expect(reply.json().error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'fees.charge' } });
    });

    it('tells circulation what the patron owes, for the maximum-balance block', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const fee = await charge(patron.id, 2000);
      await charge(patron.id, 500);
      await post(student, `/api/v1/fees/${fee}/pay`, { amountCents: 700, method: 'cash' });
      expect(await patronFeeBalanceCents(database().db, library.institutionId, patron.id)).toBe(1800);
    });
  });

  describe('payments', () => {
    it('takes a part payment, then the rest, and closes the fee', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const fee = await charge(patron.id, 1000);
      const first = await post(student, `/api/v1/fees/${fee}/pay`, { amountCents: 400, method: 'cash', note: 'coins' });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json().action).toMatchObject({ kind: 'payment', amountCents: 400, balanceBeforeCents: 1000, balanceAfterCents: 600, statusAfter: 'open' });
      const second = await post(student, `/api/v1/fees/${fee}/pay`, { amountCents: 600, method: 'card', transactionReference: 'AUTH-77' });
      expect(second.json().fee).toMatchObject({ status: 'closed', balanceCents: 0, totals: { paidCents: 1000 } });
      expect(second.json().fee.actions.map((action: { method: string }) => action.method)).toEqual(['cash', 'card']);
    });

    it('refuses to take money for a fee that is already paid', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const fee = await charge(patron.id, 300);
      await post(student, `/api/v1/fees/${fee}/pay`, { amountCents: 300, method: 'cash' });
      const again = await post(student, `/api/v1/fees/${fee}/pay`, { amountCents: 100, method: 'cash' });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('FEE_ALREADY_CLOSED');
    });

    it('refuses an overpayment with the balance in the answer', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const fee = await charge(patron.id, 300);
      const reply = await post(student, `/api/v1/fees/${fee}/pay`, { amountCents: 500, method: 'cash' });
      expect(reply.statusCode).toBe(422);
      expect(reply.json().error).toMatchObject({ code: 'FEE_OVERPAYMENT', details: { amountCents: 500, balanceCents: 300 } });
    });

    it('spreads one payment over several fees oldest first and shows each share', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const oldest = await charge(patron.id, 500);
      const middle = await charge(patron.id, 800);
      const newest = await charge(patron.id, 300);
      const reply = await post(student, `/api/v1/patrons/${patron.id}/fees/pay`, { amountCents: 1000, method: 'cash' });
      expect(reply.statusCode, reply.body).toBe(200);
      const result = reply.json();
      expect(result.shares.map((share: { feeId: string; amountCents: number; balanceAfterCents: number }) => [share.feeId, share.amountCents, share.balanceAfterCents])).toEqual([
        [oldest, 500, 0],
        [middle, 500, 300],
      ]);
      const after = await account(patron.id);
      expect(after.balanceCents).toBe(600);
      expect(after.fees.find((fee: { id: string }) => fee.id === newest).balanceCents).toBe(300);
      const batchIds = after.fees.flatMap((fee: { actions: Array<{ batchId: string }> }) => fee.actions.map((action) => action.batchId));
      expect(new Set(batchIds)).toEqual(new Set([result.batchId]));
    });

    it('pays the fees the staff member picked, in that order', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const oldest = await charge(patron.id, 500);
      const newest = await charge(patron.id, 300);
      const reply = await post(student, `/api/v1/patrons/${patron.id}/fees/pay`, { amountCents: 400, method: 'card', feeIds: [newest, oldest] });
      expect(reply.json().shares.map((share: { feeId: string; amountCents: number }) => [share.feeId, share.amountCents])).toEqual([
        [newest, 300],
        [oldest, 100],
      ]);
    });

    it('keeps an overpayment as credit where the library allows it, and spends that credit later', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const first = await charge(patron.id, 500);
      await admin.request({ method: 'PUT', url: '/api/v1/fee-settings', payload: { allowCredit: true } });
      try {
        const reply = await post(student, `/api/v1/fees/${first}/pay`, { amountCents: 2000, method: 'cash' });
        expect(reply.json().action).toMatchObject({ amountCents: 500, creditCents: 1500, statusAfter: 'closed' });
        const second = await charge(patron.id, 400);
        const fromCredit = await post(student, `/api/v1/fees/${second}/pay`, { amountCents: 400, method: 'credit' });
        expect(fromCredit.statusCode, fromCredit.body).toBe(200);
        expect(await account(patron.id)).toMatchObject({ balanceCents: 0, creditCents: 1100 });
      } finally {
        await admin.request({ method: 'PUT', url: '/api/v1/fee-settings', payload: { allowCredit: false } });
      }
    });
  });

  describe('waivers and their limits', () => {
    it('does not let a student worker waive', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const fee = await charge(patron.id, 500);
      const reply = await post(student, `/api/v1/fees/${fee}/waive`, { waiverReasonId: hardship.id });
      expect(reply.statusCode).toBe(403);
      expect(reply.json().error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'fees.waive' } });
    });

    it('lets a technician waive up to the role’s limit and names the permission needed above it', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const fee = await charge(patron.id, 2500);
      const over = await post(technician, `/api/v1/fees/${fee}/waive`, { waiverReasonId: hardship.id });
      expect(over.statusCode).toBe(403);
      expect(over.json().error).toMatchObject({ code: 'WAIVE_LIMIT_EXCEEDED', details: { permission: 'fees.waive-unlimited', limitCents: 1000, amountCents: 2500 } });
      expect(over.json().error.message).toContain('fees.waive-unlimited');
      const within = await post(technician, `/api/v1/fees/${fee}/waive`, { waiverReasonId: hardship.id, amountCents: 1000, note: 'first offence' });
      expect(within.statusCode, within.body).toBe(200);
      expect(within.json().action).toMatchObject({ kind: 'waiver', amountCents: 1000, balanceAfterCents: 1500 });
    });

    it('lets a supervisor waive any amount, with the reason and who did it audited', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const fee = await charge(patron.id, 9000);
      const reply = await post(supervisor, `/api/v1/fees/${fee}/waive`, { waiverReasonId: hardship.id, note: 'lost job' });
      expect(reply.statusCode, reply.body).toBe(200);
      expect(reply.json().fee).toMatchObject({ status: 'closed', balanceCents: 0, actions: [{ kind: 'waiver', waiverReasonId: hardship.id, note: 'lost job' }] });
      const audit = await database().db.selectFrom('audit_event').selectAll().where('entity_id', '=', fee).where('action', '=', 'fee.waiver').executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ actor_kind: 'staff', reason: 'lost job' });
      expect(audit.actor_id).toBeTruthy();
    });

    it('refuses a waiver reason that does not exist', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const fee = await charge(patron.id, 500);
      const reply = await post(supervisor, `/api/v1/fees/${fee}/waive`, { waiverReasonId: '00000000-0000-4000-8000-000000000000' });
      expect(reply.json().error.code).toBe('WAIVER_REASON_NOT_FOUND');
    });
  });

  describe('refunds, transfers and cancellations', () => {
    it('refunds what was paid, and no more', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const fee = await charge(patron.id, 1000);
      await post(student, `/api/v1/fees/${fee}/pay`, { amountCents: 1000, method: 'card' });
      const tooMuch = await post(admin, `/api/v1/fees/${fee}/refund`, { amountCents: 1001, refundTo: 'patron', note: 'book returned' });
      expect(tooMuch.statusCode).toBe(422);
      expect(tooMuch.json().error).toMatchObject({ code: 'REFUND_EXCEEDS_PAID', details: { refundableCents: 1000 } });
      const toCredit = await post(admin, `/api/v1/fees/${fee}/refund`, { amountCents: 600, refundTo: 'credit', note: 'book returned' });
      expect(toCredit.json().action).toMatchObject({ kind: 'refund', creditCents: 600, balanceAfterCents: 0 });
      const bounced = await post(admin, `/api/v1/fees/${fee}/refund`, { amountCents: 400, refundTo: 'balance', note: 'card payment reversed' });
      expect(bounced.json().fee).toMatchObject({ status: 'open', balanceCents: 400 });
      expect(await account(patron.id)).toMatchObject({ balanceCents: 400, creditCents: 600 });
    });

    it('does not let a technician refund, transfer or cancel', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const fee = await charge(patron.id, 1000);
      for (const [action, permission] of [['refund', 'fees.refund'], ['transfer', 'fees.transfer'], ['cancel', 'fees.cancel']] as const) {
        const reply = await post(technician, `/api/v1/fees/${fee}/${action}`, { amountCents: 100, refundTo: 'patron', note: 'x' });
        expect(reply.statusCode).toBe(403);
        expect(reply.json().error.details.permission).toBe(permission);
      }
    });

    it('transfers the balance to the bursar and cancels a fee charged in error', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const billed = await charge(patron.id, 4200);
      const mistaken = await charge(patron.id, 700);
      const transfer = await post(supervisor, `/api/v1/fees/${billed}/transfer`, {});
      expect(transfer.json().fee).toMatchObject({ status: 'closed', totals: { transferredCents: 4200 } });
      const cancel = await post(supervisor, `/api/v1/fees/${mistaken}/cancel`, { note: 'charged to the wrong patron' });
      expect(cancel.json().fee).toMatchObject({ status: 'closed', totals: { cancelledCents: 700 } });
      const again = await post(supervisor, `/api/v1/fees/${mistaken}/cancel`, { note: 'twice' });
      expect(again.json().error.code).toBe('FEE_ALREADY_CLOSED');
      expect((await account(patron.id)).balanceCents).toBe(0);
    });

    it('needs a reason to cancel', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const fee = await charge(patron.id, 700);
      const reply = await post(supervisor, `/api/v1/fees/${fee}/cancel`, {});
      expect(reply.statusCode).toBe(400);
    });
  });

  describe('dry runs', () => {
    it('answers what each action would do and changes nothing', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const fee = await charge(patron.id, 1500);
      await charge(patron.id, 200);
      const before = await actionCount();
      const auditBefore = Number((await database().db.selectFrom('audit_event').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const pay = await post(student, `/api/v1/fees/${fee}/pay`, { amountCents: 250, method: 'cash', dryRun: true });
      expect(pay.json()).toMatchObject({ dryRun: true, action: { id: null, amountCents: 250, balanceAfterCents: 1250 }, fee: { balanceCents: 1500 } });
      const waive = await post(supervisor, `/api/v1/fees/${fee}/waive`, { waiverReasonId: hardship.id, dryRun: true });
      expect(waive.json().action).toMatchObject({ amountCents: 1500, balanceAfterCents: 0, statusAfter: 'closed' });
      const overLimit = await post(technician, `/api/v1/fees/${fee}/waive`, { waiverReasonId: hardship.id, dryRun: true });
      expect(overLimit.json().error.code).toBe('WAIVE_LIMIT_EXCEEDED');
      const transfer = await post(supervisor, `/api/v1/fees/${fee}/transfer`, { dryRun: true });
      expect(transfer.json().action.balanceAfterCents).toBe(0);
      const cancel = await post(supervisor, `/api/v1/fees/${fee}/cancel`, { note: 'test', dryRun: true });
      expect(cancel.json().action.kind).toBe('cancellation');
      const bulk = await post(student, `/api/v1/patrons/${patron.id}/fees/pay`, { amountCents: 1600, method: 'cash', dryRun: true });
      expect(bulk.json()).toMatchObject({ dryRun: true, batchId: null, shares: [{ feeId: fee, amountCents: 1500 }, { amountCents: 100 }] });
      const chargeDry = await post(admin, `/api/v1/patrons/${patron.id}/fees`, { feeTypeId: printing.id, dryRun: true });
      expect(chargeDry.json()).toMatchObject({ dryRun: true, fee: null, amountCents: 150 });
      expect(await actionCount()).toBe(before);
      const auditAfter = Number((await database().db.selectFrom('audit_event').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      expect(auditAfter).toBe(auditBefore);
      expect(await account(patron.id)).toMatchObject({ balanceCents: 1700 });
      expect((await account(patron.id)).fees).toHaveLength(2);
    });
  });

  describe('between institutions', () => {
    it('shows and changes nothing of another institution’s fees', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const fee = await charge(patron.id, 1000);
      const list = await outsider.request({ method: 'GET', url: `/api/v1/patrons/${patron.id}/fees` });
      expect(list.statusCode).toBe(404);
      expect(list.json().error.code).toBe('PATRON_NOT_FOUND');
      expect((await outsider.request({ method: 'GET', url: `/api/v1/fees/${fee}` })).json().error.code).toBe('FEE_NOT_FOUND');
      const pay = await post(outsider, `/api/v1/fees/${fee}/pay`, { amountCents: 100, method: 'cash' });
      expect(pay.statusCode).toBe(404);
      expect(pay.json().error.code).toBe('FEE_NOT_FOUND');
      expect((await post(outsider, `/api/v1/patrons/${patron.id}/fees/pay`, { amountCents: 100, method: 'cash' })).json().error.code).toBe('PATRON_NOT_FOUND');
      expect((await post(outsider, `/api/v1/patrons/${patron.id}/fees`, { feeTypeId: printing.id })).json().error.code).toBe('FEE_TYPE_NOT_FOUND');
      const types = await outsider.request({ method: 'GET', url: '/api/v1/fee-types' });
      expect(types.json().items.map((type: { code: string }) => type.code)).not.toContain('printing');
      expect((await account(patron.id)).balanceCents).toBe(1000);
    });
  });
});
