import { SqliteAdapter, type Kysely } from 'kysely'
import type { DialectName } from './connect.ts'

/**
 * The engine behind a Kysely instance or transaction, for the few queries that must differ (the outbox claim:
 * `FOR UPDATE SKIP LOCKED` exists on PostgreSQL only). Read from the adapter so repositories need only the `db`.
 */
export function dialectOf<DB>(db: Kysely<DB>): DialectName {
  return db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres'
}
