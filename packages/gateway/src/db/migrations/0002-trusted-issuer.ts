import { withAutoId } from '@greenpass/storage'
import type { Kysely } from 'kysely'

/**
 * Trusted issuers (gateway-and-trust.md §2.4, `GET /trustList/issuers`): issuers known by URL or DID rather than by a
 * DSC, onboarded out of band like trusted parties, each row signed by the trust anchor.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await withAutoId(db, db.schema.createTable('trusted_issuer'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('url_type', 'text', (c) => c.notNull())
    .addColumn('thumbprint', 'text')
    .addColumn('ssl_public_key', 'text')
    .addColumn('key_storage_type', 'text')
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('trusted_issuer_country_idx').on('trusted_issuer').column('country').execute()
}
