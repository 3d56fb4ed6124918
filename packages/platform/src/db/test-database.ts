import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { openDatabase, type DialectName, type OpenDatabase } from './connect.ts'

/**
 * The environment variable that turns on the PostgreSQL half of the test suites: a URL of a server on which the role
 * may create databases (CI sets it to the PostgreSQL it starts).
 */
export const TEST_DATABASE_URL_VARIABLE = 'GREENPASS_TEST_DATABASE_URL'

/** An engine a test suite runs against. */
export interface TestEngine {
  name: DialectName
  /** A fresh, migrated, isolated database (a new SQLite file, or a new PostgreSQL database) and its disposal. */
  open(): Promise<TestDatabase>
}

/** A throwaway database: `reopen` gives a second connection to the same data; `dispose` closes and deletes it. */
export interface TestDatabase extends OpenDatabase {
  /** The PostgreSQL URL of the database (undefined on SQLite), for a platform process of the test's own. */
  readonly url?: string
  reopen(): Promise<OpenDatabase>
  dispose(): Promise<void>
}

/**
 * The engines to test: SQLite always, PostgreSQL when {@link TEST_DATABASE_URL_VARIABLE} is set. Test files loop over
 * this list with the same test bodies, and call `postgresSkipNotice()` to say once when PostgreSQL is left out.
 */
export function testEngines(env: NodeJS.ProcessEnv = process.env): TestEngine[] {
  const engines: TestEngine[] = [{ name: 'sqlite', open: openSqliteTestDatabase }]
  const url = env[TEST_DATABASE_URL_VARIABLE]
  if (url !== undefined && url !== '') engines.push({ name: 'postgres', open: () => openPostgresTestDatabase(url) })
  return engines
}

/** The line to show (as a skipped test's name) when PostgreSQL is not configured, or undefined when it is. */
export function postgresSkipNotice(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = env[TEST_DATABASE_URL_VARIABLE]
  return url !== undefined && url !== ''
    ? undefined
    : `PostgreSQL suite skipped: set ${TEST_DATABASE_URL_VARIABLE}=postgres://… to run it`
}

async function openSqliteTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'greenpass-db-'))
  const file = join(dir, 'platform.sqlite')
  const opened = await openDatabase({ file })
  return {
    ...opened,
    reopen: () => openDatabase({ file }),
    dispose: async () => {
      await opened.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function openPostgresTestDatabase(baseUrl: string): Promise<TestDatabase> {
  const name = `greenpass_t_${process.pid}_${randomBytes(4).toString('hex')}`
  await admin(baseUrl, `create database ${name}`)
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  const opened = await openDatabase({ url: url.toString(), poolSize: 8 })
  return {
    ...opened,
    url: url.toString(),
    reopen: () => openDatabase({ url: url.toString(), poolSize: 4 }),
    dispose: async () => {
      await opened.close()
      // FORCE (PostgreSQL 13+) ends connections a failed test may have left open.
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
