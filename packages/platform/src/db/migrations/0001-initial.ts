import { sql, type Kysely } from 'kysely'
import { withAutoId } from '@greenpass/storage'

/**
 * The platform's first schema. Written with Kysely's schema builder and portable types only (text, integer, bigint),
 * so this one file runs unchanged on SQLite and PostgreSQL. See `../schema.ts` for the storage conventions.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('persons')
    .addColumn('fiscal_code', 'text', (c) => c.primaryKey())
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('family_name', 'text', (c) => c.notNull())
    .addColumn('dob', 'text', (c) => c.notNull())
    .addColumn('ts_number', 'text')
    .addColumn('ts_expiry', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('facilities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('api_key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await withAutoId(db, db.schema.createTable('events'))
    .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('fiscal_code', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('outcome', 'text')
    // The idempotency of intake: a second delivery of the same event collides here, whatever the process.
    .addUniqueConstraint('events_facility_event_unique', ['facility_id', 'event_id'])
    .execute()
  await db.schema.createIndex('events_fiscal_code_idx').on('events').column('fiscal_code').execute()

  await db.schema
    .createTable('certificates')
    .addColumn('uvci', 'text', (c) => c.primaryKey())
    .addColumn('fiscal_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('dn', 'integer')
    .addColumn('sd', 'integer')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('hc1', 'text', (c) => c.notNull())
    .addColumn('code_type', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('signer', 'text', (c) => c.notNull())
    .addColumn('iat', 'bigint', (c) => c.notNull())
    .addColumn('exp', 'bigint', (c) => c.notNull())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('event_ref', 'bigint', (c) => c.references('events.id'))
    .addColumn('superseded_by', 'text')
    .addColumn('revoked_at', 'bigint')
    .addColumn('revoke_reason', 'text')
    .execute()
  await db.schema.createIndex('certificates_fiscal_code_idx').on('certificates').column('fiscal_code').execute()
  await db.schema.createIndex('certificates_event_ref_idx').on('certificates').column('event_ref').execute()

  await withAutoId(db, db.schema.createTable('outbox'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_until', 'bigint')
    .addColumn('done_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  // Workers only ever look at pending rows: a partial index keeps the claim query cheap however many are done.
  await db.schema
    .createIndex('outbox_pending_idx')
    .on('outbox')
    .columns(['next_attempt_at', 'id'])
    .where(sql.ref('done_at'), 'is', null)
    .execute()

  await db.schema
    .createTable('drl_versions')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('drl_entries')
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('version_added', 'integer', (c) => c.notNull().references('drl_versions.version'))
    .addColumn('version_removed', 'integer', (c) => c.references('drl_versions.version'))
    .addPrimaryKeyConstraint('drl_entries_pk', ['hash', 'version_added'])
    .execute()
  await db.schema.createIndex('drl_entries_added_idx').on('drl_entries').column('version_added').execute()
  await db.schema.createIndex('drl_entries_removed_idx').on('drl_entries').column('version_removed').execute()

  await db.schema
    .createTable('settings')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('settings_pk', ['name', 'type'])
    .execute()

  await withAutoId(db, db.schema.createTable('audit'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('details', 'text')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'audit',
    'settings',
    'drl_entries',
    'drl_versions',
    'outbox',
    'certificates',
    'events',
    'facilities',
    'persons',
  ]) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
