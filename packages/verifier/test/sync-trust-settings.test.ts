/**
 * The trust-list (§8) and settings (§7) sync over real HTTP, with the fixtures DSC-validation.json and settings.json
 * served through the protocol, and faults. A failed sync leaves the previous list and rows, on disk and in memory.
 */
import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import { kidOf, kidToBase64 } from '@greenpass/hcert'
import { VerifierStore } from '../src/index.ts'
import { DrlHistory } from './support/drl-history.ts'
import { fixtureDscs, fixtureSettings } from './support/fixtures.ts'
import { assertReopensSame, issueOf, NOW, sync, withTempDir } from './support/helpers.ts'
import { VerifierServer } from './support/verifier-server.ts'

const UK_ASCII_KIDS = ['d3ByZGtleTI=', 'd3ByZGtleTE=', 'c3ByZGtleTI=', 'c3ByZGtleTE='] // "wprdkey2", … (§8)

let server: VerifierServer

before(async () => {
  server = await VerifierServer.start()
})
after(() => server.close())
beforeEach(() => {
  server.settings = fixtureSettings()
  server.dscs = fixtureDscs()
  server.listed = undefined
  server.faults.length = 0
  server.log.length = 0
  server.drl = new DrlHistory({ chunkSize: 1000 })
  server.drl.publish({ insertions: [] })
})

function updateRequests(): number {
  return server.requests(/^signercertificate\/update$/).length
}

describe('trust-list sync', () => {
  it('stores all 102 fixture DSCs under their served kids, the UK ASCII kids included', async () => {
    await withTempDir(async (dir) => {
      const store = await VerifierStore.open(dir)
      const report = await sync(store, server)
      assert.deepEqual(report.errors, [])
      assert.deepEqual(
        [report.trustList?.count, report.trustList?.added, report.trustList?.served, report.trustList?.requests],
        [102, 102, 102, 104],
      )
      const trustStore = store.trustStore()
      assert.equal(trustStore.size, 102)
      for (const kid of UK_ASCII_KIDS) {
        const [dsc] = trustStore.get(kid) ?? []
        assert.ok(dsc, `${kid} is in the trust store`)
        assert.equal(dsc.kidBase64, kid)
        assert.notEqual(kidToBase64(kidOf(Buffer.from(dsc.certificate?.raw ?? []))), kid, 'not the derived kid')
      }
      assert.equal(trustStore.get('jnFYIu1y3ic=')?.[0]?.certificate?.subject.includes('Italy DGC DSC 4'), true)
      assert.equal(store.trustStore(), trustStore, 'KeyObjects are built once, until the list changes')
      const status = store.status(NOW)
      assert.deepEqual([status.trustList.count, status.trustList.unusable], [102, 0])
      assert.equal(store.trustListState().resumeToken, '102')
      const reopened = await assertReopensSame(store)
      assert.equal(reopened.trustStore().size, 102)
    })
  })

  it('asks only for what follows its resume token, adds new DSCs and drops kids no longer listed', async () => {
    await withTempDir(async (dir) => {
      const all = fixtureDscs()
      server.dscs = all.slice(0, 60)
      const store = await VerifierStore.open(dir)
      await sync(store, server)
      const first = store.trustStore()

      server.dscs = all
      server.listed = all.slice(10).map((dsc) => dsc.kid)
      server.log.length = 0
      const report = await sync(store, server)
      assert.deepEqual(report.errors, [])
      assert.deepEqual([report.trustList?.added, report.trustList?.removed, report.trustList?.count], [42, 10, 92])
      assert.equal(updateRequests(), 43, 'DSCs 61–102 and the final 204')
      assert.notEqual(store.trustStore(), first, 'rebuilt after a change')
      assert.equal(store.trustStore().has(all[0]?.kid ?? ''), false)
      assert.equal(store.trustStore().has(all[101]?.kid ?? ''), true)
    })
  })

  it('stores only listed kids, and restarts from the beginning when the list is empty', async () => {
    await withTempDir(async (dir) => {
      server.listed = fixtureDscs()
        .slice(0, 5)
        .map((dsc) => dsc.kid)
      const store = await VerifierStore.open(dir)
      await sync(store, server)
      assert.equal(store.trustList().length, 5)
      assert.equal(store.trustListState().resumeToken, '102', 'the token follows what was served, listed or not')

      server.listed = []
      await sync(store, server)
      assert.deepEqual([store.trustList().length, store.trustListState().resumeToken], [0, null])

      server.listed = undefined
      server.log.length = 0
      await sync(store, server)
      assert.equal(store.trustList().length, 102)
      assert.equal(updateRequests(), 103, 'an empty store starts without a token')
    })
  })

  it('a listed kid that the token skips over triggers one full loop', async () => {
    await withTempDir(async (dir) => {
      const all = fixtureDscs()
      server.listed = all.slice(1).map((dsc) => dsc.kid)
      const store = await VerifierStore.open(dir)
      await sync(store, server)
      assert.equal(store.trustList().length, 101)
      server.listed = undefined // DSC 1 is listed again, but it comes before the token
      server.log.length = 0
      const report = await sync(store, server)
      assert.deepEqual(report.errors, [])
      assert.equal(store.trustList().length, 102)
      assert.equal(updateRequests(), 1 + 103, 'the incremental loop (204 at once), then the full one')
    })
  })

  for (const [what, rule, code] of [
    [
      // Twice: the incremental loop ends early, and so does the full loop that its missing kids trigger.
      'a 204 too early',
      { match: /^signercertificate\/update$/, fault: { kind: 'no-content' }, times: 2 },
      'SYNC_PROTOCOL',
    ],
    [
      'a connection dropped mid-body',
      { match: /^signercertificate\/update$/, fault: { kind: 'drop-mid-body' } },
      'SYNC_NETWORK',
    ],
    ['garbage for the status list', { match: 'signercertificate/status', fault: { kind: 'garbage' } }, 'SYNC_PROTOCOL'],
    [
      'HTTP 500 on an update call',
      { match: /^signercertificate\/update$/, fault: { kind: 'status', status: 500 } },
      'SYNC_HTTP',
    ],
  ] as const) {
    it(`${what}: ${code}, the previous list stays, a later sync converges`, async () => {
      await withTempDir(async (dir) => {
        const all = fixtureDscs()
        server.dscs = all.slice(0, 50)
        const store = await VerifierStore.open(dir)
        await sync(store, server)
        const before = store.trustListState()

        server.dscs = all
        // Let the loop run a while before the fault hits.
        let seen = 0
        server.inject({
          match: /^signercertificate\/update$/,
          fault: { kind: 'before', run: () => void seen++ },
          times: 20,
        })
        server.inject({ ...rule })
        const report = await sync(store, server)
        assert.equal(issueOf(report, 'trustList').code, code)
        assert.deepEqual(store.trustListState(), before)
        assert.deepEqual((await VerifierStore.open(dir)).trustListState(), before)

        const fixed = await sync(store, server)
        assert.deepEqual(fixed.errors, [])
        assert.equal(store.trustList().length, 102)
      })
    })
  }

  it('a listed DSC whose body is not a certificate is left out and counted', async () => {
    await withTempDir(async (dir) => {
      const all = fixtureDscs()
      server.dscs = [...all.slice(0, 3), { kid: 'AAAAAAAAAAA=', der: 'bm90IGEgY2VydGlmaWNhdGU=' }]
      const store = await VerifierStore.open(dir)
      const report = await sync(store, server)
      assert.deepEqual(report.errors, [])
      assert.deepEqual([report.trustList?.count, report.trustList?.rejected], [3, 1])
    })
  })
})

