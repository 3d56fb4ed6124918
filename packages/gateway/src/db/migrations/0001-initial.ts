import { dialectOf, withAutoId } from '@greenpass/storage'
import { type Kysely, sql } from 'kysely'

/**
 * The gateway's first schema, portable (text, integer, bigint) so it runs unchanged on SQLite and PostgreSQL, plus
 * the triggers that make `audit_event` insert-only on both (§2.8 asks for an INSERT-only database user; a trigger
 * gives the same guarantee with one database user, and holds for any user).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await withAutoId(db, db.schema.createTable('trusted_party'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('thumbprint', 'text', (c) => c.notNull().unique())
    .addColumn('raw_data', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('certificate_type', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('trusted_party_role')
    .addColumn('trusted_party_id', 'bigint', (c) => c.notNull().references('trusted_party.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('trusted_party_role_pk', ['trusted_party_id', 'role'])
    .execute()

  await withAutoId(db, db.schema.createTable('signer_information'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('thumbprint', 'text', (c) => c.notNull().unique())
    .addColumn('raw_data', 'text', (c) => c.notNull())
    .addColumn('signature', 'text')
    .execute()
  await db.schema.createIndex('signer_information_created_idx').on('signer_information').column('created_at').execute()

  await withAutoId(db, db.schema.createTable('validation_rule'))
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'bigint', (c) => c.notNull())
    .addColumn('valid_to', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('rule_type', 'text', (c) => c.notNull())
    .addColumn('cms', 'text', (c) => c.notNull())
    .addUniqueConstraint('validation_rule_id_version_unique', ['rule_id', 'version'])
    .execute()

  await db.schema
    .createTable('valueset')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('json', 'text', (c) => c.notNull())
    .execute()

  await withAutoId(db, db.schema.createTable('revocation_batch'))
    .addColumn('batch_id', 'text', (c) => c.notNull().unique())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('changed', 'bigint', (c) => c.notNull())
    .addColumn('expires', 'bigint', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hash_type', 'text', (c) => c.notNull())
    .addColumn('kid', 'text', (c) => c.notNull())
    .addColumn('signed_batch', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('revocation_batch_changed_idx').on('revocation_batch').column('changed').execute()

  await withAutoId(db, db.schema.createTable('audit_event'))
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('uploader_sha256_fingerprint', 'text', (c) => c.notNull())
    .addColumn('authentication_sha256_fingerprint', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .execute()
  if (dialectOf(db) === 'sqlite') {
    for (const action of ['update', 'delete']) {
      await sql
        .raw(
          `create trigger audit_event_no_${action} before ${action} on audit_event ` +
            `begin select raise(abort, 'audit_event is insert-only'); end`,
        )
        .execute(db)
    }
  } else {
    await sql`create function audit_event_insert_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_event is insert-only'; end $$`.execute(db)
    await sql`create trigger audit_event_insert_only before update or delete on audit_event
      for each statement execute function audit_event_insert_only()`.execute(db)
  }
}
