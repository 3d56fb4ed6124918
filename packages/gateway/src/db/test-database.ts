import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { type GatewayDialectName, type OpenGatewayDatabase, openGatewayDatabase } from './connect.ts'

/** The same switch as the platform's suites: set it to a PostgreSQL URL to run the PostgreSQL half as well. */
export const TEST_DATABASE_URL_VARIABLE = 'GREENPASS_TEST_DATABASE_URL'

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

/** SQLite always; PostgreSQL when {@link TEST_DATABASE_URL_VARIABLE} is set. */
export function gatewayTestEngines(env: NodeJS.ProcessEnv = process.env): GatewayTestEngine[] {
  const engines: GatewayTestEngine[] = [{ name: 'sqlite', open: openSqlite }]
  const url = env[TEST_DATABASE_URL_VARIABLE]
  if (url !== undefined && url !== '') engines.push({ name: 'postgres', open: () => openPostgres(url) })
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

async function openPostgres(baseUrl: string): Promise<GatewayTestDatabase> {
  const name = `greenpass_gw_${process.pid}_${randomBytes(4).toString('hex')}`
  await admin(baseUrl, `create database ${name}`)
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  const opened = await openGatewayDatabase({ url: url.toString(), poolSize: 4 })
  return {
    ...opened,
    location: { databaseUrl: url.toString() },
    dispose: async () => {
      await opened.close()
      await admin(baseUrl, `drop database if exists ${name} with (force)`)
    },
  }
}

async function admin(baseUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}
