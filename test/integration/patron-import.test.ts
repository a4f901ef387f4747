import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { registerImportPatronsCommand } from '../../src/cli/import-patrons.command.ts';
import { importPatronsCsv } from '../../src/modules/patrons/patron-import.service.ts';
import type { Actor } from '../../src/modules/audit/audit.queries.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron, patronCsv } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs } from '../support/http.ts';

const fullColumns = ['externalId', 'barcode', 'firstName', 'lastName', 'patronGroup', 'email', 'birthDate', 'expiresOn', 'status'];

describeOnBothDatabases('patron CSV import', (database, dialect) => {
  const clock = fixedClock('2026-08-15T16:00:00Z');
  let library: InstitutionFixture;
  let actor: Actor;

  beforeAll(async () => {
    library = await makeInstitution(database().db);
    actor = { kind: 'system', id: null, name: 'test-import', institutionId: library.institutionId };
  });

  const patronsByExternalId = async (externalIds: string[]) =>
    database().db.selectFrom('patron').selectAll().where('institution_id', '=', library.institutionId).where('external_id', 'in', externalIds).orderBy('external_id').execute();
  const run = (csv: string, partial = false) => importPatronsCsv(database().db, clock, actor, { csv, partial });

  it('creates patrons, then updates them by external id and leaves unchanged ones alone', async () => {
    const first = patronCsv(
      [
        { externalId: 'A1', barcode: '2200000001', firstName: 'Ana', lastName: 'Gómez', patronGroup: 'student', email: 'ana@example.edu', birthDate: '2001-04-05', expiresOn: '2027-06-30' },
        { externalId: 'A2', barcode: '2200000002', firstName: 'Bo', lastName: 'Kim', patronGroup: 'Faculty', status: 'inactive' },
      ],
      fullColumns,
    );
    expect(await run(first)).toEqual({ applied: true, rows: 2, created: 2, updated: 0, unchanged: 0, rejected: [] });
    const created = await patronsByExternalId(['A1', 'A2']);
    expect(created.map((row) => [row.barcode, row.status, row.patron_group_id, row.birth_date, row.expires_on])).toEqual([
      ['2200000001', 'active', library.patronGroups.student, '2001-04-05', '2027-06-30'],
      ['2200000002', 'inactive', library.patronGroups.faculty, null, null],
    ]);

    // A2 changes barcode and email; the file has no expiresOn column, so A1's expiry stays.
    const second = patronCsv(
      [
        { externalId: 'A1', barcode: '2200000001', firstName: 'Ana', lastName: 'Gómez', patronGroup: 'student', email: 'ana@example.edu' },
        { externalId: 'A2', barcode: '2200000012', firstName: 'Bo', lastName: 'Kim', patronGroup: 'faculty', email: 'bo@example.edu' },
      ],
      ['externalId', 'barcode', 'firstName', 'lastName', 'patronGroup', 'email'],
    );
    expect(await run(second)).toMatchObject({ applied: true, created: 0, updated: 1, unchanged: 1 });
    const updated = await patronsByExternalId(['A1', 'A2']);
    expect(updated.map((row) => [row.barcode, row.email, row.expires_on, row.status])).toEqual([
      ['2200000001', 'ana@example.edu', '2027-06-30', 'active'],
      ['2200000012', 'bo@example.edu', null, 'inactive'],
    ]);
    const audit = await database().db.selectFrom('audit_event').selectAll().where('entity_id', '=', updated[1]?.id ?? '').where('action', '=', 'patron.update').execute();
    expect(audit.map((event) => [JSON.parse(event.before ?? '{}'), JSON.parse(event.after ?? '{}')])).toEqual([
      [{ barcode: '2200000002', email: null }, { barcode: '2200000012', email: 'bo@example.edu' }],
    ]);
    const fileEvents = await database().db.selectFrom('audit_event').select('after').where('institution_id', '=', library.institutionId).where('action', '=', 'patron.import').execute();
    expect(fileEvents.map((event) => JSON.parse(event.after ?? '{}'))).toContainEqual({ rows: 2, created: 0, updated: 1, unchanged: 1, rejected: 0, partial: false });
  });

  it('finds imported patrons by accent-free name search', async () => {
    const { app } = await buildTestApp(database(), clock);
    const staff = await makeStaff(database().db, library.institutionId);
    const session = await signInAs(app, staff.username, staff.password);
    const reply = await session.request({ method: 'GET', url: '/api/v1/patrons?q=ana%20gomez' });
    expect(reply.json().items.map((patron: { externalId: string }) => patron.externalId)).toContain('A1');
    await app.close();
  });

  const mixedFile = () =>
    patronCsv(
      [
        { externalId: 'B1', barcode: '2300000001', firstName: 'Cy', lastName: 'Diaz', patronGroup: 'student', birthDate: '2002-01-01' },
        { externalId: 'B2', barcode: '2300000002', firstName: 'Di', lastName: 'Evans', patronGroup: 'wizard' },
        { externalId: 'B3', barcode: '2300000003', firstName: '', lastName: 'Fox', patronGroup: 'student' },
        { externalId: 'B4', barcode: '2300000004', firstName: 'Gil', lastName: 'Hart', patronGroup: 'staff', birthDate: '2002-02-30' },
        { externalId: 'B5', barcode: '2300000005', firstName: 'Ida', lastName: 'Jones', patronGroup: 'staff' },
        { externalId: 'B6', barcode: '2300000005', firstName: 'Jo', lastName: 'King', patronGroup: 'staff' },
        { externalId: 'B7', barcode: '2200000001', firstName: 'Kai', lastName: 'Lund', patronGroup: 'community' },
        { externalId: 'B8', barcode: '2300000008', firstName: 'Lu', lastName: 'Moe', patronGroup: 'community' },
      ],
      ['externalId', 'barcode', 'firstName', 'lastName', 'patronGroup', 'birthDate'],
    );
  const expectedRejects = [
    { row: 3, externalId: 'B2', reason: 'patronGroup wizard is not a patron group here (known: community, faculty, staff, student)' },
    { row: 4, externalId: 'B3', reason: 'firstName is required' },
    { row: 5, externalId: 'B4', reason: 'birthDate must be a real date written YYYY-MM-DD' },
    { row: 6, externalId: 'B5', reason: 'barcode 2300000005 is also on row 7' },
    { row: 7, externalId: 'B6', reason: 'barcode 2300000005 is also on row 6' },
    { row: 8, externalId: 'B7', reason: 'barcode 2200000001 belongs to another patron (externalId A1)' },
  ];

  it('rejects bad rows with their line numbers and changes nothing when any row is bad', async () => {
    const before = await database().db.selectFrom('patron').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const report = await run(mixedFile());
    expect(report).toEqual({ applied: false, rows: 8, created: 0, updated: 0, unchanged: 0, rejected: expectedRejects });
    const after = await database().db.selectFrom('patron').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await patronsByExternalId(['B1', 'B8'])).toEqual([]);
  });

  it('with partial, loads the good rows and reports the bad ones', async () => {
    const report = await run(mixedFile(), true);
    expect(report).toEqual({ applied: true, rows: 8, created: 2, updated: 0, unchanged: 0, rejected: expectedRejects });
    expect((await patronsByExternalId(['B1', 'B2', 'B8'])).map((row) => row.external_id)).toEqual(['B1', 'B8']);
  });

  it('answers the API with the report, or IMPORT_REJECTED listing the rejects', async () => {
    const { app } = await buildTestApp(database(), clock);
    const staff = await makeStaff(database().db, library.institutionId, { roleCode: 'supervisor' });
    const session = await signInAs(app, staff.username, staff.password);
    const good = patronCsv([{ externalId: 'C1', barcode: '2400000001', firstName: 'Mia', lastName: 'North', patronGroup: 'student' }]);
    const applied = await session.request({ method: 'POST', url: '/api/v1/patrons/import', payload: { csv: good } });
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ applied: true, created: 1 });
    const refused = await session.request({ method: 'POST', url: '/api/v1/patrons/import', payload: { csv: mixedFile() } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'IMPORT_REJECTED', details: { applied: false, rejected: expectedRejects } });
    const technician = await makeStaff(database().db, library.institutionId, { roleCode: 'technician' });
    const technicianSession = await signInAs(app, technician.username, technician.password);
    expect((await technicianSession.request({ method: 'POST', url: '/api/v1/patrons/import', payload: { csv: good } })).statusCode).toBe(403);
    await app.close();
  });

  const badRows = (count: number) =>
    patronCsv(Array.from({ length: count }, (_, index) => ({ externalId: `G${index}`, barcode: `28${String(index).padStart(8, '0')}`, firstName: `First${index}`, lastName: 'Bad', patronGroup: 'wizard' })));

  it('keeps the server answering while it checks a large file: other work gets turns all through the load', async () => {
    let turns = 0;
    const tick = () => {
      turns += 1;
      ticker = setImmediate(tick);
    };
    let ticker = setImmediate(tick);
    try {
      expect(await run(badRows(20_000))).toMatchObject({ applied: false, rows: 20000 });
    } finally {
      clearImmediate(ticker);
    }
    // At most 1,000 rows between turns (SQLite's driver is synchronous: without yielding, none at all).
    expect(turns).toBeGreaterThanOrEqual(20);
  });

  it('answers a load of 20,000 bad rows with a short reply that counts them and lists the first 100', async () => {
    const { app } = await buildTestApp(database(), clock);
    const staff = await makeStaff(database().db, library.institutionId, { roleCode: 'supervisor' });
    const session = await signInAs(app, staff.username, staff.password);
    const refused = await session.request({ method: 'POST', url: '/api/v1/patrons/import', payload: { csv: badRows(20_000) } });
    expect(refused.statusCode).toBe(422);
    expect(refused.body.length).toBeLessThan(20_000);
    const { error } = refused.json();
    expect(error.code).toBe('IMPORT_REJECTED');
    expect(error.message).toBe('20000 row(s) were rejected, so nothing was changed (the first 100 are listed). Fix them, or import with partial.');
    expect(error.details).toMatchObject({ applied: false, rows: 20000, rejectedCount: 20000 });
    expect(error.details.rejected).toHaveLength(100);
    expect(error.details.rejected[0]).toEqual({ row: 2, externalId: 'G0', reason: 'patronGroup wizard is not a patron group here (known: community, faculty, staff, student)' });
    expect(error.details.rejected[99]).toMatchObject({ row: 101, externalId: 'G99' });
    await app.close();
  });

  it('refuses a file that is not UTF-8, naming the first line with such bytes, and accepts a byte-order mark', async () => {
    const { app } = await buildTestApp(database(), clock);
    const staff = await makeStaff(database().db, library.institutionId, { roleCode: 'supervisor' });
    const session = await signInAs(app, staff.username, staff.password);
    // Latin-1 bytes read as UTF-8 arrive as U+FFFD, whether a browser or Node read the file.
    const latin1 = Buffer.from('externalId,barcode,firstName,lastName,patronGroup\nH1,2810000001,Ana,Lopez,student\nH2,2810000002,Zo\u00eb,M\u00fcller,student\n', 'latin1').toString('utf8');
    const refused = await session.request({ method: 'POST', url: '/api/v1/patrons/import', payload: { csv: latin1 } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toEqual({
      code: 'IMPORT_NOT_UTF8',
      message: 'Line 3 of the file has bytes that are not UTF-8: save the file as UTF-8 (in Excel: CSV UTF-8) and load it again.',
      details: { line: 3 },
    });
    expect(await patronsByExternalId(['H1', 'H2'])).toEqual([]);
    const withMark = await session.request({
      method: 'POST', url: '/api/v1/patrons/import', payload: { csv: '\ufeffexternalId,barcode,firstName,lastName,patronGroup\nH3,2810000003,Zoë,Müller,student\n' },
    });
    expect(withMark.json()).toMatchObject({ applied: true, created: 1, rejectedCount: 0 });
    expect((await patronsByExternalId(['H3'])).map((row) => row.first_name)).toEqual(['Zoë']);
    await app.close();
  });

  it('does not adopt a patron registered at the desk whose barcode the file reuses', async () => {
    const walkIn = await makePatron(database().db, library.institutionId, { barcode: '2500000001' });
    const report = await run(patronCsv([{ externalId: 'D1', barcode: walkIn.barcode, firstName: 'Nia', lastName: 'Oak', patronGroup: 'student' }]));
    expect(report.rejected).toEqual([{ row: 2, externalId: 'D1', reason: 'barcode 2500000001 belongs to another patron' }]);
  });

  it('loads 5,000 patrons and then updates half of them', async () => {
    const rows = Array.from({ length: 5000 }, (_, index) => ({
      externalId: `E${index}`,
      barcode: `26${String(index).padStart(8, '0')}`,
      firstName: `First${index}`,
      lastName: `Last${index % 97}`,
      patronGroup: 'student',
      email: `e${index}@example.edu`,
      birthDate: '2000-01-01',
      expiresOn: '2027-06-30',
      status: 'active',
    }));
    expect(await run(patronCsv(rows, fullColumns))).toMatchObject({ created: 5000, rejected: [] });
    const changed = rows.map((row, index) => (index % 2 === 0 ? { ...row, expiresOn: '2028-06-30' } : row));
    expect(await run(patronCsv(changed, fullColumns))).toMatchObject({ updated: 2500, unchanged: 2500 });
  });

  describe('from the command line', () => {
    let folder: string;
    beforeAll(() => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'carrel-import-'));
    });
    afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

    async function runCommand(args: string[]): Promise<{ output: string; exitCode: number | undefined }> {
      const program = new Command('carrel').exitOverride();
      registerImportPatronsCommand(program.command('import'));
      const lines: string[] = [];
      const log = vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
      const previous = { dataDir: process.env.CARREL_DATA_DIR, databaseUrl: process.env.DATABASE_URL };
      // The command opens the configured database: this suite's SQLite file or PostgreSQL database.
      if (dialect === 'sqlite') {
        process.env.CARREL_DATA_DIR = path.dirname(database().location);
        delete process.env.DATABASE_URL;
      } else {
        process.env.DATABASE_URL = database().location;
      }
      try {
        await program.parseAsync(['node', 'carrel', 'import', 'patrons', ...args]);
        return { output: lines.join('\n'), exitCode: process.exitCode as number | undefined };
      } finally {
        log.mockRestore();
        process.exitCode = undefined;
        if (previous.dataDir) process.env.CARREL_DATA_DIR = previous.dataDir;
        else delete process.env.CARREL_DATA_DIR;
        if (previous.databaseUrl) process.env.DATABASE_URL = previous.databaseUrl;
        else delete process.env.DATABASE_URL;
      }
    }

    it('prints the report and exits non-zero when rows were rejected without --partial', async () => {
      const file = path.join(folder, 'patrons.csv');
      fs.writeFileSync(file, mixedFile().replace(/B(\d)/g, 'F$1').replace(/230/g, '270'));
      const refused = await runCommand([file, '--institution', library.code]);
      expect(refused.exitCode).toBe(1);
      expect(refused.output).toContain('Nothing was changed: 6 row(s) were rejected');
      expect(refused.output).toContain('row 3 (externalId F2): patronGroup wizard is not a patron group here');
      const partial = await runCommand([file, '--institution', library.code, '--partial']);
      expect(partial.exitCode).toBe(1);
      expect(partial.output).toContain('Created 2, updated 0, unchanged 0, rejected 6.');
    });
  });
});
