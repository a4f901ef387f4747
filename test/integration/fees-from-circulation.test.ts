import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { runAgedToLost } from '../../src/modules/circulation/aged-to-lost.job.ts';
import { loadFee } from '../../src/modules/fees/fee-account.service.ts';
import { payFee } from '../../src/modules/fees/fee-ledger.service.ts';
import { runFineAccrual } from '../../src/modules/fees/fine-accrual.job.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { checkInVia, checkOutVia, makeDesk } from '../support/factories/desk.ts';
import { feeStaffWithRole } from '../support/factories/fee-ledger.ts';
import type { InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { signInAs, type StaffSession } from '../support/http.ts';
import { testServiceContext } from '../support/service-context.ts';

const day = 24 * 3600_000;

describeOnBothDatabases('fines and lost item charges from circulation', (database) => {
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let desk: StaffSession;
  let staff: { username: string; password: string };
  let finePolicyId: string;
  const db = () => database().db;

  beforeAll(async () => {
    ({ app, library, technician: desk, technicianAccount: staff } = await makeDesk(database(), clock, {
      overdueFinePolicy: { amountCents: 25, interval: 1, intervalUnit: 'days', chargeAt: 'end' },
      lostItemPolicy: {
        agedToLostAfter: { amount: 60, unit: 'days' },
        chargeReplacementCost: true,
        defaultReplacementCents: 5000,
        processingFeeCents: 1000,
        refundReplacementWhenReturned: true,
        refundProcessingFeeWhenReturned: false,
        refundTimeLimitDays: 30,
      },
    }));
    finePolicyId = (await db().selectFrom('overdue_fine_policy').select('id').where('institution_id', '=', library.institutionId).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => app.close());

  // Sessions expire as the clock moves: sign in again at the new time, as the desk would.
  async function setClock(to: Date | string) {
    clock.set(to);
    desk = await signInAs(app, staff.username, staff.password);
  }

  async function lend(replacementCostCents: number | null = null) {
    const reader = await makePatron(db(), library.institutionId);
    const { barcodes, itemIds } = await makeInstance(db(), library, { title: 'The Overdue Book' });
    await db().updateTable('item').set({ replacement_cost_cents: replacementCostCents }).where('id', '=', itemIds[0]!).execute();
    const reply = await checkOutVia(desk, { patronBarcode: reader.barcode, itemBarcode: barcodes[0], servicePointId: library.servicePointId });
    expect(reply.statusCode).toBe(201);
    return { patronId: reader.id, barcode: barcodes[0]!, loanId: reply.json().loan.id as string, dueAt: new Date(reply.json().loan.dueAt as string) };
  }

  async function feesOf(patronId: string) {
    const rows = await db().selectFrom('fee').select('id').where('patron_id', '=', patronId).orderBy('created_at').orderBy('id').execute();
    return Promise.all(rows.map((row) => loadFee(db(), library.institutionId, row.id)));
  }
  const balanceOf = async (patronId: string) => (await feesOf(patronId)).reduce((sum, fee) => sum + fee.balanceCents, 0);
  const checkIn = (barcode: string, extra: Record<string, unknown> = {}) => checkInVia(desk, { itemBarcode: barcode, servicePointId: library.servicePointId, ...extra });

  it('charges a book returned 3 days late at $0.25 a day $0.75, on the patron account, owned by the check-in desk', async () => {
    const loan = await lend();
    await setClock(new Date(loan.dueAt.getTime() + 3 * day));
    const reply = await checkIn(loan.barcode);
    expect(reply.statusCode).toBe(200);
    expect(reply.json().fine.fineCents).toBe(75);
    expect(reply.json().fine.explanation.join(' ')).toContain('3 days late');
    const [fee, ...others] = await feesOf(loan.patronId);
    expect(others).toHaveLength(0);
    expect(fee).toMatchObject({ loanId: loan.loanId, originalAmountCents: 75, balanceCents: 75, ownerServicePointId: library.servicePointId, feeType: { kind: 'overdue-fine' } });
  });

  it('charges nothing for an on-time return', async () => {
    const loan = await lend();
    await setClock(new Date(loan.dueAt.getTime() - day));
    const reply = await checkIn(loan.barcode);
    expect(reply.json().fine.fineCents).toBe(0);
    expect(await feesOf(loan.patronId)).toHaveLength(0);
  });

  it('computes a backdated return from the backdated time', async () => {
    const loan = await lend();
    await setClock(new Date(loan.dueAt.getTime() + 5 * day));
    // backdating that takes a fine off is a supervisor's (check-in-backdating.test.ts)
    const supervisor = await makeStaff(db(), library.institutionId, { roleCode: 'supervisor' });
    const reply = await checkInVia(await signInAs(app, supervisor.username, supervisor.password), {
      itemBarcode: loan.barcode,
      servicePointId: library.servicePointId,
      returnedAt: new Date(loan.dueAt.getTime() + 2 * day).toISOString(),
    });
    expect(reply.json().fine.fineCents).toBe(50);
    expect(await balanceOf(loan.patronId)).toBe(50);
  });

  it('accrues a fine daily without charging twice, and check-in finalises it without a second fee', async () => {
    const loan = await lend();
    await setClock(new Date(loan.dueAt.getTime() + 2 * day));
    const first = await runFineAccrual(db(), clock, library.institutionId);
    expect(first.alreadyRan).toBe(false);
    expect(first.raised).toContain(loan.loanId);
    expect(await balanceOf(loan.patronId)).toBe(50);
    expect((await runFineAccrual(db(), clock, library.institutionId)).alreadyRan).toBe(true);
    expect(await balanceOf(loan.patronId)).toBe(50);

    await setClock(new Date(loan.dueAt.getTime() + 3 * day));
    expect((await runFineAccrual(db(), clock, library.institutionId)).raised).toContain(loan.loanId);
    const accrued = await feesOf(loan.patronId);
    expect(accrued).toHaveLength(1);
    expect(accrued[0]).toMatchObject({ originalAmountCents: 50, balanceCents: 75 });
    expect(accrued[0]!.actions.map((action) => [action.kind, action.amountCents])).toEqual([['adjustment', 25]]);

    await setClock(new Date(loan.dueAt.getTime() + 4 * day));
    const reply = await checkIn(loan.barcode);
    expect(reply.json().fine.fineCents).toBe(100);
    expect(reply.json().fine.explanation.at(-1)).toContain('had already been charged');
    const settled = await feesOf(loan.patronId);
    expect(settled).toHaveLength(1);
    expect(settled[0]!.balanceCents).toBe(100);
  });

  it('charges the replacement cost and processing fee when an item is declared lost', async () => {
    const loan = await lend(4000);
    const reply = await desk.request({ method: 'POST', url: `/api/v1/circulation/loans/${loan.loanId}/declare-lost`, payload: { reason: 'Left on the bus' } });
    expect(reply.statusCode).toBe(200);
    const fees = await feesOf(loan.patronId);
    expect(fees.map((fee) => [fee.feeType.kind, fee.originalAmountCents]).sort()).toEqual([
      ['lost-item-processing', 1000],
      ['lost-item-replacement', 4000],
    ]);
    expect(fees.every((fee) => fee.loanId === loan.loanId)).toBe(true);
  });

  it('refunds the replacement when the lost item comes back: cancels what is owed, refunds what was paid, keeps the processing fee', async () => {
    const loan = await lend(4000);
    await desk.request({ method: 'POST', url: `/api/v1/circulation/loans/${loan.loanId}/declare-lost`, payload: {} });
    const replacement = (await feesOf(loan.patronId)).find((fee) => fee.feeType.kind === 'lost-item-replacement')!;
    await payFee(testServiceContext(db(), clock), feeStaffWithRole(library.institutionId, 'technician'), replacement.id, { amountCents: 1500, method: 'cash' });
    await setClock(new Date(clock.now().getTime() + 2 * day));
    const reply = await checkIn(loan.barcode);
    expect(reply.statusCode).toBe(200);
    expect(reply.json().resolution).toBe('returned-by-patron');
    expect(reply.json().fine.explanation.join(' ')).toContain('Replacement charge refunded');
    const after = await feesOf(loan.patronId);
    const refunded = after.find((fee) => fee.id === replacement.id)!;
    expect(refunded.actions.map((action) => [action.kind, action.amountCents])).toEqual([
      ['payment', 1500],
      ['cancellation', 2500],
      ['refund', 1500],
    ]);
    expect(refunded.balanceCents).toBe(0);
    expect(await balanceOf(loan.patronId)).toBe(1000);
  });

  it('refunds nothing when the lost item comes back after the refund time limit', async () => {
    const loan = await lend(4000);
    await desk.request({ method: 'POST', url: `/api/v1/circulation/loans/${loan.loanId}/declare-lost`, payload: {} });
    await setClock(new Date(clock.now().getTime() + 31 * day));
    const reply = await checkIn(loan.barcode);
    expect(reply.json().fine.explanation.join(' ')).toContain('refund time limit');
    expect(await balanceOf(loan.patronId)).toBe(5000);
    expect((await feesOf(loan.patronId)).every((fee) => fee.actions.length === 0)).toBe(true);
  });

  it('reinstates the overdue fine when a lost item comes back, if the policy says so', async () => {
    const lostPolicy = await db().selectFrom('lost_item_policy').select(['id', 'settings']).where('institution_id', '=', library.institutionId).executeTakeFirstOrThrow();
    await db().updateTable('lost_item_policy').set({ settings: JSON.stringify({ ...JSON.parse(lostPolicy.settings), reinstateOverdueFineWhenReturned: true }) }).where('id', '=', lostPolicy.id).execute();
    try {
      const loan = await lend(4000);
      await setClock(new Date(loan.dueAt.getTime() + 3 * day));
      await desk.request({ method: 'POST', url: `/api/v1/circulation/loans/${loan.loanId}/declare-lost`, payload: {} });
      await setClock(new Date(loan.dueAt.getTime() + 4 * day));
      const reply = await checkIn(loan.barcode);
      expect(reply.json().fine.fineCents).toBe(100);
      const fees = await feesOf(loan.patronId);
      expect(fees.map((fee) => [fee.feeType.kind, fee.balanceCents]).sort()).toEqual([
        ['lost-item-processing', 1000],
        ['lost-item-replacement', 0],
        ['overdue-fine', 100],
      ]);
    } finally {
      await db().updateTable('lost_item_policy').set({ settings: lostPolicy.settings }).where('id', '=', lostPolicy.id).execute();
    }
  });

  it('charges the lost item fees when a loan ages to lost', async () => {
    const loan = await lend(null);
    await setClock(new Date(loan.dueAt.getTime() + 61 * day));
    expect((await runAgedToLost(db(), clock, library.institutionId)).agedToLost).toContain(loan.loanId);
    // no replacement cost recorded: the policy's set amount
    expect((await feesOf(loan.patronId)).map((fee) => [fee.feeType.kind, fee.originalAmountCents]).sort()).toEqual([
      ['lost-item-processing', 1000],
      ['lost-item-replacement', 5000],
    ]);
  });

  const renew = (loanId: string) => desk.request({ method: 'POST', url: `/api/v1/circulation/loans/${loanId}/renew`, payload: {} });

  it('charges the fine accrued when an overdue loan is renewed', async () => {
    const loan = await lend();
    await setClock(new Date(loan.dueAt.getTime() + 3 * day));
    const reply = await renew(loan.loanId);
    expect(reply.statusCode).toBe(200);
    expect(reply.json().fine).toMatchObject({ fineCents: 75, forgiven: false });
    expect(await balanceOf(loan.patronId)).toBe(75);
    // the renewed loan starts afresh: returned on time, nothing more is charged
    const checkedIn = await checkIn(loan.barcode);
    expect(checkedIn.json().fine.fineCents).toBe(0);
    expect(await balanceOf(loan.patronId)).toBe(75);
  });

  it('forgives the fine on renewal when the policy says so, taking off what had accrued', async () => {
    const settings = (await db().selectFrom('overdue_fine_policy').select('settings').where('id', '=', finePolicyId).executeTakeFirstOrThrow()).settings;
    await db().updateTable('overdue_fine_policy').set({ settings: JSON.stringify({ ...JSON.parse(settings), forgiveOnRenewal: true }) }).where('id', '=', finePolicyId).execute();
    try {
      const loan = await lend();
      await setClock(new Date(loan.dueAt.getTime() + 2 * day));
      await runFineAccrual(db(), clock, library.institutionId);
      expect(await balanceOf(loan.patronId)).toBe(50);
      await setClock(new Date(loan.dueAt.getTime() + 3 * day));
      const reply = await renew(loan.loanId);
      expect(reply.json().fine).toMatchObject({ fineCents: 0, forgiven: true, accruedCents: 75 });
      expect(await balanceOf(loan.patronId)).toBe(0);
    } finally {
      await db().updateTable('overdue_fine_policy').set({ settings }).where('id', '=', finePolicyId).execute();
    }
  });
});
