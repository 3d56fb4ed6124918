import { randomBytes } from 'node:crypto'
import pg from 'pg'

/**
 * The environment variable that turns on the PostgreSQL half of the test suites: a URL of a server on which the role
 * may create databases (CI sets it to the PostgreSQL it starts).
 */
export const TEST_DATABASE_URL_VARIABLE = 'GREENPASS_TEST_DATABASE_URL'

/** The PostgreSQL server for tests, or undefined when the suites run on SQLite only. */
export function testDatabaseServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = env[TEST_DATABASE_URL_VARIABLE]
  return url === undefined || url === '' ? undefined : url
}

/** The line to show (as a skipped test's name) when PostgreSQL is not configured, or undefined when it is. */
export function postgresSkipNotice(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return testDatabaseServer(env) === undefined
    ? `PostgreSQL suite skipped: set ${TEST_DATABASE_URL_VARIABLE}=postgres://… to run it`
    : undefined
}

/** A fresh PostgreSQL database on the test server: its URL, and `drop` to remove it (ending stray connections). */
export async function createPostgresTestDatabase(
  serverUrl: string,
  prefix: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`
  await admin(serverUrl, `create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    // FORCE (PostgreSQL 13+) ends connections a failed test may have left open.
    drop: () => admin(serverUrl, `drop database if exists ${name} with (force)`),
  }
}

async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}
