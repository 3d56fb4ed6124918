/**
 * The DRL client (italian-verification-rules.md §9.6) over real HTTP against a loopback server: the protocol
 * fixtures, generated snapshots and deltas over many chunks, and faults. After every fault the folder, opened
 * afresh, holds the state before the failed step (never a half-applied chunk), and a later clean sync converges.
 */
import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import { DrlStore, parseDrlCheck, parseDrlChunk, VerifierStore } from '../src/index.ts'
import { DrlHistory } from './support/drl-history.ts'
import { fixtureSettings, responseFixture } from './support/fixtures.ts'
import {
  assertDrlIs,
  assertReopensSame,
  filesOf,
  issueOf,
  NOW,
  sync,
  uvciHashes,
  withTempDir,
} from './support/helpers.ts'
import { VerifierServer } from './support/verifier-server.ts'

const CHUNK = 1000
const SNAPSHOT = uvciHashes(0, 25_000) // 25 chunks

let server: VerifierServer

before(async () => {
  server = await VerifierServer.start()
})
after(() => server.close())
beforeEach(() => {
  server.settings = fixtureSettings()
  server.dscs = []
  server.listed = undefined
  server.faults.length = 0
  server.log.length = 0
  server.totalNumberUCVIOffset = 0
  server.drl = new DrlHistory({ chunkSize: CHUNK })
  server.drl.publish({ insertions: SNAPSHOT })
  server.drlSource = undefined
})

function withSetting(name: string, value: string): void {
  server.settings = [...fixtureSettings(), { name, type: 'GENERIC', value }]
}

describe('DRL protocol fixtures (§12.1)', () => {
  it('parses the check and chunk files as served', () => {
    const check = parseDrlCheck(responseFixture('CRL-check-v1.json'))
    assert.deepEqual(
      [check.version, check.totalChunk, check.totalNumberUCVI, check.sizeSingleChunkInByte],
      [1, 100, 1_000_000, 510_000],
    )
    assert.equal(parseDrlCheck(responseFixture('CRL-check-v3.json')).version, 3)
    const c1 = parseDrlChunk(responseFixture('CRL-v1-c1.json'))
    const c2 = parseDrlChunk(responseFixture('CRL-v1-c2.json'))
    const insert = parseDrlChunk(responseFixture('CRL-v2-c1.json'))
    const remove = parseDrlChunk(responseFixture('CRL-v3-c1.json'))
    assert.deepEqual(
      [c1, c2, insert, remove].map((c) => [
        c.kind,
        c.version,
        c.chunk,
        c.insertions.length / 32,
        c.deletions.length / 32,
      ]),
      [
        ['snapshot', 2, 1, 5, 0],
        ['snapshot', 2, 2, 4, 0],
        ['delta', 3, 1, 4, 0],
        ['delta', 4, 1, 0, 2],
      ],
    )
  })

  it('applied in order with set semantics, gives 0 → 9 → 12 → 11', () => {
    const drl = new DrlStore()
    const sizes = [drl.size]
    for (const name of ['CRL-v1-c1.json', 'CRL-v1-c2.json', 'CRL-v2-c1.json', 'CRL-v3-c1.json']) {
      const chunk = parseDrlChunk(responseFixture(name))
      drl.addBytes(chunk.insertions)
      drl.deleteBytes(chunk.deletions)
      if (name !== 'CRL-v1-c1.json') sizes.push(drl.size)
    }
    assert.deepEqual(sizes, [0, 9, 12, 11])
  })

  it('served as they are, are refused by the strict client: chunks of another version, and nothing is stored', async () => {
    await withTempDir(async (dir) => {
      // The files were written for a lax client: check v1 announces 100 chunks of version 1, the chunks say version 2.
      const chunks = [responseFixture('CRL-v1-c1.json'), responseFixture('CRL-v1-c2.json')]
      server.drlSource = {
        check: () => ({ status: 200, body: responseFixture('CRL-check-v1.json') }),
        chunk: (_version, chunk) => ({ status: chunks[chunk - 1] ? 200 : 400, body: chunks[chunk - 1] ?? {} }),
      }
      const store = await VerifierStore.open(dir)
      const report = await sync(store, server)
      assert.equal(issueOf(report, 'drl').code, 'SYNC_PROTOCOL')
      assert.match(issueOf(report, 'drl').message, /did not settle/)
      assert.ok(server.requests(/^drl\?version=0&chunk=1$/).length > 1, 'restarts from version 0 each time')
      assert.equal(server.requests(/chunk=2/).length, 0, 'no chunk of a mismatched download is applied')
      assert.equal(store.drl.size, 0)
      assert.equal(store.drlState().download, null)
      assert.ok(store.status(NOW).verificationAllowed)
      assert.deepEqual(await filesOf(dir), ['settings.json', 'trust-list.json'])
    })
  })

  it('adapted to a consistent server (versions, last chunk, totals), sync 0 → 9 → 12 → 11 over HTTP', async () => {
    await withTempDir(async (dir) => {
      const list = (name: string, field: 'revokedUcvi' | 'insertions' | 'deletions') => {
        const json = responseFixture(name) as { revokedUcvi?: string[]; delta?: Record<string, string[]> }
        return (field === 'revokedUcvi' ? json.revokedUcvi : json.delta?.[field]) ?? []
      }
      server.drl = new DrlHistory({ chunkSize: 5 })
      server.drl.publish({
        insertions: [...list('CRL-v1-c1.json', 'revokedUcvi'), ...list('CRL-v1-c2.json', 'revokedUcvi')],
      })
      const store = await VerifierStore.open(dir)
      const sizes = [store.drl.size]
      let report = await sync(store, server)
      assert.deepEqual(report.errors, [])
      assert.equal(report.drl?.chunks, 2, 'the snapshot in its two fixture chunks')
      sizes.push(store.drl.size)

      server.drl.publish({ insertions: list('CRL-v2-c1.json', 'insertions') })
      report = await sync(store, server)
      assert.deepEqual(report.errors, [])
      assert.deepEqual([report.drl?.inserted, report.drl?.deleted], [3, 0], 'one insertion was already there')
      sizes.push(store.drl.size)

      server.drl.publish({ deletions: list('CRL-v3-c1.json', 'deletions') })
      report = await sync(store, server)
      assert.deepEqual(report.errors, [])
      assert.deepEqual([report.drl?.inserted, report.drl?.deleted], [0, 1], 'one deletion was never inserted')
      sizes.push(store.drl.size)

      assert.deepEqual(sizes, [0, 9, 12, 11])
      assert.equal(store.drlState().version, 3)
      assert.deepEqual(server.requests(/^drl\?/), [
        'drl?version=0&chunk=1',
        'drl?version=0&chunk=2',
        'drl?version=1&chunk=1',
        'drl?version=2&chunk=1',
      ])
      await assertDrlIs(store, server.drl.setAt(3), 'after v3')
    })
  })
})

