import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { migrateToLatest } from '../../src/db/connect.ts'
import { migrations } from '../../src/db/migrations/index.ts'
import { testEngines, type TestDatabase } from '../../src/db/test-database.ts'
import { findPerson, upsertPerson } from '../../src/db/persons.ts'
import { T0, noticePostgresSkipped } from './fixtures.ts'

const TABLES = [
  'audit',
  'certificates',
  'drl_entries',
  'drl_versions',
  'employers',
  'events',
  'facilities',
  'gateway_dscs',
  'gateway_sync',
  'io_certificates',
  'outbox',
  'persons',
  'portal_attempts',
  'settings',
]

for (const engine of testEngines()) {
  describe(`migrations (${engine.name})`, () => {
    let t: TestDatabase
    before(async () => {
      t = await engine.open()
    })
    after(async () => {
      await t?.dispose()
    })

    it('creates every table from an empty database', async () => {
      assert.equal(t.dialect, engine.name)
      const tables = (await t.db.introspection.getTables()).map((x) => x.name).sort()
      assert.deepEqual(tables, TABLES)
    })

    it('is idempotent: migrating again applies nothing', async () => {
      assert.deepEqual(await migrateToLatest(t.db), [])
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(t.db)
      assert.deepEqual(
        applied.rows.map((r) => r.name),
        Object.keys(migrations),
      )
    })

    it('a second open of the same database sees the data', async () => {
      await upsertPerson(
        t.db,
        { fiscalCode: 'rssmra80a01h501u', givenName: 'Mario', familyName: 'Rossi', dob: '1980-01-01' },
        T0,
      )
      const second = await t.reopen()
      try {
        const person = await findPerson(second.db, 'RSSMRA80A01H501U')
        assert.equal(person?.givenName, 'Mario')
        assert.equal(person?.createdAt, T0)
        assert.equal(typeof person?.createdAt, 'number')
      } finally {
        await second.close()
      }
    })
  })
}

// The one line (for the whole db suite) that says the PostgreSQL half did not run.
noticePostgresSkipped()