describe('settings sync', () => {
  it('stores the 83 fixture rows as served', async () => {
    await withTempDir(async (dir) => {
      const store = await VerifierStore.open(dir)
      const report = await sync(store, server)
      assert.deepEqual(report.settings, { count: 83, changed: true })
      assert.deepEqual(store.settingsRows(), fixtureSettings())
      assert.deepEqual((await VerifierStore.open(dir)).settingsRows(), fixtureSettings())
      assert.deepEqual((await sync(store, server)).settings, { count: 83, changed: false })
    })
  })

  for (const [what, fault, code] of [
    ['garbage JSON', { kind: 'garbage' }, 'SYNC_PROTOCOL'],
    ['HTTP 500', { kind: 'status', status: 500 }, 'SYNC_HTTP'],
    ['a dropped connection', { kind: 'drop-after-headers' }, 'SYNC_NETWORK'],
  ] as const) {
    it(`${what}: ${code}, the previous rows stay`, async () => {
      await withTempDir(async (dir) => {
        const store = await VerifierStore.open(dir)
        await sync(store, server)
        server.settings = [{ name: 'changed', type: 'GENERIC', value: '1' }]
        server.inject({ match: 'settings', fault })
        const report = await sync(store, server, new Date(NOW.getTime() + 1000))
        assert.equal(issueOf(report, 'settings').code, code)
        assert.equal(report.trustList?.count, 102, 'the other parts still sync')
        assert.deepEqual(store.settingsRows(), fixtureSettings())
        assert.equal(store.settingsState().syncedAt, NOW.toISOString())
        assert.deepEqual((await VerifierStore.open(dir)).settingsState(), store.settingsState())
      })
    })
  }

  it('refuses an array whose rows are not {name, type, value} strings', async () => {
    await withTempDir(async (dir) => {
      server.settings = [{ name: 'MAX_RETRY', type: 'GENERIC', value: 2 }]
      const store = await VerifierStore.open(dir)
      const report = await sync(store, server)
      assert.equal(issueOf(report, 'settings').code, 'SYNC_PROTOCOL')
      assert.deepEqual(store.settingsRows(), [])
    })
  })
})
