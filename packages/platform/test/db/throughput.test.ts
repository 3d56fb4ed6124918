import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { insertCertificates } from '../../src/db/certificates.ts'
import { claimDue, enqueue } from '../../src/db/outbox.ts'
import { testEngines, type TestDatabase } from '../../src/db/test-database.ts'
import { withTransaction } from '../../src/db/transaction.ts'
import { T0, certificate } from './fixtures.ts'

// A smoke test of the bulk path, not a benchmark: it asserts what is stored, never how fast (see bench/ for figures).
for (const engine of testEngines()) {
  describe(`bulk issuance path (${engine.name})`, () => {
    let t: TestDatabase
    before(async () => {
      t = await engine.open()
    })
    after(async () => {
      await t?.dispose()
    })

    it('10,000 certificate + outbox pairs in transactions of 250', async () => {
      const total = 10_000
      const batch = 250
      const started = performance.now()
      for (let i = 0; i < total; i += batch) {
        await withTransaction(t.db, async (trx) => {
          const tags = Array.from({ length: batch }, (_, k) => `B${i + k}`)
          await insertCertificates(
            trx,
            tags.map((tag) => certificate(tag)),
          )
          await enqueue(
            trx,
            tags.map((tag) => ({
              kind: 'sms' as const,
              idempotencyKey: `${tag}:sms`,
              payload: { uvci: `01IT${tag}#0` },
            })),
            T0,
          )
        })
      }
      const seconds = (performance.now() - started) / 1000
      const certificates = await t.db
        .selectFrom('certificates')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      const outbox = await t.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      assert.equal(Number(certificates.n), total)
      assert.equal(Number(outbox.n), total)
      assert.equal((await claimDue(t.db, T0, 5_000, 60_000)).length, 5_000)
      console.log(`# ${engine.name}: ${total} pairs in ${seconds.toFixed(2)} s (${Math.round(total / seconds)}/s)`)
    })
  })
}
