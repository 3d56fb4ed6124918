import type { Kysely } from 'kysely'

/**
 * What the platform keeps to reach a citizen through IO (issuance-and-io.md §2): per certificate, the SHA-256 of the
 * holder's fiscal code (IO names citizens only by it when it asks for earlier certificates) and the IO `auth_code`
 * sealed with a key derived from the code pepper (the SHA-256 of the citizen's code: a plain copy could be enumerated,
 * a sealed one is useless without the pepper). A first IO login can then bring every earlier certificate.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('io_certificates')
    .addColumn('uvci', 'text', (c) => c.primaryKey().references('certificates.uvci'))
    .addColumn('cf_sha256', 'text', (c) => c.notNull())
    .addColumn('auth_code_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('io_certificates_cf_sha256_idx').on('io_certificates').column('cf_sha256').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('io_certificates').ifExists().execute()
}
