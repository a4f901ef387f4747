import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { CarrelDatabase } from '../db/database.ts';
import { runBursarTransfer } from '../modules/fees/index.ts';
import { runFineAccrual } from '../modules/fees/index.ts';
import { systemClock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import { insertRows } from '../db/bulk-insert.ts';
import { demoInstitutionCode } from '../seed/demo-identities.ts';

const dayMs = 86_400_000;

export interface JobFigures {
  loans: number;
  /** loans whose fine the job raised */
  raised: number;
  accrualMilliseconds: number;
  fees: number;
  exported: number;
  bursarMilliseconds: number;
  /** the bursar batch's bare equivalent: one transaction of as many row inserts and updates */
  rawBatchMilliseconds: number;
}

async function collegeFacts(database: CarrelDatabase) {
  const { db } = database;
  const college = await db.selectFrom('institution').select('id').where('code', '=', demoInstitutionCode).executeTakeFirstOrThrow();
  const rule = await db.selectFrom('circulation_rule').selectAll().where('institution_id', '=', college.id).where('is_fallback', '=', true).executeTakeFirstOrThrow();
  const patrons = await db.selectFrom('patron').select(['id', 'patron_group_id']).where('institution_id', '=', college.id).where('status', '=', 'active').orderBy('barcode').execute();
  const desk = await db.selectFrom('service_point').select('id').where('institution_id', '=', college.id).orderBy('code').executeTakeFirstOrThrow();
  return { institutionId: college.id, rule, patrons, servicePointId: desk.id };
}

/**
 * `loans` open loans ten days overdue, written with bulk inserts (not through check-out: the
 * figure is the job's, not the set-up's), then the fine accrual job timed over them.
 */
async function benchFineAccrual(database: CarrelDatabase, loans: number): Promise<{ raised: number; milliseconds: number }> {
  const { db } = database;
  const facts = await collegeFacts(database);
  const items = await db.selectFrom('item').select('id').where('institution_id', '=', facts.institutionId).where('status', '=', 'available').orderBy('barcode', 'desc').limit(loans).execute();
  if (items.length < loans) throw new Error(`the fine accrual benchmark needs ${loans} available items; the catalogue has ${items.length} (raise --items)`);
  const now = Date.now();
  const loanedAt = new Date(now - 31 * dayMs).toISOString();
  const dueAt = new Date(now - 10 * dayMs).toISOString();
  const rows = items.map((item, index) => {
    const patron = facts.patrons[index % facts.patrons.length]!;
    return {
      id: newId(),
      institution_id: facts.institutionId,
      item_id: item.id,
      patron_id: patron.id,
      patron_group_id: patron.patron_group_id,
      status: 'open',
      state: 'checked-out',
      circulation_rule_id: facts.rule.id,
      loan_policy_id: facts.rule.loan_policy_id,
      overdue_fine_policy_id: facts.rule.overdue_fine_policy_id,
      lost_item_policy_id: facts.rule.lost_item_policy_id,
      checkout_service_point_id: facts.servicePointId,
      loaned_at: loanedAt,
      due_at: dueAt,
      original_due_at: dueAt,
      renewal_count: 0,
      updated_at: loanedAt,
    };
  });
  await db.transaction().execute(async (trx) => {
    await insertRows(trx, 'loan', rows);
    for (let start = 0; start < items.length; start += 500) {
      const ids = items.slice(start, start + 500).map((item) => item.id);
      await trx.updateTable('item').set({ status: 'checked-out', status_changed_at: loanedAt, updated_at: loanedAt }).where('id', 'in', ids).execute();
    }
  });
  const started = performance.now();
  const outcome = await runFineAccrual(db, systemClock, facts.institutionId);
  return { raised: outcome.raised.length, milliseconds: performance.now() - started };
}

/** A manual fee type to charge with (a fresh demo college has none until someone charges a fee). */
export async function benchFeeTypeId(database: CarrelDatabase, institutionId: string): Promise<string> {
  const { db } = database;
  const existing = await db.selectFrom('fee_type').select('id').where('institution_id', '=', institutionId).where('kind', '=', 'manual').executeTakeFirst();
  if (existing) return existing.id;
  const id = newId();
  await db.insertInto('fee_type').values({ id, institution_id: institutionId, code: 'bench-charge', name: 'Benchmark charge', kind: 'manual', default_amount_cents: 500, active: true, updated_at: new Date().toISOString(), updated_by: 'bench' }).execute();
  return id;
}

/** `fees` open fees sixty days old, bulk-inserted, then one bursar batch timed over them. */
async function benchBursar(database: CarrelDatabase, fees: number): Promise<{ exported: number; milliseconds: number }> {
  const { db } = database;
  const facts = await collegeFacts(database);
  const feeType = { id: await benchFeeTypeId(database, facts.institutionId) };
  const createdAt = new Date(Date.now() - 60 * dayMs).toISOString();
  const rows = Array.from({ length: fees }, (_, index) => ({
    id: newId(),
    institution_id: facts.institutionId,
    patron_id: facts.patrons[index % facts.patrons.length]!.id,
    loan_id: null,
    item_id: null,
    fee_type_id: feeType.id,
    owner_service_point_id: facts.servicePointId,
    original_amount_cents: 500,
    status: 'open',
    description: 'Benchmark charge',
    created_at: createdAt,
    created_by: null,
  }));
  await db.transaction().execute((trx) => insertRows(trx, 'fee', rows));
  const who = { actor: { kind: 'system' as const, id: null, name: 'bench', institutionId: facts.institutionId }, permissions: new Set<string>(), roleCode: null };
  const started = performance.now();
  const result = await runBursarTransfer(db, systemClock, who, { olderThanDays: 30 });
  return { exported: result.lines.length, milliseconds: performance.now() - started };
}

/** One transaction of `rows` single-row inserts and updates, with the same driver and settings. */
async function rawBatch(database: CarrelDatabase, sqliteFile: string | null, rows: number): Promise<number> {
  if (database.dialect === 'sqlite' && sqliteFile) {
    const sqlite = new BetterSqlite3(sqliteFile);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.exec('create table if not exists bench_scratch (id text primary key, amount integer not null)');
    const insert = sqlite.prepare('insert into bench_scratch (id, amount) values (?, ?)');
    const update = sqlite.prepare('update bench_scratch set amount = amount - 1 where id = ?');
    const started = performance.now();
    sqlite.transaction(() => {
      for (let index = 0; index < rows; index++) {
        const id = newId();
        insert.run(id, 500);
        update.run(id);
      }
    }).immediate();
    const elapsed = performance.now() - started;
    sqlite.exec('drop table bench_scratch');
    sqlite.close();
    return elapsed;
  }
  await sql`create table if not exists bench_scratch (id text primary key, amount integer not null)`.execute(database.db);
  const started = performance.now();
  await database.db.transaction().execute(async (trx) => {
    for (let index = 0; index < rows; index++) {
      const id = newId();
      await sql`insert into bench_scratch (id, amount) values (${id}, 500)`.execute(trx);
      await sql`update bench_scratch set amount = amount - 1 where id = ${id}`.execute(trx);
    }
  });
  const elapsed = performance.now() - started;
  await sql`drop table bench_scratch`.execute(database.db);
  return elapsed;
}

export async function benchJobs(database: CarrelDatabase, sqliteFile: string | null, sizes: { loans: number; fees: number }): Promise<JobFigures> {
  const accrual = await benchFineAccrual(database, sizes.loans);
  const bursar = await benchBursar(database, sizes.fees);
  const rawBatchMilliseconds = await rawBatch(database, sqliteFile, sizes.fees);
  return {
    loans: sizes.loans,
    raised: accrual.raised,
    accrualMilliseconds: accrual.milliseconds,
    fees: sizes.fees,
    exported: bursar.exported,
    bursarMilliseconds: bursar.milliseconds,
    rawBatchMilliseconds,
  };
}
