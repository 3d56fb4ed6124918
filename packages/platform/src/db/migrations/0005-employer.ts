import type { Kysely } from 'kysely'

/**
 * Employers allowed to check whether their staff hold a valid certificate (issue 8, F18). Like facilities, an
 * employer is known by the SHA-256 of its API key only. The checks themselves go to the audit log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('employers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('api_key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('employers').ifExists().execute()
}
