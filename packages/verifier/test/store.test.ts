/**
 * The data folder: crash consistency (a sync killed with SIGKILL, debris of interrupted writes), corrupt files,
 * staleness at a given instant, one sync at a time, and a server that cannot be reached.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { isSyncError, MAX_DATA_AGE_MS, syncVerifier, VerifierStore } from '../src/index.ts'
import { DrlHistory } from './support/drl-history.ts'
import { fixtureDscs, fixtureSettings } from './support/fixtures.ts'
import { assertReopensSame, filesOf, issueOf, NOW, sync, uvciHashes, withTempDir } from './support/helpers.ts'
import { VerifierServer } from './support/verifier-server.ts'

const CHUNK = 500
const SNAPSHOT = uvciHashes(0, 20_000) // 40 chunks
const CHILD = fileURLToPath(new URL('./support/sync-child.ts', import.meta.url))

let server: VerifierServer

before(async () => {
  server = await VerifierServer.start()
})
after(() => server.close())
beforeEach(() => {
  server.settings = fixtureSettings()
  server.dscs = fixtureDscs().slice(0, 10)
  server.listed = undefined
  server.faults.length = 0
  server.log.length = 0
  server.drl = new DrlHistory({ chunkSize: CHUNK })
  server.drl.publish({ insertions: SNAPSHOT })
})

/** Runs a sync in a child process; `kill` gets a function that SIGKILLs it. Resolves when the child has ended. */
function childSync(dir: string, arm: (kill: () => void) => void): Promise<number | null> {
  const child = spawn(process.execPath, [CHILD, dir, server.baseUrl, NOW.toISOString()], { stdio: 'ignore' })
  arm(() => child.kill('SIGKILL'))
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)))
}

/** The folder holds a state the protocol can be in: the snapshot's first k chunks exactly, k = chunks committed. */
async function assertChunkPrefix(dir: string): Promise<number> {
  const store = await VerifierStore.open(dir)
  const download = store.drlState().download
  const chunks = download ? download.currentChunk : store.drlState().version === 1 ? 40 : 0
  const expected = SNAPSHOT.slice(0, chunks * CHUNK)
  assert.equal(store.drl.size, expected.length, `${chunks} chunks committed`)
  for (const entry of expected) assert.ok(store.drl.has(entry))
  assert.equal(store.status(NOW).verificationAllowed, download === null)
  return chunks
}

describe('crash consistency', () => {
  it('a sync killed (SIGKILL) while asking for chunk 9 leaves chunks 1–8; the next sync resumes', async () => {
    await withTempDir(async (dir) => {
      const exit = childSync(dir, (kill) =>
        server.inject({ match: 'drl?version=0&chunk=9', fault: { kind: 'before', run: kill } }),
      )
      assert.notEqual(await exit, 0)
      assert.equal(await assertChunkPrefix(dir), 8)
      const store = await VerifierStore.open(dir)
      assert.equal(store.trustList().length, 10, 'the parts before the DRL were committed whole')
      const report = await sync(store, server)
      assert.deepEqual(report.errors, [])
      assert.equal(report.drl?.resumedAtChunk, 9)
      assert.equal(store.drl.size, SNAPSHOT.length)
    })
  })

  it('a sync killed at arbitrary moments always leaves a whole state, and the next sync converges', async () => {
    await withTempDir(async (dir) => {
      // Kill at the n-th DRL request after a delay that lands inside a chunk's commit more often than not.
      for (const [request, delay] of [
        [3, 0],
        [12, 2],
        [20, 5],
        [33, 1],
      ] as const) {
        let seen = 0
        const exit = childSync(dir, (kill) =>
          server.inject({
            match: /^drl\?/,
            fault: { kind: 'before', run: () => void (++seen === request && setTimeout(kill, delay)) },
            times: 1000,
          }),
        )
        await exit
        server.faults.length = 0
        await assertChunkPrefix(dir)
      }
      const store = await VerifierStore.open(dir)
      assert.deepEqual((await sync(store, server)).errors, [])
      assert.equal(await assertChunkPrefix(dir), 40)
    })
  })

  it('removes the debris of interrupted writes and ignores files that drl.json does not name', async () => {
    await withTempDir(async (dir) => {
      const store = await VerifierStore.open(dir)
      await sync(store, server)
      const files = await filesOf(dir)
      const chunkFile = `drl-${store.drlState().nextId}-chunk-1.bin`
      await writeFile(join(dir, '.drl.json.4c1d.tmp'), '{"format": 1, "vers')
      await writeFile(join(dir, chunkFile), await readFile(join(dir, `drl-${store.drlState().base}.bin`)))
      await writeFile(join(dir, 'drl-999.bin'), 'whatever')
      const reopened = await assertReopensSame(store)
      assert.deepEqual(await filesOf(dir), files)
      assert.equal(reopened.drl.size, SNAPSHOT.length)
    })
  })

  it('a base file of exactly 32 bytes per entry after a header of 16', async () => {
    await withTempDir(async (dir) => {
      const store = await VerifierStore.open(dir)
      await sync(store, server)
      const { size } = await stat(join(dir, `drl-${store.drlState().base}.bin`))
      assert.equal(size, 16 + 32 * SNAPSHOT.length)
    })
  })

  it('refuses a corrupt drl.json, or a base file that went missing, with STORE_CORRUPT', async () => {
    await withTempDir(async (dir) => {
      const store = await VerifierStore.open(dir)
      await sync(store, server)
      const state = await readFile(join(dir, 'drl.json'), 'utf8')
      await writeFile(join(dir, 'drl.json'), state.slice(0, 20))
      await assert.rejects(VerifierStore.open(dir), { code: 'STORE_CORRUPT' })
      await writeFile(join(dir, 'drl.json'), state.replace(/"base":\d+/, '"base":77'))
      await assert.rejects(VerifierStore.open(dir), { code: 'STORE_CORRUPT' })
      await writeFile(join(dir, 'drl.json'), state)
      await writeFile(join(dir, 'settings.json'), '[]')
      await assert.rejects(VerifierStore.open(dir), { code: 'STORE_CORRUPT' })
    })
  })
})

