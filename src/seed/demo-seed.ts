import fs from 'node:fs';
import { Faker, base, en, en_US, es, es_MX } from '@faker-js/faker';
import { sql, type Kysely } from 'kysely';
import type { CarrelDatabase } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { recordAuditEvent } from '../modules/audit/index.ts';
import { rebuildSearchIndex } from '../modules/catalog/index.ts';
import { applyLibraryConfigWithin } from '../modules/config/index.ts';
import { formatProblem } from '../modules/config/index.ts';
import { hashSecret } from '../modules/staff/index.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { insertRows } from '../db/bulk-insert.ts';
import { CatalogWriter, barcodeSequence, seedCatalog } from './demo-catalog.ts';
import { collegeSpec, partnerSpec, seedInstitution, type SeededInstitution } from './demo-college.ts';
import { demoInstitutionCode, demoPatronPin, demoStaff, demoStaffPassword } from './demo-identities.ts';
import { seedDemoSipAccount } from './demo-sip-account.ts';
import { seedPatrons } from './demo-patrons.ts';

export interface DemoSeedOptions {
  /** Defaults: about 50,000 items on 30,000 instances and 5,000 patrons. */
  items?: number;
  patrons?: number;
}

/** Counts over both institutions (the college and its consortium partner). */
export interface DemoSeedSummary {
  milliseconds: number;
  instances: number;
  items: number;
  patrons: number;
}

export const defaultDemoItems = 50_000;
export const defaultDemoPatrons = 5_000;
/** The partner library is small whatever the college's size. */
export const partnerItems = 300;
export const partnerPatrons = 200;

// Generated (not documented) barcodes start far above the documented 21000000000001.. and 31000000000001..
const generatedPatronBase = 21_000_000_100_000;
const generatedItemBase = 31_000_000_100_000;
const partnerPatronBase = 22_000_000_100_000;
const partnerItemBase = 32_000_000_100_000;

export async function databaseIsEmpty(db: Kysely<Database>): Promise<boolean> {
  const institution = await db.selectFrom('institution').select('id').limit(1).executeTakeFirst();
  return institution === undefined;
}

export async function demoCollegeExists(db: Kysely<Database>): Promise<boolean> {
  const college = await db.selectFrom('institution').select('id').where('code', '=', demoInstitutionCode).executeTakeFirst();
  return college !== undefined;
}

/**
 * Create Willamette Valley College (two campuses) and its consortium partner with a deterministic
 * catalogue, patrons and the documented demo identities, in one transaction, then index the catalogue.
 */
