import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { Kysely, PostgresDialect, SqliteAdapter } from 'kysely'
import { type MigrationProvider, type MigrationResult, Migrator } from 'kysely/migration'
import pg from 'pg'
import { StorageError } from './errors.ts'
import { NodeSqliteDialect } from './sqlite-dialect.ts'

/** The engine behind an open database. */
export type DialectName = 'sqlite' | 'postgres'

/** Where a database is: a `postgres://` URL, or else a SQLite file. */
export interface DatabaseLocation {
  /** A `postgres://` (or `postgresql://`) URL selects PostgreSQL; empty or absent means the SQLite `file`. */
  readonly url?: string
  /** The SQLite file (its folder is created); `:memory:` for a throwaway one. */
  readonly file: string
  /** PostgreSQL pool size (default 10). */
  readonly poolSize?: number
}

/** An open database: the Kysely instance, which engine it is, and how to close it. */
export interface OpenKysely<DB> {
  readonly db: Kysely<DB>
  readonly dialect: DialectName
  close(): Promise<void>
}

/** pg's OID for int8 (bigint). */
const INT8_OID = 20

/**
 * Opens a database: PostgreSQL through a `pg` pool for a `postgres://` URL, otherwise a SQLite file through
 * `node:sqlite`. int8 columns come back as numbers on both (they hold epoch milliseconds and counts, far below 2^53).
 *
 * @example const { db, close } = openKysely<Database>({ url: process.env.DATABASE_URL, file: 'data/x.sqlite' })
 */
export function openKysely<DB>(location: DatabaseLocation): OpenKysely<DB> {
  const url = location.url ?? ''
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: location.poolSize ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID && format !== 'binary'
            ? (value: string) => Number(value)
            : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
      },
    })
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
    return { db, dialect: 'postgres', close: () => db.destroy() }
  }
  // Never echo the URL: it may carry a password.
  if (url !== '') throw new StorageError('DB_URL', 'the database URL must start with postgres:// or postgresql://')
  if (location.file !== ':memory:') mkdirSync(dirname(resolve(location.file)), { recursive: true })
  const db = new Kysely<DB>({ dialect: new NodeSqliteDialect({ file: location.file }) })
  return { db, dialect: 'sqlite', close: () => db.destroy() }
}

/** Which migrations, and under which bookkeeping tables (services sharing one PostgreSQL database need their own). */
export interface MigrationSet {
  readonly provider: MigrationProvider
  readonly tableName?: string
  readonly lockTableName?: string
}

/**
 * Applies every pending migration; idempotent. Returns what was applied this time (empty when up to date); a failure
 * is `StorageError('DB_MIGRATION')` naming the migration.
 */
export async function migrateKysely<DB>(db: Kysely<DB>, set: MigrationSet): Promise<readonly MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: set.provider,
    ...(set.tableName === undefined ? {} : { migrationTableName: set.tableName }),
    ...(set.lockTableName === undefined ? {} : { migrationLockTableName: set.lockTableName }),
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new StorageError('DB_MIGRATION', `migration ${failed} failed`, { cause: error })
  }
  return results ?? []
}

/**
 * The engine behind a Kysely instance or transaction, for the few queries that must differ (`FOR UPDATE SKIP LOCKED`
 * exists on PostgreSQL only). Read from the adapter so repositories need only the `db`.
 */
export function dialectOf<DB>(db: Kysely<DB>): DialectName {
  return db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres'
}
