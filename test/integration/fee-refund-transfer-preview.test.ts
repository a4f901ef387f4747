import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, type StaffSession } from '../support/http.ts';

// The desk's Refund and Transfer dialogs show these dry runs before the librarian confirms.
describeOnBothDatabases('previewing a refund or a bursar transfer', (database) => {
  const clock = fixedClock('2026-10-05T16:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let supervisor: StaffSession;
  let feeTypeId: string;

  const post = (url: string, payload: object) => supervisor.request({ method: 'POST', url, payload });
  const account = async (patronId: string) => (await supervisor.request({ method: 'GET', url: `/api/v1/patrons/${patronId}/fees` })).json();

  beforeAll(async () => {
    ({ app } = await buildTestApp(database(), clock));
    library = await makeInstitution(database().db);
    const staff = await makeStaff(database().db, library.institutionId, { roleCode: 'supervisor' });
    const admin = await makeStaff(database().db, library.institutionId, { roleCode: 'administrator' });
    const adminSession = await signInAs(app, admin.username, admin.password);
    feeTypeId = (await adminSession.request({ method: 'POST', url: '/api/v1/fee-types', payload: { code: 'headphones', name: 'Lost headphones', kind: 'manual' } })).json().id;
    supervisor = await signInAs(app, staff.username, staff.password);
  });
  afterAll(async () => app.close());

  async function feeOf(patronId: string, amountCents: number): Promise<string> {
    const reply = await post(`/api/v1/patrons/${patronId}/fees`, { feeTypeId, amountCents });
    expect(reply.statusCode, reply.body).toBe(201);
    return reply.json().fee.id;
  }

  it('says what a refund would do to the fee and to credit, and changes nothing', async () => {
    const patron = await makePatron(database().db, library.institutionId);
    const fee = await feeOf(patron.id, 1000);
    await post(`/api/v1/fees/${fee}/pay`, { amountCents: 600, method: 'card' });
    const before = await account(patron.id);

    const toBalance = await post(`/api/v1/fees/${fee}/refund`, { amountCents: 250, refundTo: 'balance', note: 'card reversed', dryRun: true });
    expect(toBalance.statusCode, toBalance.body).toBe(200);
    expect(toBalance.json()).toMatchObject({ dryRun: true, action: { id: null, kind: 'refund', amountCents: 250, balanceBeforeCents: 400, balanceAfterCents: 650, creditCents: 0 } });
    const toCredit = await post(`/api/v1/fees/${fee}/refund`, { amountCents: 250, refundTo: 'credit', note: 'goodwill', dryRun: true });
    expect(toCredit.json().action).toMatchObject({ balanceAfterCents: 400, creditCents: 250 });
    const tooMuch = await post(`/api/v1/fees/${fee}/refund`, { amountCents: 700, refundTo: 'patron', note: 'too much', dryRun: true });
    expect(tooMuch.json().error).toMatchObject({ code: 'REFUND_EXCEEDS_PAID', details: { refundableCents: 600 } });

    expect(await account(patron.id)).toEqual(before);
  });

  it('says what is left after a partial transfer to the bursar, and changes nothing', async () => {
    const patron = await makePatron(database().db, library.institutionId);
    const fee = await feeOf(patron.id, 1500);
    const preview = await post(`/api/v1/fees/${fee}/transfer`, { amountCents: 1000, dryRun: true });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ dryRun: true, action: { id: null, kind: 'transfer', amountCents: 1000, balanceAfterCents: 500, statusAfter: 'open' } });
    const tooMuch = await post(`/api/v1/fees/${fee}/transfer`, { amountCents: 1600, dryRun: true });
    expect(tooMuch.statusCode).toBe(422);
    expect((await account(patron.id)).balanceCents).toBe(1500);
  });
});