export async function seedDemo(database: CarrelDatabase, clock: Clock, options: DemoSeedOptions): Promise<DemoSeedSummary> {
  const started = performance.now();
  const items = options.items ?? defaultDemoItems;
  const patrons = options.patrons ?? defaultDemoPatrons;
  if (await demoCollegeExists(database.db)) {
    throw new DomainError('DUPLICATE_CODE', `This database already has the demo college (${demoInstitutionCode}); seed a fresh database instead.`, {
      code: demoInstitutionCode,
    });
  }
  const english = new Faker({ locale: [en_US, en, base] });
  const spanish = new Faker({ locale: [es_MX, es, en, base] });
  english.seed(42);
  spanish.seed(43);
  // argon2 is slow on purpose: hash each demo secret once and share the hash.
  const [passwordHash, pinHash] = await Promise.all([hashSecret(demoStaffPassword), hashSecret(demoPatronPin)]);
  const now = clock.now();
  const stamp = now.toISOString();

  const restoreCache = await enlargeSqliteCache(database);
  let summary: { institutionIds: string[]; instances: number; items: number; patrons: number };
  try {
    summary = await database.db.transaction().execute(async (trx) => {
      const college = await seedInstitution(trx, collegeSpec, stamp);
      await applyDemoLibraryConfig(trx, clock, college.institutionId, 'demo-library.yaml');
      await seedStaff(trx, college, passwordHash, stamp);
      await seedDemoSipAccount(trx, college.institutionId, now);
      const collegeCatalog = new CatalogWriter(trx, college, stamp);
      await seedCatalog(
        collegeCatalog, english,
        { items, stacks: [['RIV-STACKS', 0.72], ['HIL-STACKS', 0.25], ['RIV-FOLIO', 0.03]], withIdentities: true },
        barcodeSequence(generatedItemBase),
      );
      await collegeCatalog.flush();
      const collegePatrons = await seedPatrons(
        trx, { english, spanish }, college,
        { count: Math.max(0, patrons), barcodeBase: generatedPatronBase, externalIdPrefix: 'W', emailDomain: 'wvc.example.edu', withIdentities: true },
        pinHash, now,
      );

      const partner = await seedInstitution(trx, partnerSpec, stamp);
      await applyDemoLibraryConfig(trx, clock, partner.institutionId, 'demo-partner-library.yaml');
      const partnerCatalog = new CatalogWriter(trx, partner, stamp);
      await seedCatalog(partnerCatalog, english, { items: partnerItems, stacks: [['GOR-STACKS', 1]], withIdentities: false }, barcodeSequence(partnerItemBase));
      await partnerCatalog.flush();
      const partnerPatronCount = await seedPatrons(
        trx, { english, spanish }, partner,
        { count: partnerPatrons, barcodeBase: partnerPatronBase, externalIdPrefix: 'C', emailDomain: 'cgu.example.edu', withIdentities: false },
        pinHash, now,
      );

      for (const institution of [college, partner]) {
        await recordAuditEvent(trx, { kind: 'system', id: null, name: 'demo seed', institutionId: institution.institutionId }, now, {
          action: 'demo.seed', entityType: 'institution', entityId: institution.institutionId,
        });
      }
      return {
        institutionIds: [college.institutionId, partner.institutionId],
        instances: collegeCatalog.instances + partnerCatalog.instances,
        items: collegeCatalog.items + partnerCatalog.items,
        patrons: collegePatrons + partnerPatronCount,
      };
    });

    for (const institutionId of summary.institutionIds) {
      await database.db.transaction().execute((trx) => rebuildSearchIndex(trx, institutionId));
    }
  } finally {
    await restoreCache();
  }
  // Planner statistics for the freshly loaded tables: without them SQLite picks an institution-wide
  // index scan over the primary key for `institution_id = ? and id in (...)`, 30 times slower at 100,000 items.
  await sql`analyze`.execute(database.db);
  return { milliseconds: Math.round(performance.now() - started), instances: summary.instances, items: summary.items, patrons: summary.patrons };
}

/**
 * SQLite's default 2 MB page cache makes a bulk load of random-UUID keys spill pages again and again;
 * a larger cache for the load alone makes it several times faster. Returns a function that puts it back.
 */
async function enlargeSqliteCache(database: CarrelDatabase): Promise<() => Promise<void>> {
  if (database.dialect !== 'sqlite') return async () => {};
  const before = await sql<{ cache_size: number }>`pragma cache_size`.execute(database.db);
  const previous = Number(before.rows[0]?.cache_size ?? -2000);
  await sql`pragma cache_size = -262144`.execute(database.db);
  return async () => {
    await sql`pragma cache_size = ${sql.raw(String(previous))}`.execute(database.db);
  };
}

/** Circulation policies, rules and limits from a file beside this one, applied as `carrel config apply` would. */
async function applyDemoLibraryConfig(trx: Kysely<Database>, clock: Clock, institutionId: string, fileName: string): Promise<void> {
  const text = fs.readFileSync(new URL(`./${fileName}`, import.meta.url), 'utf8');
  const actor = { kind: 'system' as const, id: null, name: 'demo seed', institutionId };
  const report = await applyLibraryConfigWithin(trx, clock, actor, { fileName, text });
  if (!report.applied) throw new Error(`${fileName} does not apply:\n${report.problems.map((problem) => formatProblem(fileName, problem)).join('\n')}`);
}

async function seedStaff(trx: Kysely<Database>, college: SeededInstitution, passwordHash: string, stamp: string): Promise<void> {
  await insertRows(
    trx, 'staff_account',
    demoStaff.map((staff) => {
      const roleId = college.roles[staff.roleCode];
      if (!roleId) throw new Error(`demo staff: no role ${staff.roleCode}`);
      return {
        id: newId(), institution_id: college.institutionId, username: staff.username, display_name: staff.displayName, email: staff.email,
        password_hash: passwordHash, role_id: roleId, active: true, failed_sign_ins: 0, locked_until: null, last_sign_in_at: null, created_at: stamp,
      };
    }),
  );
}
