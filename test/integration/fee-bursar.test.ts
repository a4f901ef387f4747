import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { runBursarTransferJob } from '../../src/modules/fees/bursar-transfer.job.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { chargeFeeAt } from '../support/factories/fees-desk.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, type StaffSession } from '../support/http.ts';

describeOnBothDatabases('bursar transfer', (database) => {
  const clock = fixedClock('2026-10-05T16:00:00Z');
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ app } = await buildTestApp(database(), clock));
  });
  afterAll(async () => app.close());

  /** A library of its own per test, so batches never see another test's fees. */
  async function freshLibrary(): Promise<{ library: InstitutionFixture; admin: StaffSession }> {
    const library = await makeInstitution(database().db);
    const staff = await makeStaff(database().db, library.institutionId, { roleCode: 'supervisor' });
    return { library, admin: await signInAs(app, staff.username, staff.password) };
  }

  const daysAgo = (days: number) => new Date(clock.now().getTime() - days * 86_400_000).toISOString();
  const post = (session: StaffSession, url: string, payload: object) => session.request({ method: 'POST', url, payload });
  const balanceOf = async (session: StaffSession, feeId: string) => (await session.request({ method: 'GET', url: `/api/v1/fees/${feeId}` })).json().balanceCents;

  it('exports only fees old enough, of the patron groups the library sends, in the chosen column layout', async () => {
    const { library, admin } = await freshLibrary();
    const db = database().db;
    const rules = await admin.request({
      method: 'PUT',
      url: '/api/v1/bursar/rules',
      payload: { rules: [{ patronGroupId: library.patronGroups.student!, minAgeDays: 30, enabled: true }, { patronGroupId: library.patronGroups.faculty!, minAgeDays: 60, enabled: true }] },
    });
    expect(rules.statusCode, rules.body).toBe(200);
    const student = await makePatron(db, library.institutionId, { lastName: 'Okafor, Jr.', firstName: 'Ada', externalId: 'S-100' });
    const faculty = await makePatron(db, library.institutionId, { group: 'faculty', lastName: 'Brown', firstName: 'Ben', externalId: 'F-200' });
    const community = await makePatron(db, library.institutionId, { group: 'community', lastName: 'Cole', firstName: 'Cy' });
    const oldStudentFee = await chargeFeeAt(db, library.institutionId, student.id, daysAgo(40), 1250, { description: 'Late "Dune"' });
    const youngStudentFee = await chargeFeeAt(db, library.institutionId, student.id, daysAgo(10), 300);
    const facultyFee45 = await chargeFeeAt(db, library.institutionId, faculty.id, daysAgo(45), 500);
    const facultyFee70 = await chargeFeeAt(db, library.institutionId, faculty.id, daysAgo(70), 700);
    const communityFee = await chargeFeeAt(db, library.institutionId, community.id, daysAgo(200), 900);

    const reply = await post(admin, '/api/v1/bursar/batches', { columns: ['externalId', 'lastName', 'firstName', 'amount', 'amountCents', 'description'] });
    expect(reply.statusCode, reply.body).toBe(201);
    const result = reply.json();
    expect(result.batch).toMatchObject({ status: 'exported', feeCount: 2, totalCents: 1950, criteria: { student: 30, faculty: 60 }, fileName: 'bursar-20261005-160000.csv' });
    expect(result.lines.map((line: { feeId: string }) => line.feeId).sort()).toEqual([oldStudentFee, facultyFee70].sort());
    expect(result.csv).toBe('externalId,lastName,firstName,amount,amountCents,description\r\nF-200,Brown,Ben,7.00,700,\r\nS-100,"Okafor, Jr.",Ada,12.50,1250,"Late ""Dune"""\r\n');

    expect(await balanceOf(admin, oldStudentFee)).toBe(0);
    expect(await balanceOf(admin, facultyFee70)).toBe(0);
    for (const untouched of [youngStudentFee, facultyFee45, communityFee]) expect(await balanceOf(admin, untouched)).toBeGreaterThan(0);
    const fee = (await admin.request({ method: 'GET', url: `/api/v1/fees/${oldStudentFee}` })).json();
    expect(fee.actions).toMatchObject([{ kind: 'transfer', amountCents: 1250, batchId: result.batch.id }]);

    const file = await admin.request({ method: 'GET', url: `/api/v1/bursar/batches/${result.batch.id}/export.csv` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('text/csv');
    expect(file.body).toBe(result.csv);
  });

  it('never exports a fee twice: running again for the same cutoff creates nothing', async () => {
    const { library, admin } = await freshLibrary();
    const patron = await makePatron(database().db, library.institutionId);
    const fee = await chargeFeeAt(database().db, library.institutionId, patron.id, daysAgo(40), 800);
    const first = await post(admin, '/api/v1/bursar/batches', { olderThanDays: 30 });
    expect(first.json().batch.feeCount).toBe(1);
    const again = await post(admin, '/api/v1/bursar/batches', { olderThanDays: 30 });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ batch: null, lines: [], totalCents: 0 });
    const batches = (await admin.request({ method: 'GET', url: '/api/v1/bursar/batches' })).json();
    expect(batches.total).toBe(1);
    const actions = await database().db.selectFrom('fee_action').select('kind').where('fee_id', '=', fee).execute();
    expect(actions).toHaveLength(1);
  });

  it('changes nothing on a dry run, but shows what would go', async () => {
    const { library, admin } = await freshLibrary();
    const patron = await makePatron(database().db, library.institutionId);
    const fee = await chargeFeeAt(database().db, library.institutionId, patron.id, daysAgo(40), 800);
    const reply = await post(admin, '/api/v1/bursar/batches', { olderThanDays: 30, dryRun: true });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({ dryRun: true, batch: null, totalCents: 800, lines: [{ feeId: fee, amountCents: 800 }] });
    expect(await balanceOf(admin, fee)).toBe(800);
    expect((await admin.request({ method: 'GET', url: '/api/v1/bursar/batches' })).json().total).toBe(0);
  });

  it('takes only what is still owed on a part-paid fee, and a reversed batch restores the balances', async () => {
    const { library, admin } = await freshLibrary();
    const patron = await makePatron(database().db, library.institutionId);
    const fee = await chargeFeeAt(database().db, library.institutionId, patron.id, daysAgo(40), 1000);
    expect((await post(admin, `/api/v1/fees/${fee}/pay`, { amountCents: 400, method: 'cash' })).statusCode).toBe(200);
    const batch = (await post(admin, '/api/v1/bursar/batches', { olderThanDays: 30 })).json().batch;
    expect(batch.totalCents).toBe(600);
    expect(await balanceOf(admin, fee)).toBe(0);

    const missingReason = await post(admin, `/api/v1/bursar/batches/${batch.id}/reverse`, {});
    expect(missingReason.statusCode).toBe(400);
    const reversed = await post(admin, `/api/v1/bursar/batches/${batch.id}/reverse`, { reason: 'Student account system rejected the file' });
    expect(reversed.statusCode, reversed.body).toBe(200);
    expect(reversed.json()).toMatchObject({ restoredCents: 600, batch: { status: 'reversed', reversalReason: 'Student account system rejected the file' } });
    const after = (await admin.request({ method: 'GET', url: `/api/v1/fees/${fee}` })).json();
    expect(after).toMatchObject({ balanceCents: 600, status: 'open' });
    expect(after.actions.at(-1)).toMatchObject({ kind: 'adjustment', amountCents: 600, batchId: batch.id });

    expect((await post(admin, `/api/v1/bursar/batches/${batch.id}/reverse`, { reason: 'again' })).json().error.code).toBe('CONFLICT');
    // Restored, the fee may go in a later batch.
    expect((await post(admin, '/api/v1/bursar/batches', { olderThanDays: 30 })).json().batch.totalCents).toBe(600);
  });

  it('keeps batches to their library and to staff allowed to transfer', async () => {
    const { admin } = await freshLibrary();
    const other = await freshLibrary();
    const patron = await makePatron(database().db, other.library.institutionId);
    await chargeFeeAt(database().db, other.library.institutionId, patron.id, daysAgo(40), 800);
    const batch = (await post(other.admin, '/api/v1/bursar/batches', { olderThanDays: 30 })).json().batch;
    expect((await admin.request({ method: 'GET', url: `/api/v1/bursar/batches/${batch.id}/export.csv` })).statusCode).toBe(404);
    expect((await post(admin, '/api/v1/bursar/batches', { olderThanDays: 30 })).json().batch).toBeNull();

    const technician = await makeStaff(database().db, other.library.institutionId, { roleCode: 'technician' });
    const session = await signInAs(app, technician.username, technician.password);
    const refused = await post(session, '/api/v1/bursar/batches', { olderThanDays: 30 });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.details.permission).toBe('fees.transfer');
  });

  it('runs as a scheduled job once a day, by the library’s rules, writing the export file to the data folder', async () => {
    const { library, admin } = await freshLibrary();
    await admin.request({ method: 'PUT', url: '/api/v1/bursar/rules', payload: { rules: [{ patronGroupId: library.patronGroups.student!, minAgeDays: 30, enabled: true }] } });
    const patron = await makePatron(database().db, library.institutionId, { externalId: 'S-900' });
    await chargeFeeAt(database().db, library.institutionId, patron.id, daysAgo(31), 450);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'carrel-bursar-'));
    try {
      const first = await runBursarTransferJob(database().db, clock, library.institutionId, dataDir);
      expect(first).toMatchObject({ alreadyRan: false, batch: { feeCount: 1, totalCents: 450 } });
      expect(first.filePath).toBe(path.join(dataDir, 'bursar', library.code, 'bursar-20261005-160000.csv'));
      expect(await readFile(first.filePath!, 'utf8')).toContain('S-900,');
      expect(await runBursarTransferJob(database().db, clock, library.institutionId, dataDir)).toMatchObject({ alreadyRan: true, batch: null });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
