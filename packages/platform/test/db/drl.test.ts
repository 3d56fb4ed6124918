import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  appendDrlVersion,
  currentDrl,
  drlCheck,
  drlChunk,
  latestDrlVersion,
  publishFirstDrlVersion,
} from '../../src/db/drl.ts'
import { DbError } from '../../src/db/errors.ts'
import { testEngines, type TestDatabase } from '../../src/db/test-database.ts'
import { T0 } from './fixtures.ts'

const h = (n: number) => `h${String(n).padStart(4, '0')}`

/** What a client does with the chunks (§9.6): a snapshot at chunk 1 wipes, then set insert / delete. */
async function sync(t: TestDatabase, local: Set<string>, from: number, chunkSize: number): Promise<number> {
  const check = await drlCheck(t.db, from, 1, { chunkSize })
  if (check.version === from) return from
  for (let c = 1; c <= check.totalChunk; c++) {
    const chunk = await drlChunk(t.db, from, c, { chunkSize })
    assert.equal(chunk.version, check.version)
    if (chunk.revokedUcvi !== undefined) {
      if (c === 1) local.clear()
      for (const x of chunk.revokedUcvi) local.add(x)
    } else {
      for (const x of chunk.delta?.insertions ?? []) local.add(x)
      for (const x of chunk.delta?.deletions ?? []) local.delete(x)
    }
  }
  assert.equal(local.size, check.totalNumberUCVI)
  return check.version
}

