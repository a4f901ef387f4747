import { sql, type Kysely, type ColumnDefinitionBuilder } from 'kysely';
import { dialectOf } from './database.ts';

/**
 * Column types that differ between the two databases. Instants are timestamptz on PostgreSQL and
 * ISO-8601 UTC text on SQLite (which sorts correctly as text); booleans are 0/1 on SQLite.
 */
export function columnTypes(db: Kysely<any>) {
  const postgres = dialectOf(db) === 'postgres';
  return {
    postgres,
    instant: postgres ? ('timestamptz' as const) : ('text' as const),
    date: postgres ? ('date' as const) : ('text' as const),
    flag: postgres ? ('boolean' as const) : ('integer' as const),
    json: 'text' as const,
    now: postgres ? sql`now()` : sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
    false: postgres ? sql`false` : sql`0`,
    true: postgres ? sql`true` : sql`1`,
  };
}

/** CHECK (column IN (...)) for an enumeration stored as codes. */
export function oneOf(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;
}

export type ColumnBuilder = (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
