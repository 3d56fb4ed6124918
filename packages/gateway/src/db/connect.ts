import { type DialectName, migrateKysely, type OpenKysely, openKysely } from '@greenpass/storage'
import { migrationProvider } from './migrations/index.ts'
import type { GatewayDatabase } from './schema.ts'

export type GatewayDialectName = DialectName

export interface OpenGatewayDatabaseOptions {
  /** `postgres://…` selects PostgreSQL; otherwise the SQLite `file`. */
  readonly url?: string
  readonly file?: string
  readonly poolSize?: number
}

export type OpenGatewayDatabase = OpenKysely<GatewayDatabase>

/**
 * Opens the gateway's database (PostgreSQL for a `postgres://` URL, else a SQLite file through `node:sqlite`) and
 * brings it to the latest migration. Its migration bookkeeping has tables of its own, so the gateway can share a
 * PostgreSQL database with another service safely. A bad URL or a failed migration is a `StorageError`.
 *
 * @example const { db, close } = await openGatewayDatabase({ file: 'data/gateway/gateway.sqlite' })
 */
export async function openGatewayDatabase(options: OpenGatewayDatabaseOptions): Promise<OpenGatewayDatabase> {
  const opened = openKysely<GatewayDatabase>({
    url: options.url ?? '',
    file: options.file ?? 'data/gateway/gateway.sqlite',
    ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
  })
  try {
    await migrateKysely(opened.db, {
      provider: migrationProvider,
      tableName: 'gateway_migration',
      lockTableName: 'gateway_migration_lock',
    })
  } catch (error) {
    await opened.close()
    throw error
  }
  return opened
}