for (const engine of testEngines()) {
  describe(`DRL versions (${engine.name})`, () => {
    let t: TestDatabase
    before(async () => {
      t = await engine.open()
    })
    after(async () => {
      await t?.dispose()
    })

    it('an empty list is version 0 with nothing in it; versions beyond the latest and bad chunks are refused', async () => {
      assert.equal(await latestDrlVersion(t.db), 0)
      const check = await drlCheck(t.db, 0)
      assert.deepEqual([check.version, check.numDiAdd, check.totalNumberUCVI, check.totalChunk], [0, 0, 0, 1])
      await assert.rejects(drlCheck(t.db, 1), (e: unknown) => e instanceof DbError && e.code === 'DRL_BAD_VERSION')
      await assert.rejects(drlCheck(t.db, -1), (e: unknown) => e instanceof DbError && e.code === 'DRL_BAD_VERSION')
      await assert.rejects(drlChunk(t.db, 0, 2), (e: unknown) => e instanceof DbError && e.code === 'DRL_BAD_CHUNK')
    })

    it('snapshot for a new client, delta for a retained version, nothing for an up-to-date one', async () => {
      assert.equal(await appendDrlVersion(t.db, { insertions: ['a', 'b', 'c'], deletions: [], at: T0 }), 1)
      assert.equal(await appendDrlVersion(t.db, { insertions: ['d', 'a'], deletions: ['b'], at: T0 + 1 }), 2)
      assert.equal(await appendDrlVersion(t.db, { insertions: ['b'], deletions: ['c', 'zz'], at: T0 + 2 }), 3)
      assert.deepEqual(await currentDrl(t.db), ['a', 'b', 'd'])

      const fresh = await drlChunk(t.db, 0, 0)
      assert.deepEqual(fresh.revokedUcvi, ['a', 'b', 'd'])
      assert.equal(fresh.creationDate, new Date(T0 + 2).toISOString())
      assert.equal(fresh.fromVersion, undefined)

      // From 1 ({a,b,c}) to 3 ({a,b,d}): b left and came back, so it is in neither list.
      const d1 = await drlCheck(t.db, 1)
      assert.deepEqual([d1.id, d1.fromVersion, d1.version, d1.numDiAdd, d1.numDiDelete], ['delta-1-3', 1, 3, 1, 1])
      assert.deepEqual((await drlChunk(t.db, 1)).delta, { insertions: ['d'], deletions: ['c'] })
      // From 2 ({a,c,d}) to 3.
      assert.deepEqual((await drlChunk(t.db, 2)).delta, { insertions: ['b'], deletions: ['c'] })

      const current = await drlCheck(t.db, 3)
      assert.deepEqual([current.fromVersion, current.version, current.numDiAdd, current.totalNumberUCVI], [3, 3, 0, 3])
      assert.deepEqual((await drlChunk(t.db, 3)).revokedUcvi, [])

      // Beyond the retention a client gets the snapshot again.
      const old = await drlCheck(t.db, 1, 1, { deltaRetention: 1 })
      assert.equal(old.id, 'snapshot-3')
      assert.equal(old.numDiAdd, 3)
    })

    it('chunks: sizes and counters per §9.3, and every client version syncs to the same set', async () => {
      const base = await latestDrlVersion(t.db)
      const states = new Map<number, string[]>([
        [0, []],
        [base, await currentDrl(t.db)],
      ])
      await appendDrlVersion(t.db, { insertions: Array.from({ length: 25 }, (_, i) => h(i)), deletions: [], at: T0 })
      states.set(base + 1, await currentDrl(t.db))
      await appendDrlVersion(t.db, { insertions: [h(30), h(31)], deletions: [h(0), h(1), h(2), 'a'], at: T0 })
      const latest = base + 2
      const snapshot = await drlCheck(t.db, 0, 2, { chunkSize: 10 })
      // {b, d} + 22 of h0..h24 + h30, h31 = 26 hashes → 3 chunks of 10.
      assert.deepEqual(
        [snapshot.totalNumberUCVI, snapshot.totalChunk, snapshot.chunk, snapshot.sizeSingleChunkInByte],
        [26, 3, 2, 510],
      )
      assert.equal(snapshot.totalSizeInByte, 2 * 510)
      const last = await drlChunk(t.db, 0, 3, { chunkSize: 10 })
      assert.equal(last.revokedUcvi?.length, 6)
      assert.equal(last.lastElementInChunk, 'h0031')

      // A delta spanning chunks from version `base` ({a, b, d}): h3..h24, h30, h31 in, `a` out (h0..h2 came and went).
      const delta = await drlCheck(t.db, base, 1, { chunkSize: 10 })
      assert.deepEqual([delta.numDiAdd, delta.numDiDelete, delta.totalChunk], [24, 1, 3])
      const third = await drlChunk(t.db, base, 3, { chunkSize: 10 })
      assert.deepEqual(third.delta, { insertions: ['h0023', 'h0024', 'h0030', 'h0031'], deletions: ['a'] })
      const firstOfDelta = await drlChunk(t.db, base, 1, { chunkSize: 10 })
      assert.deepEqual(firstOfDelta.delta?.deletions, [])
      assert.equal(firstOfDelta.delta?.insertions.length, 10)
      await assert.rejects(drlChunk(t.db, base, 4, { chunkSize: 10 }), /Chunk non valido/)

      const expected = new Set(await currentDrl(t.db))
      states.set(latest, [...expected])
      for (const [from, held] of states) {
        // A client that holds the list of version `from` syncs to the latest and ends with the same set.
        const local = new Set(held)
        assert.equal(await sync(t, local, from, 7), latest)
        assert.deepEqual(local, expected, `from version ${from}`)
      }
      assert.equal((await drlCheck(t.db, 0)).totalChunk, 1, 'the default chunk size is 10,000')
    })

    it('the production chunk size: 10,001 hashes make two chunks, the second holding one', async () => {
      const many = Array.from({ length: 10_001 }, (_, i) => `big${String(i).padStart(6, '0')}`)
      const version = await appendDrlVersion(t.db, { insertions: many, deletions: [], at: T0 })
      const delta = await drlCheck(t.db, version - 1)
      assert.deepEqual([delta.numDiAdd, delta.totalChunk, delta.sizeSingleChunkInByte], [10_001, 2, 510_000])
      const second = await drlChunk(t.db, version - 1, 2)
      assert.deepEqual(second.delta, { insertions: ['big010000'], deletions: [] })
    })
  })
}

for (const engine of testEngines()) {
  describe(`the first DRL version (${engine.name})`, () => {
    it('publishFirstDrlVersion makes version 1, an empty snapshot, once; revocations follow as version 2', async () => {
      const t = await engine.open()
      try {
        assert.equal(await publishFirstDrlVersion(t.db, T0), 1)
        assert.equal(await publishFirstDrlVersion(t.db, T0 + 1), 1, 'a restart publishes nothing')
        const check = await drlCheck(t.db, 0)
        assert.deepEqual([check.version, check.totalNumberUCVI, check.totalChunk], [1, 0, 1])
        assert.equal(check.creationDate, new Date(T0).toISOString())
        assert.equal(await appendDrlVersion(t.db, { insertions: ['a'], deletions: [], at: T0 + 2 }), 2)
        assert.deepEqual((await drlChunk(t.db, 1)).delta, { insertions: ['a'], deletions: [] })
      } finally {
        await t.dispose()
      }
    })
  })
}
