import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely'
import { dialectOf } from './open.ts'

/**
 * Adds an engine-generated integer primary key `id` in a migration: the one column type that cannot be spelled the
 * same way on both engines (SQLite's rowid alias must be exactly `integer primary key`; PostgreSQL wants an identity
 * column).
 *
 * @example await withAutoId(db, db.schema.createTable('events')).addColumn('kind', 'text').execute()
 */
export function withAutoId<T extends string>(
  db: Kysely<unknown>,
  table: CreateTableBuilder<T, never>,
): CreateTableBuilder<T, 'id'> {
  return dialectOf(db) === 'sqlite'
    ? table.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement())
    : table.addColumn('id', 'bigint', (c: ColumnDefinitionBuilder) => c.primaryKey().generatedByDefaultAsIdentity())
}