describe('DRL sync over HTTP', () => {
  it('syncs from a server still at version 0 (nothing ever published): ready, not stale, then follows version 1', async () => {
    await withTempDir(async (dir) => {
      server.drl = new DrlHistory({ chunkSize: CHUNK })
      const store = await VerifierStore.open(dir)
      let report = await sync(store, server)
      assert.deepEqual(report.errors, [])
      assert.deepEqual([report.drl?.version, report.drl?.count, report.drl?.chunks], [0, 0, 0])
      const status = store.status(NOW)
      assert.equal(status.drl.syncedAt?.toISOString(), NOW.toISOString())
      assert.deepEqual([status.stale, status.verificationAllowed], [false, true])
      assert.deepEqual(server.requests(/^drl/), ['drl/check?version=0'])

      server.drl.publish({ insertions: uvciHashes(0, 1500) })
      report = await sync(store, server)
      assert.deepEqual(report.errors, [])
      assert.deepEqual([report.drl?.version, report.drl?.count], [1, 1500])
      await assertDrlIs(store, server.drl.setAt(1), 'first version')
    })
  })

  it('downloads a 25-chunk snapshot, then deltas of insertions and deletions; keeps only the base file', async () => {
    await withTempDir(async (dir) => {
      const store = await VerifierStore.open(dir)
      let report = await sync(store, server)
      assert.deepEqual(report.errors, [])
      assert.deepEqual(
        [report.drl?.version, report.drl?.count, report.drl?.chunks, report.drl?.downloads],
        [1, 25_000, 25, 1],
      )
      await assertDrlIs(store, SNAPSHOT, 'snapshot')
      assert.equal(store.status(NOW).drl.syncedAt?.toISOString(), NOW.toISOString())

      server.drl.publish({ insertions: uvciHashes(100_000, 3000), deletions: SNAPSHOT.slice(0, 2000) })
      report = await sync(store, server)
      assert.deepEqual(report.errors, [])
      assert.deepEqual([report.drl?.inserted, report.drl?.deleted, report.drl?.chunks], [3000, 2000, 5])
      await assertDrlIs(store, server.drl.setAt(2), 'after delta')
      assert.equal(server.requests(/^drl\?version=1&chunk=\d+$/).length, 5)

      // Up to date: one check, no chunk, reconciled.
      server.log.length = 0
      report = await sync(store, server)
      assert.deepEqual([report.drl?.chunks, server.requests(/^drl/).join()], [0, 'drl/check?version=2'])
      assert.deepEqual(await filesOf(dir), [
        `drl-${store.drlState().base}.bin`,
        'drl.json',
        'settings.json',
        'trust-list.json',
      ])
      await assertReopensSame(store)
    })
  })

  it('a version no longer retained gets the snapshot, whose first chunk wipes the set', async () => {
    await withTempDir(async (dir) => {
      const store = await VerifierStore.open(dir)
      await sync(store, server)
      server.drl.retainedDeltas = 0
      server.drl.publish({ insertions: uvciHashes(200_000, 500), deletions: SNAPSHOT.slice(100, 600) })
      const report = await sync(store, server)
      assert.deepEqual(report.errors, [])
      assert.equal(server.requests(/^drl\?version=1&chunk=1$/).length, 1)
      await assertDrlIs(store, server.drl.setAt(2), 'snapshot over an old version')
    })
  })

  it('a connection dropped after the headers of chunk 7: chunks 1–6 stay committed, the next sync resumes at 7', async () => {
    await withTempDir(async (dir) => {
      server.inject({ match: 'drl?version=0&chunk=7', fault: { kind: 'drop-after-headers' } })
      const store = await VerifierStore.open(dir)
      const report = await sync(store, server)
      assert.equal(issueOf(report, 'drl').code, 'SYNC_NETWORK')
      const status = store.status(NOW)
      assert.deepEqual(status.drl.download, { requestedVersion: 1, currentChunk: 6, totalChunk: 25 })
      assert.equal(status.drl.complete, false)
      assert.equal(status.verificationAllowed, false, 'no verification while a download is incomplete (§3.1)')
      await assertDrlIs(store, SNAPSHOT.slice(0, 6 * CHUNK), 'chunks 1–6')
      await assertReopensSame(store)

      server.log.length = 0
      // As a restarted process would: a fresh store on the same folder.
      const restarted = await VerifierStore.open(dir)
      const resumed = await sync(restarted, server)
      assert.deepEqual(resumed.errors, [])
      assert.equal(resumed.drl?.resumedAtChunk, 7)
      assert.equal(server.requests(/^drl\?version=0&chunk=[1-6]$/).length, 0, 'chunks 1–6 are not fetched again')
      await assertDrlIs(restarted, SNAPSHOT, 'after resuming')
    })
  })

  it('a connection dropped mid-body during a delta: the delta resumes, set semantics hold', async () => {
    await withTempDir(async (dir) => {
      const store = await VerifierStore.open(dir)
      await sync(store, server)
      server.drl.publish({ insertions: uvciHashes(300_000, 4000), deletions: SNAPSHOT.slice(5000, 8000) })
      server.inject({ match: 'drl?version=1&chunk=4', fault: { kind: 'drop-mid-body' } })
      const report = await sync(store, server)
      assert.equal(issueOf(report, 'drl').code, 'SYNC_NETWORK')
      assert.equal(store.status(NOW).drl.download?.currentChunk, 3)
      await assertReopensSame(store)
      const resumed = await sync(store, server)
      assert.deepEqual(resumed.errors, [])
      assert.equal(resumed.drl?.resumedAtChunk, 4)
      await assertDrlIs(store, server.drl.setAt(2), 'after the delta')
    })
  })

  it('does not resume when another version is on offer: wipes and downloads from version 0', async () => {
    await withTempDir(async (dir) => {
      server.inject({ match: 'drl?version=0&chunk=5', fault: { kind: 'drop-after-headers' } })
      const store = await VerifierStore.open(dir)
      await sync(store, server)
      assert.equal(store.status(NOW).drl.download?.currentChunk, 4)
      server.drl.publish({ insertions: uvciHashes(400_000, 10) })
      server.log.length = 0
      const report = await sync(store, server)
      assert.deepEqual(report.errors, [])
      assert.deepEqual([report.drl?.resumedAtChunk, report.drl?.restarts], [null, 1])
      assert.equal(server.requests(/^drl\?version=0&chunk=1$/).length, 1, 'started over')
      await assertDrlIs(store, server.drl.setAt(2), 'the new version')
    })
  })

  it('does not resume when the chunk size changed for the same version', async () => {
    await withTempDir(async (dir) => {
      server.inject({ match: 'drl?version=0&chunk=5', fault: { kind: 'drop-after-headers' } })
      const store = await VerifierStore.open(dir)
      await sync(store, server)
      server.drl.chunkSize = 2000
      server.log.length = 0
      const report = await sync(store, server)
      assert.deepEqual(report.errors, [])
      assert.equal(report.drl?.resumedAtChunk, null)
      assert.deepEqual(server.requests(/^drl\?version=0&chunk=(1|13)$/), [
        'drl?version=0&chunk=1',
        'drl?version=0&chunk=13',
      ])
      await assertDrlIs(store, SNAPSHOT, 'downloaded again in chunks of 2000')
    })
  })

  it('HTTP 400 on a chunk wipes, counts a retry and restarts from version 0 (§9.6 step 6)', async () => {
    await withTempDir(async (dir) => {
      const store = await VerifierStore.open(dir)
      await sync(store, server)
      server.drl.publish({ insertions: uvciHashes(500_000, 3000) })
      server.inject({ match: 'drl?version=1&chunk=2', fault: { kind: 'status', status: 400 } })
      server.log.length = 0
      const report = await sync(store, server)
      assert.deepEqual(report.errors, [])
      assert.deepEqual([report.drl?.retries, report.drl?.restarts], [1, 1])
      assert.deepEqual(server.requests(/^drl\/check/), [
        'drl/check?version=1',
        'drl/check?version=0',
        'drl/check?version=2',
      ])
      assert.equal(server.requests(/^drl\?version=0&chunk=\d+$/).length, 28)
      await assertDrlIs(store, server.drl.setAt(2), 'after the restart')
      assert.equal(store.drlState().retries, 0, 'reset once reconciled')
    })
  })

  it('with MAX_RETRY 0, HTTP 400 ends the sync with SYNC_HTTP and the committed chunks stay', async () => {
    await withTempDir(async (dir) => {
      withSetting('MAX_RETRY', '0')
      server.inject({ match: 'drl?version=0&chunk=3', fault: { kind: 'status', status: 400 } })
      const store = await VerifierStore.open(dir)
      const report = await sync(store, server)
      const issue = issueOf(report, 'drl')
      assert.deepEqual([issue.code, issue.httpStatus], ['SYNC_HTTP', 400])
      await assertDrlIs(store, SNAPSHOT.slice(0, 2 * CHUNK), 'chunks 1–2')
      await assertReopensSame(store)
      assert.deepEqual((await sync(store, server)).errors, [])
      await assertDrlIs(store, SNAPSHOT, 'converged')
    })
  })

  it('a chunk of another version mid-download (the server published): wipes, restarts, converges to the new version', async () => {
    await withTempDir(async (dir) => {
      server.inject({
        match: 'drl?version=0&chunk=10',
        fault: { kind: 'before', run: () => server.drl.publish({ insertions: uvciHashes(600_000, 1500) }) },
      })
      const store = await VerifierStore.open(dir)
      const report = await sync(store, server)
      assert.deepEqual(report.errors, [])
      assert.equal(report.drl?.version, 2)
      assert.equal(report.drl?.restarts, 1)
      assert.equal(report.drl?.retries, 0, 'a moved version is not a failure')
      await assertDrlIs(store, server.drl.setAt(2), 'version 2')
    })
  })

  for (const [what, fault] of [
    ['a 204 instead of a chunk', { kind: 'no-content' }],
    ['garbage instead of JSON', { kind: 'garbage' }],
    ['HTTP 503', { kind: 'status', status: 503 }],
  ] as const) {
    it(`${what}: the sync stops at the last committed chunk, a later one converges`, async () => {
      await withTempDir(async (dir) => {
        server.inject({ match: 'drl?version=0&chunk=12', fault })
        const store = await VerifierStore.open(dir)
        const report = await sync(store, server)
        assert.equal(issueOf(report, 'drl').code, fault.kind === 'status' ? 'SYNC_HTTP' : 'SYNC_PROTOCOL')
        await assertDrlIs(store, SNAPSHOT.slice(0, 11 * CHUNK), 'chunks 1–11')
        await assertReopensSame(store)
        assert.deepEqual((await sync(store, server)).errors, [])
        await assertDrlIs(store, SNAPSHOT, 'converged')
      })
    })
  }

  it('a chunk with a malformed hash is a protocol error; nothing of it is applied', async () => {
    await withTempDir(async (dir) => {
      const store = await VerifierStore.open(dir)
      await sync(store, server)
      const before = [...store.drl.hashes()]
      server.drl.publish({ insertions: [...uvciHashes(700_000, 10), 'not a hash'] })
      const report = await sync(store, server)
      assert.equal(issueOf(report, 'drl').code, 'SYNC_PROTOCOL')
      assert.deepEqual([...store.drl.hashes()], before)
      assert.equal(store.drlState().version, 1)
    })
  })

  it('reconciles the count with totalNumberUCVI: a mismatch wipes and downloads again, MAX_RETRY times', async () => {
    await withTempDir(async (dir) => {
      withSetting('MAX_RETRY', '2')
      server.totalNumberUCVIOffset = 1
      const store = await VerifierStore.open(dir)
      const report = await sync(store, server)
      assert.equal(issueOf(report, 'drl').code, 'SYNC_RECONCILIATION')
      assert.equal(server.requests(/^drl\?version=0&chunk=1$/).length, 3, 'the first download and 2 retries')
      assert.equal(store.status(NOW).drl.syncedAt, null, 'never reconciled')
      assert.equal(store.drlState().retries, 2)
      await assertDrlIs(store, SNAPSHOT, 'the lists themselves were fine')

      server.totalNumberUCVIOffset = 0
      const fixed = await sync(store, server)
      assert.deepEqual(fixed.errors, [])
      assert.deepEqual([fixed.drl?.chunks, store.drlState().retries], [0, 0])
      assert.equal(store.status(NOW).drl.syncedAt?.toISOString(), NOW.toISOString())
    })
  })

  it('a local set that lost an entry is found by the reconciliation and downloaded again from version 0', async () => {
    await withTempDir(async (dir) => {
      const store = await VerifierStore.open(dir)
      await sync(store, server)
      store.drl.delete(SNAPSHOT[42] as string)
      server.log.length = 0
      const report = await sync(store, server)
      assert.deepEqual(report.errors, [])
      assert.deepEqual([report.drl?.retries, report.drl?.chunks], [1, 25])
      await assertDrlIs(store, SNAPSHOT, 'repaired')
    })
  })

  it('DRL_SYNC_ACTIVE "false" skips the DRL entirely, and then it does not block verification or go stale', async () => {
    await withTempDir(async (dir) => {
      server.inject({ match: 'drl?version=0&chunk=3', fault: { kind: 'drop-after-headers' } })
      const store = await VerifierStore.open(dir)
      await sync(store, server)
      assert.equal(store.status(NOW).verificationAllowed, false)
      withSetting('DRL_SYNC_ACTIVE', 'false')
      server.log.length = 0
      const report = await sync(store, server)
      assert.deepEqual(report.errors, [])
      assert.equal(report.drl?.skipped, true)
      assert.deepEqual(server.requests(/^drl/), [])
      const status = store.status(NOW)
      assert.deepEqual([status.drl.active, status.verificationAllowed, status.stale], [false, true, false])
    })
  })

  it('a restart from version 0 keeps the old list until the new snapshot arrives', async () => {
    await withTempDir(async (dir) => {
      const store = await VerifierStore.open(dir)
      await sync(store, server)
      server.drl.publish({ insertions: uvciHashes(800_000, 5) })
      // 400 on the delta, then the network fails before the snapshot's first chunk: nothing was wiped.
      server.inject({ match: 'drl?version=1&chunk=1', fault: { kind: 'status', status: 400 } })
      server.inject({ match: 'drl?version=0&chunk=1', fault: { kind: 'drop-after-headers' } })
      const report = await sync(store, server)
      assert.equal(issueOf(report, 'drl').code, 'SYNC_NETWORK')
      assert.equal(store.drlState().version, 1)
      assert.ok(store.status(NOW).drl.complete)
      await assertDrlIs(store, SNAPSHOT, 'the old version, whole')
    })
  })

  it('an empty DRL on the server: version with no chunks, reconciled at 0 entries', async () => {
    await withTempDir(async (dir) => {
      server.drl = new DrlHistory({ chunkSize: CHUNK })
      server.drl.publish({})
      const store = await VerifierStore.open(dir)
      const report = await sync(store, server)
      assert.deepEqual(report.errors, [])
      assert.deepEqual([report.drl?.version, report.drl?.count, report.drl?.chunks], [1, 0, 0])
      assert.deepEqual(await filesOf(dir), ['drl.json', 'settings.json', 'trust-list.json'])
    })
  })
})
