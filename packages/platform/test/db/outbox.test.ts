import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Kysely } from 'kysely'
import { backoffDelayMs, claimDue, complete, enqueue, outboxCounts, retryLater } from '../../src/db/outbox.ts'
import type { Database } from '../../src/db/schema.ts'
import { testEngines, type TestDatabase } from '../../src/db/test-database.ts'
import { withTransaction } from '../../src/db/transaction.ts'
import { T0 } from './fixtures.ts'

const LEASE = 30_000

async function clear(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('outbox').execute()
}

for (const engine of testEngines()) {
  describe(`outbox (${engine.name})`, () => {
    let t: TestDatabase
    before(async () => {
      t = await engine.open()
    })
    after(async () => {
      await t?.dispose()
    })

    it('enqueue skips a key already present; claimDue hands out due messages oldest first, with a lease', async () => {
      await clear(t.db)
      const added = await withTransaction(t.db, (trx) =>
        enqueue(
          trx,
          [
            { kind: 'email', idempotencyKey: 'a', payload: { n: 1 } },
            { kind: 'sms', idempotencyKey: 'b', payload: { n: 2 } },
          ],
          T0,
        ),
      )
      assert.equal(added, 2)
      assert.equal(await enqueue(t.db, { kind: 'sms', idempotencyKey: 'b', payload: { n: 3 } }, T0), 0)
      await enqueue(t.db, { kind: 'io', idempotencyKey: 'later', payload: {} }, T0 + 60_000)

      assert.deepEqual(await claimDue(t.db, T0 - 1, 10, LEASE), [], 'nothing is due before its time')
      const claimed = await claimDue(t.db, T0, 10, LEASE)
      assert.deepEqual(
        claimed.map((m) => [m.idempotencyKey, m.kind, m.payload, m.attempts, m.claimedUntil]),
        [
          ['a', 'email', { n: 1 }, 1, T0 + LEASE],
          ['b', 'sms', { n: 2 }, 1, T0 + LEASE],
        ],
      )
      assert.deepEqual(await claimDue(t.db, T0 + 1, 10, LEASE), [], 'leased messages are not handed out again')
      assert.deepEqual(await outboxCounts(t.db, T0), { pending: 3, due: 2, done: 0 })
    })

    it('a lease that runs out (a crashed worker) gives the message back; complete ends it for good', async () => {
      await clear(t.db)
      await enqueue(t.db, { kind: 'email', idempotencyKey: 'crash', payload: {} }, T0)
      const [first] = await claimDue(t.db, T0, 1, LEASE)
      assert.ok(first)
      assert.deepEqual(await claimDue(t.db, T0 + LEASE - 1, 1, LEASE), [])
      const [again] = await claimDue(t.db, T0 + LEASE, 1, LEASE)
      assert.equal(again?.id, first.id)
      assert.equal(again?.attempts, 2)
      assert.equal(await complete(t.db, first.id, T0 + LEASE + 5), true)
      const scrubbed = await t.db
        .selectFrom('outbox')
        .select('payload')
        .where('id', '=', first.id)
        .executeTakeFirstOrThrow()
      assert.equal(scrubbed.payload, '{}', 'a delivered message keeps no code in clear')
      assert.equal(await complete(t.db, first.id, T0 + LEASE + 6), false)
      assert.deepEqual(await claimDue(t.db, T0 + 10 * LEASE, 1, LEASE), [])
      assert.deepEqual(await outboxCounts(t.db, T0 + 10 * LEASE), { pending: 0, due: 0, done: 1 })
    })

    it('retryLater puts a failed message back at its backoff time with the error', async () => {
      await clear(t.db)
      await enqueue(t.db, { kind: 'sms', idempotencyKey: 'flaky', payload: {} }, T0)
      const [m] = await claimDue(t.db, T0, 1, LEASE)
      assert.ok(m)
      const next = T0 + backoffDelayMs(m.attempts)
      assert.equal(await retryLater(t.db, m.id, next, 'gateway 503'), true)
      assert.deepEqual(await claimDue(t.db, next - 1, 1, LEASE), [], 'not before the backoff time')
      const [retried] = await claimDue(t.db, next, 1, LEASE)
      assert.equal(retried?.id, m.id)
      assert.equal(retried?.attempts, 2)
      assert.equal(retried?.lastError, 'gateway 503')
    })

    it('two claim loops running at once never get the same message, and together get them all', async () => {
      await clear(t.db)
      const total = 1_000
      await enqueue(
        t.db,
        Array.from({ length: total }, (_, i) => ({ kind: 'email' as const, idempotencyKey: `m${i}`, payload: { i } })),
        T0,
      )
      // Two separate pools (or SQLite connections): on PostgreSQL the loops really overlap on the server.
      const other = engine.name === 'postgres' ? await t.reopen() : undefined
      try {
        const loop = async (db: Kysely<Database>): Promise<number[]> => {
          const got: number[] = []
          for (;;) {
            const batch = await claimDue(db, T0, 37, LEASE)
            if (batch.length === 0) return got
            for (const m of batch) {
              got.push(m.id)
              await complete(db, m.id, T0 + 1)
            }
          }
        }
        const [a, b, c] = await Promise.all([loop(t.db), loop(other?.db ?? t.db), loop(t.db)])
        const all = [...a, ...b, ...c]
        assert.equal(new Set(all).size, all.length, 'no message claimed twice')
        assert.equal(all.length, total)
        if (engine.name === 'postgres') assert.ok(a.length > 0 && b.length > 0, 'both pools took part')
      } finally {
        await other?.close()
      }
      assert.deepEqual(await outboxCounts(t.db, T0 + 2), { pending: 0, due: 0, done: total })
    })

    it('backoff doubles from the base up to the cap, spread by the jitter', () => {
      assert.deepEqual(
        [1, 2, 3, 4].map((n) => backoffDelayMs(n)),
        [1_000, 2_000, 4_000, 8_000],
      )
      assert.equal(backoffDelayMs(100), 3_600_000)
      assert.equal(backoffDelayMs(1, { jitter: 0 }), 500)
      assert.equal(backoffDelayMs(1, { jitter: 0.99 }), 1_490)
    })
  })
}
