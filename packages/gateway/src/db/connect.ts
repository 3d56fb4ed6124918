import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { Kysely, PostgresDialect } from 'kysely'
import { Migrator } from 'kysely/migration'
import pg from 'pg'
import { GatewayDbError } from './errors.ts'
import { migrationProvider } from './migrations/index.ts'
import type { GatewayDatabase } from './schema.ts'
import { NodeSqliteDialect } from './sqlite-dialect.ts'

export type GatewayDialectName = 'sqlite' | 'postgres'

export interface OpenGatewayDatabaseOptions {
  /** `postgres://…` selects PostgreSQL; otherwise the SQLite `file`. */
  readonly url?: string
  readonly file?: string
  readonly poolSize?: number
}

export interface OpenGatewayDatabase {
  readonly db: Kysely<GatewayDatabase>
  readonly dialect: GatewayDialectName
  close(): Promise<void>
}

/** The gateway's own migration bookkeeping, so it can share a PostgreSQL database with another service safely. */
const MIGRATION_TABLE = 'gateway_migration'
const MIGRATION_LOCK_TABLE = 'gateway_migration_lock'
/** pg's OID for int8: parsed as a number (epoch ms and counts stay far below 2^53), as node:sqlite returns them. */
const INT8_OID = 20

/**
 * Opens the gateway's database (PostgreSQL for a `postgres://` URL, else a SQLite file through `node:sqlite`) and
 * brings it to the latest migration.
 *
 * @example const { db, close } = await openGatewayDatabase({ file: 'data/gateway/gateway.sqlite' })
 */
export async function openGatewayDatabase(options: OpenGatewayDatabaseOptions): Promise<OpenGatewayDatabase> {
  const url = options.url ?? ''
  let opened: OpenGatewayDatabase
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID && format !== 'binary'
            ? (value: string) => Number(value)
            : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
      },
    })
    const db = new Kysely<GatewayDatabase>({ dialect: new PostgresDialect({ pool }) })
    opened = { db, dialect: 'postgres', close: () => db.destroy() }
  } else if (url === '') {
    const file = options.file ?? 'data/gateway/gateway.sqlite'
    if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true })
    const db = new Kysely<GatewayDatabase>({ dialect: new NodeSqliteDialect({ file }) })
    opened = { db, dialect: 'sqlite', close: () => db.destroy() }
  } else {
    // Never echo the URL: it may carry a password.
    throw new GatewayDbError('DB_URL', 'the database URL must start with postgres:// or postgresql:// (or be empty)')
  }
  const migrator = new Migrator({
    db: opened.db,
    provider: migrationProvider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error !== undefined) {
    await opened.close()
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new GatewayDbError('DB_MIGRATION', `gateway migration ${failed} failed`, { cause: error })
  }
  return opened
}
