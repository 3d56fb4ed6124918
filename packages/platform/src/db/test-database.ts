import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPostgresTestDatabase, testDatabaseServer } from '@greenpass/storage'
import { openDatabase, type DialectName, type OpenDatabase } from './connect.ts'

export { postgresSkipNotice, TEST_DATABASE_URL_VARIABLE } from '@greenpass/storage'

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
  const server = testDatabaseServer(env)
  if (server !== undefined) engines.push({ name: 'postgres', open: () => openPostgresTestDatabase(server) })
  return engines
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

async function openPostgresTestDatabase(server: string): Promise<TestDatabase> {
  const { url, drop } = await createPostgresTestDatabase(server, 'greenpass_t')
  const opened = await openDatabase({ url, poolSize: 8 })
  return {
    ...opened,
    url,
    reopen: () => openDatabase({ url, poolSize: 4 }),
    dispose: async () => {
      await opened.close()
      await drop()
    },
  }
}
