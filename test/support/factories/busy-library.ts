import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type CarrelDatabase, type DialectName } from '../../../src/db/database.ts';
import { migrateToLatest } from '../../../src/db/migrate.ts';
import { checkOut } from '../../../src/modules/circulation/index.ts';
import { builtInRoles } from '../../../src/modules/staff/permissions.ts';
import { fixedClock } from '../../../src/platform/clock.ts';
import type { CarrelDatabaseTarget } from '../carrel-process.ts';
import { makeInstance } from './catalog.ts';
import { makeCirculationSetup } from './circulation.ts';
import { openEveryDay } from './desk.ts';
import { makeInstitution, type InstitutionFixture } from './institution.ts';
import { makePatron } from './patrons.ts';
import { makeSipAccount } from './sip.ts';
import { makeStaff } from './staff.ts';
import { testServiceContext } from '../service-context.ts';

/** A migrated database that `carrel` child processes can open too: where it lives, and a connection for the test. */
export interface SharedTestDatabase {
  database: CarrelDatabase;
  target: CarrelDatabaseTarget;
  dispose(): Promise<void>;
}

export async function createSharedTestDatabase(dialect: DialectName): Promise<SharedTestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carrel-nodes-'));
  let databaseUrl: string | undefined;
  if (dialect === 'postgres') {
    const adminUrl = inject('postgresUrl');
    const name = `carrel_nodes_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    databaseUrl = adminUrl.replace(/\/postgres$/, `/${name}`);
  }
  const database = openDatabase({ databaseUrl, sqliteFile: path.join(dataDir, 'carrel.db'), poolSize: 4 });
  await migrateToLatest(database.db);
  return {
    database,
    target: { databaseUrl, dataDir },
    dispose: async () => {
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface BusyLibrary {
  library: InstitutionFixture;
  /** Technicians, one per desk. */
  desks: { username: string; password: string }[];
  kiosk: { username: string; password: string };
  itemBarcodes: string[];
  patrons: { id: string; barcode: string }[];
  /** Loans made a month ago, overdue by now, each with its patron. */
  overdueLoanIds: string[];
}

/**
 * A library ready for traffic from outside the test process: default policies (21-day loans, overdue
 * fines of 25 cents a day), a desk open every day, technicians for `desks` desks, a kiosk SIP account, a shelf of items,
 * patrons, and `overdueLoans` loans lent 30 days ago (so fine accrual has work).
 */
export async function makeBusyLibrary(
  database: CarrelDatabase,
  options: { desks?: number; items?: number; patrons?: number; overdueLoans?: number } = {},
): Promise<BusyLibrary> {
  const db = database.db;
  const library = await makeInstitution(db);
  await makeCirculationSetup(db, library, { overdueFinePolicy: { amountCents: 25, interval: 1, intervalUnit: 'days' } });
  await openEveryDay(db, library);
  const desks = [];
  for (let index = 0; index < (options.desks ?? 2); index += 1) desks.push(await makeStaff(db, library.institutionId, { roleCode: 'technician' }));
  const kiosk = await makeSipAccount(db, library);
  const shelf = await makeInstance(db, library, { title: 'The Busy Shelf' }, Array.from({ length: options.items ?? 12 }, () => ({})));
  const patrons = [];
  for (let index = 0; index < (options.patrons ?? 12); index += 1) patrons.push(await makePatron(db, library.institutionId));
  const overdueLoanIds: string[] = [];
  const overdueLoans = options.overdueLoans ?? 0;
  if (overdueLoans > 0) {
    const late = await makeInstance(db, library, { title: 'Long Overdue' }, Array.from({ length: overdueLoans }, () => ({})));
    const monthAgo = fixedClock(new Date(Date.now() - 30 * 86_400_000));
    const who = { actor: { kind: 'system' as const, id: null, name: 'test', institutionId: library.institutionId }, permissions: new Set(builtInRoles.technician.permissions) };
    for (const [index, barcode] of late.barcodes.entries()) {
      const loan = await checkOut(testServiceContext(db, monthAgo), who, { patronBarcode: patrons[index % patrons.length]!.barcode, itemBarcode: barcode, servicePointId: library.servicePointId });
      if (loan.dryRun) throw new Error('unexpected dry run');
      overdueLoanIds.push(loan.loan.id);
    }
  }
  return {
    library,
    desks: desks.map(({ username, password }) => ({ username, password })),
    kiosk: { username: kiosk.username, password: kiosk.password },
    itemBarcodes: shelf.barcodes,
    patrons: patrons.map((patron) => ({ id: patron.id, barcode: patron.barcode })),
    overdueLoanIds,
  };
}
