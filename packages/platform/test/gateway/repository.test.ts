import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { testEngines, type TestDatabase } from '../../src/db/test-database.ts'
import {
  gatewaySyncState,
  listGatewayDscs,
  recordGatewayFailure,
  replaceGatewayDscs,
} from '../../src/gateway/repository.ts'
import { initKeys, openFileKeyStore } from '../../src/keys/index.ts'
import { databaseVerifierSource, FOREIGN_TOKEN_BASE } from '../../src/verifier-source.ts'

const dsc = (name: string, country = 'DE') => ({
  thumbprint: name.padEnd(64, '0'),
  kid: `${name}kid=`,
  country,
  rawData: Buffer.from(name).toString('base64'),
})

for (const engine of testEngines()) {
  describe(`gateway connector storage (${engine.name})`, () => {
    let database: TestDatabase
    before(async () => {
      database = await engine.open()
    })
    after(() => database.dispose())

    it('replaces the accepted set: kept rows keep their id, gone rows leave, new rows get higher ids', async () => {
      const { db } = database
      await replaceGatewayDscs(db, [dsc('a'), dsc('b')], 1, new Date(1_000))
      const first = await listGatewayDscs(db)
      assert.deepEqual(
        first.map((row) => row.thumbprint[0]),
        ['a', 'b'],
      )
      await replaceGatewayDscs(db, [dsc('b'), dsc('c', 'FR')], 0, new Date(2_000))
      const second = await listGatewayDscs(db)
      assert.deepEqual(
        second.map((row) => [row.thumbprint[0], row.country]),
        [
          ['b', 'DE'],
          ['c', 'FR'],
        ],
      )
      assert.equal(second[0]?.id, first[1]?.id, 'b kept its id')
      assert.ok((second[1]?.id ?? 0) > (first[1]?.id ?? 0))
      const state = await gatewaySyncState(db)
      assert.deepEqual([state?.lastSuccessAt?.getTime(), state?.accepted, state?.rejected], [2_000, 2, 0])
    })

    it('a failed download keeps the accepted set and the last success, and records the error and when', async () => {
      const { db } = database
      await recordGatewayFailure(db, 'cannot reach the gateway', new Date(3_000))
      assert.equal((await listGatewayDscs(db)).length, 2)
      const state = await gatewaySyncState(db)
      assert.deepEqual(
        [state?.lastAttemptAt.getTime(), state?.lastSuccessAt?.getTime(), state?.lastError, state?.accepted],
        [3_000, 2_000, 'cannot reach the gateway', 2],
      )
      await replaceGatewayDscs(db, [dsc('b'), dsc('c', 'FR')], 0, new Date(4_000))
      assert.equal((await gatewaySyncState(db))?.lastError, null)
    })

    it('serves foreign DSCs after Italy’s own in the verifier API, with tokens that stay put', async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'gw-keys-'))
      t.after(() => rmSync(dir, { recursive: true, force: true }))
      const keysDir = join(dir, 'keys')
      await initKeys({ dir: keysDir, now: new Date(), random: (n) => new Uint8Array(randomBytes(n)) })
      const source = databaseVerifierSource(database.db, await openFileKeyStore(keysDir))
      const kids = await source.signerKids()
      assert.equal(kids.length, 4)
      assert.deepEqual(kids.slice(2), ['bkid=', 'ckid='])
      const tokens: number[] = []
      for (let signer = await source.signerAfter(undefined); signer; signer = await source.signerAfter(signer.token)) {
        tokens.push(signer.token)
      }
      const [b, c] = await listGatewayDscs(database.db)
      assert.deepEqual(tokens, [1, 2, FOREIGN_TOKEN_BASE + (b?.id ?? 0), FOREIGN_TOKEN_BASE + (c?.id ?? 0)])
    })
  })
}
