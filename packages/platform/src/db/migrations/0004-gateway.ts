import type { Kysely } from 'kysely'
import { withAutoId } from '@greenpass/storage'

/**
 * The EU gateway connector's tables (issue 7): the foreign DSCs that passed the trust checks of the last good
 * download, and the state of the download job (when it last ran, when it last succeeded, why it failed).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The generated id orders the DSCs for the verifier API's resume token: rows kept across syncs keep their id, new
  // ones get higher ids, so a verifier resuming from a token only receives what is new.
  await withAutoId(db, db.schema.createTable('gateway_dscs'))
    .addColumn('thumbprint', 'text', (c) => c.notNull().unique())
    .addColumn('kid', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('raw_data', 'text', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('gateway_sync')
    .addColumn('job', 'text', (c) => c.primaryKey())
    .addColumn('last_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_success_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('accepted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
}
