import type { ColumnType, SqlBool } from 'kysely';

/** Column shapes shared by every table file (see schema.ts for what they mean). */
export type Instant = ColumnType<string, string | undefined, string>;
export type Flag = ColumnType<SqlBool, boolean | undefined, boolean>;
export type JsonText = ColumnType<string, string | undefined, string>;
