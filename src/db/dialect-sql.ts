import { sql, type Kysely, type RawBuilder, type ShallowDehydrateObject, type Simplify, type SqlBool, type TransactionBuilder } from 'kysely';
import { jsonArrayFrom as postgresJsonArrayFrom } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArrayFrom } from 'kysely/helpers/sqlite';
import { dialectOf } from './database.ts';

/**
 * The SQL that differs between SQLite and PostgreSQL, kept here so that modules' queries name what
 * they need (rows of a subquery as JSON, a row lock, a read-only snapshot) instead of branching on
 * the dialect themselves. Column types for migrations are in column-types.ts.
 */

/**
 * The rows of a subquery as one JSON array column, so a parent row brings its children in the same
 * statement. Read the column back with jsonRows: the two databases hand it back differently.
 */
export function jsonArrayOfRows<Row>(db: Kysely<any>, subquery: Parameters<typeof sqliteJsonArrayFrom<Row>>[0]): RawBuilder<Simplify<ShallowDehydrateObject<Row>>[]> {
  return dialectOf(db) === 'postgres' ? postgresJsonArrayFrom(subquery) : sqliteJsonArrayFrom(subquery);
}

/** A column made by jsonArrayOfRows: PostgreSQL hands back parsed JSON, SQLite the JSON text. */
export function jsonRows<Row>(value: Row[] | string): Row[] {
  return typeof value === 'string' ? (JSON.parse(value) as Row[]) : value;
}

/**
 * Whether concurrent writers need row locks. SQLite runs one writer at a time, so a lock would add
 * nothing there (and it has no SELECT ... FOR UPDATE); PostgreSQL needs them.
 */
export function takesRowLocks(db: Kysely<any>): boolean {
  return dialectOf(db) === 'postgres';
}

/** SELECT ... FOR UPDATE on PostgreSQL; the query unchanged on SQLite (see takesRowLocks). */
export function lockedForUpdate<Query extends { forUpdate(): Query }>(db: Kysely<any>, query: Query): Query {
  return takesRowLocks(db) ? query.forUpdate() : query;
}

/**
 * A transaction that sees one consistent state of the whole database for several statements:
 * repeatable read, read only on PostgreSQL; SQLite's transactions already see one state.
 */
export function readOnlySnapshot<DB>(db: Kysely<DB>): TransactionBuilder<DB> {
  const snapshot = db.transaction();
  return dialectOf(db) === 'postgres' ? snapshot.setIsolationLevel('repeatable read').setAccessMode('read only') : snapshot;
}

/** A text column ordered byte by byte on both databases (PostgreSQL's default collation may sort hyphens differently). */
export function inByteOrder(db: Kysely<any>, column: string): RawBuilder<unknown> {
  return dialectOf(db) === 'postgres' ? sql`${sql.ref(column)} collate "C"` : sql`${sql.ref(column)}`;
}

/**
 * A date or instant read from a VALUES list (UPDATE ... FROM (VALUES ...)): PostgreSQL reads the
 * list as text and needs the value cast back; SQLite stores dates and instants as text anyway.
 */
export function fromValuesText(db: Kysely<any>, value: RawBuilder<unknown>, type: 'date' | 'instant'): RawBuilder<unknown> {
  if (dialectOf(db) !== 'postgres') return value;
  return type === 'date' ? sql`cast(${value} as date)` : sql`cast(${value} as timestamptz)`;
}

/**
 * Whether some element of a JSON array of strings (a text column) satisfies `matches`: json_each on
 * SQLite, jsonb_array_elements_text on PostgreSQL.
 */
export function someJsonArrayElement(db: Kysely<any>, column: string, matches: (element: RawBuilder<unknown>) => RawBuilder<SqlBool>): RawBuilder<SqlBool> {
  return dialectOf(db) === 'postgres'
    ? sql<SqlBool>`exists (select 1 from jsonb_array_elements_text(${sql.ref(column)}::jsonb) j where ${matches(sql`j`)})`
    : sql<SqlBool>`exists (select 1 from json_each(${sql.ref(column)}) j where ${matches(sql`j.value`)})`;
}