describe('status', () => {
  it('a store never synced is stale and holds nothing; verification is allowed (no download under way)', async () => {
    await withTempDir(async (dir) => {
      const status = (await VerifierStore.open(dir)).status(NOW)
      assert.deepEqual(status, {
        trustList: { count: 0, syncedAt: null, unusable: 0 },
        settings: { count: 0, syncedAt: null },
        drl: {
          version: 0,
          count: 0,
          complete: true,
          syncedAt: null,
          active: true,
          download: null,
          totalNumberUCVI: null,
        },
        stale: true,
        verificationAllowed: true,
      })
    })
  })

  it('goes stale when any part is older than 24 h at the instant given', async () => {
    await withTempDir(async (dir) => {
      const store = await VerifierStore.open(dir)
      assert.deepEqual((await sync(store, server)).errors, [])
      const at = (ms: number) => new Date(NOW.getTime() + ms)
      assert.equal(store.status(NOW).stale, false)
      assert.equal(store.status(at(MAX_DATA_AGE_MS)).stale, false)
      assert.equal(store.status(at(MAX_DATA_AGE_MS + 1)).stale, true)

      // Only the DRL fails to sync a day later: the store is stale because of it alone.
      server.inject({ match: /^drl\/check/, fault: { kind: 'status', status: 503 } })
      const later = at(MAX_DATA_AGE_MS)
      const report = await sync(store, server, later)
      assert.equal(issueOf(report, 'drl').code, 'SYNC_HTTP')
      const status = store.status(at(MAX_DATA_AGE_MS + 1))
      assert.deepEqual([status.trustList.syncedAt, status.settings.syncedAt], [later, later])
      assert.deepEqual([status.drl.syncedAt, status.stale], [NOW, true])
    })
  })
})

describe('sync', () => {
  it('one sync per store at a time: a concurrent one is refused with SYNC_BUSY', async () => {
    await withTempDir(async (dir) => {
      const store = await VerifierStore.open(dir)
      const first = sync(store, server)
      await assert.rejects(sync(store, server), (error) => isSyncError(error, 'SYNC_BUSY'))
      assert.deepEqual((await first).errors, [])
      assert.deepEqual((await sync(store, server)).errors, [])
    })
  })

  it('a server that cannot be reached: SYNC_NETWORK for every part, nothing changes', async () => {
    await withTempDir(async (dir) => {
      const store = await VerifierStore.open(dir)
      await sync(store, server)
      const before = await filesOf(dir)
      const gone = await VerifierServer.start()
      const baseUrl = gone.baseUrl
      await gone.close()
      const report = await syncVerifier(store, { baseUrl, now: NOW, timeoutMs: 5000 })
      assert.deepEqual(
        report.errors.map((error) => [error.part, error.code]),
        [
          ['settings', 'SYNC_NETWORK'],
          ['trustList', 'SYNC_NETWORK'],
          ['drl', 'SYNC_NETWORK'],
          ['euRevocation', 'SYNC_NETWORK'],
        ],
      )
      assert.deepEqual(await filesOf(dir), before)
      await assertReopensSame(store)
    })
  })
})
