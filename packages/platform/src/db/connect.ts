import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { Kysely, PostgresDialect } from 'kysely'
import { Migrator, type MigrationResult } from 'kysely/migration'
import pg from 'pg'
import { DbError } from './errors.ts'
import { migrationProvider } from './migrations/index.ts'
import type { Database } from './schema.ts'
import { NodeSqliteDialect } from './sqlite-dialect.ts'

/** The engine behind an open database. */
export type DialectName = 'sqlite' | 'postgres'

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
 * through `node:sqlite`. Then runs the migrations unless `migrate: false`.
 *
 * @example const { db, close } = await openDatabase({ url: process.env.DATABASE_URL })
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<OpenDatabase> {
  const url = options.url ?? (options.file === undefined ? process.env.DATABASE_URL : undefined) ?? ''
  let opened: OpenDatabase
  if (/^postgres(ql)?:\/\//.test(url)) {
    opened = openPostgres(url, options.poolSize ?? 10)
  } else if (url === '') {
    opened = openSqlite(options.file ?? DEFAULT_SQLITE_FILE)
  } else {
    // Never echo the URL: it may carry a password.
    throw new DbError(
      'DB_URL',
      'the database URL must start with postgres:// or postgresql:// (or be empty for SQLite)',
    )
  }
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
export async function migrateToLatest(db: Kysely<Database>): Promise<readonly MigrationResult[]> {
  const migrator = new Migrator({ db, provider: migrationProvider })
  const { error, results } = await migrator.migrateToLatest()
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new DbError('DB_MIGRATION', `migration ${failed} failed`, { cause: error })
  }
  return results ?? []
}

function openSqlite(file: string): OpenDatabase {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true })
  const db = new Kysely<Database>({ dialect: new NodeSqliteDialect({ file }) })
  return { db, dialect: 'sqlite', close: () => db.destroy() }
}

/** pg's OID for int8 (bigint). */
const INT8_OID = 20

function openPostgres(connectionString: string, max: number): OpenDatabase {
  const pool = new pg.Pool({
    connectionString,
    max,
    // int8 comes back from pg as a string by default; our int8 columns hold epoch milliseconds and counts, all far
    // below 2^53, so numbers keep both engines returning the same values (node:sqlite returns numbers).
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID && format !== 'binary'
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
    },
  })
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return { db, dialect: 'postgres', close: () => db.destroy() }
}
