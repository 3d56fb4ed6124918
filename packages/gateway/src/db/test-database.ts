import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPostgresTestDatabase, testDatabaseServer } from '@greenpass/storage'
import { type GatewayDialectName, type OpenGatewayDatabase, openGatewayDatabase } from './connect.ts'

export interface GatewayTestEngine {
  readonly name: GatewayDialectName
  /** A fresh, migrated database (a new SQLite file or a new PostgreSQL database); `url`/`file` say where. */
  open(): Promise<GatewayTestDatabase>
}

export interface GatewayTestDatabase extends OpenGatewayDatabase {
  /** Where it is, as `startGateway` takes it: a data folder holding `gateway.sqlite`, or a PostgreSQL URL. */
  readonly location: { readonly dataDir: string } | { readonly databaseUrl: string }
  dispose(): Promise<void>
}

/** SQLite always; PostgreSQL when `GREENPASS_TEST_DATABASE_URL` is set (as for the platform's suites). */
export function gatewayTestEngines(env: NodeJS.ProcessEnv = process.env): GatewayTestEngine[] {
  const engines: GatewayTestEngine[] = [{ name: 'sqlite', open: openSqlite }]
  const server = testDatabaseServer(env)
  if (server !== undefined) engines.push({ name: 'postgres', open: () => openPostgres(server) })
  return engines
}

async function openSqlite(): Promise<GatewayTestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'greenpass-gateway-db-'))
  const file = join(dir, 'gateway.sqlite')
  const opened = await openGatewayDatabase({ file })
  return {
    ...opened,
    location: { dataDir: dir },
    dispose: async () => {
      await opened.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function openPostgres(server: string): Promise<GatewayTestDatabase> {
  const { url, drop } = await createPostgresTestDatabase(server, 'greenpass_gw')
  const opened = await openGatewayDatabase({ url, poolSize: 4 })
  return {
    ...opened,
    location: { databaseUrl: url },
    dispose: async () => {
      await opened.close()
      await drop()
    },
  }
}
