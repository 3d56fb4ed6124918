import type { Kysely, Transaction } from 'kysely'
import type { Database } from './schema.ts'

/**
 * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws (nothing half-stored).
 * Inside a transaction already, `fn` simply joins it, so repositories can be composed without caring.
 *
 * On SQLite the transaction holds the process's single connection (other queries wait) and takes the write lock at
 * once (`BEGIN IMMEDIATE`); on PostgreSQL it is a READ COMMITTED transaction on a pooled connection.
 */
export async function withTransaction<T>(
  db: Kysely<Database>,
  fn: (trx: Transaction<Database> | Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return fn(db)
  return db.transaction().execute(fn)
}
