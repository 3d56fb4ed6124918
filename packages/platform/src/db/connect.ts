import { type DialectName, migrateKysely, openKysely } from '@greenpass/storage'
import type { Kysely } from 'kysely'
import type { MigrationResult } from 'kysely/migration'
import { migrationProvider } from './migrations/index.ts'
import type { Database } from './schema.ts'

export type { DialectName } from '@greenpass/storage'

/** The SQLite file used when nothing else is said (relative to the working directory). */
export const DEFAULT_SQLITE_FILE = 'data/platform.sqlite'

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /**
   * A `postgres://` (or `postgresql://`) URL selects PostgreSQL. When the option is absent and no `file` is given,
   * `process.env.DATABASE_URL` is used; an empty string means SQLite.
   */
  url?: string
  /** The SQLite file (default {@link DEFAULT_SQLITE_FILE}); its folder is created. Ignored with a PostgreSQL URL. */
  file?: string
  /** Bring the schema to the latest migration on open (default true). */
  migrate?: boolean
  /** PostgreSQL pool size (default 10). */
  poolSize?: number
}

/** An open database: the Kysely instance, which engine it is, and how to close it. */
export interface OpenDatabase {
  db: Kysely<Database>
  dialect: DialectName
  close(): Promise<void>
}

/**
 * Opens the platform's database: PostgreSQL when given a `postgres://` URL (a `pg` pool), otherwise a SQLite file
 * through `node:sqlite`. Then runs the migrations unless `migrate: false`. A bad URL or a failed migration is a
 * `StorageError` (`DB_URL`, `DB_MIGRATION`).
 *
 * @example const { db, close } = await openDatabase({ url: process.env.DATABASE_URL })
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<OpenDatabase> {
  const url = options.url ?? (options.file === undefined ? process.env.DATABASE_URL : undefined) ?? ''
  const opened = openKysely<Database>({
    url,
    file: options.file ?? DEFAULT_SQLITE_FILE,
    ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
  })
  if (options.migrate ?? true) {
    try {
      await migrateToLatest(opened.db)
    } catch (error) {
      await opened.close()
      throw error
    }
  }
  return opened
}

/** Applies every pending migration; idempotent. Returns what was applied this time (empty when up to date). */
export function migrateToLatest(db: Kysely<Database>): Promise<readonly MigrationResult[]> {
  return migrateKysely(db, { provider: migrationProvider })
}
