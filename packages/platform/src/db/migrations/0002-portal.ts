import type { Kysely } from 'kysely'

/**
 * The citizen portal's attempt counters (issue 5): one row per subject of attempts — a client address, a health-card
 * number, a fiscal code, each stored as a keyed hash only — with its rate-limit window and its consecutive failures.
 * Kept in the database, not in memory, so a lock-out survives a restart and holds on every node behind a balancer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('portal_attempts')
    .addColumn('subject', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  // Purging forgotten subjects scans by age.
  await db.schema.createIndex('portal_attempts_updated_idx').on('portal_attempts').column('updated_at').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('portal_attempts').ifExists().execute()
}
