import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { findAttempts, purgeAttempts, updateAttempts } from '../../src/db/portal-attempts.ts'
import { postgresSkipNotice, type TestDatabase, testEngines } from '../../src/db/test-database.ts'

const skip = postgresSkipNotice()
if (skip) it.skip(skip)

for (const engine of testEngines()) {
  describe(`portal attempt counters: the hourly sweep (${engine.name})`, () => {
    let database: TestDatabase
    before(async () => (database = await engine.open()))
    after(() => database.dispose())

    it('deletes counters untouched since the cut-off, keeps recent ones and locks still running', async () => {
      const day = 86_400_000
      const t0 = Date.UTC(2022, 0, 10)
      const state = (lockedUntil: number | null) => () => ({ windowStart: t0, attempts: 3, failures: 3, lockedUntil })
      await updateAttempts(database.db, ['card:old'], t0, state(null))
      await updateAttempts(database.db, ['card:old-lock-over'], t0, state(t0 + 900_000))
      await updateAttempts(database.db, ['card:old-lock-running'], t0, state(t0 + 3 * day))
      await updateAttempts(database.db, ['card:recent'], t0 + 2 * day, state(null))
      assert.equal(await purgeAttempts(database.db, t0 + day), 2)
      const left = await findAttempts(database.db, [
        'card:old',
        'card:old-lock-over',
        'card:old-lock-running',
        'card:recent',
      ])
      assert.deepEqual([...left.keys()].sort(), ['card:old-lock-running', 'card:recent'])
      assert.equal(await purgeAttempts(database.db, t0 + day), 0, 'a second sweep finds nothing more')
    })
  })
}
