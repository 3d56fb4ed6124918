import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import type { GatewayClient } from '../src/client/index.ts'
import { type CmsSigner, signCms } from '../src/cms/sign.ts'
import { verifyCms } from '../src/cms/verify.ts'
import { gatewayTestEngines } from '../src/db/test-database.ts'
import { type GatewayFixture, startGatewayFixture } from './support/fixture.ts'

const DAY_MS = 86_400_000

// dgc-api-tests, specs/gateway "Value sets" and "Revocation" (gateway-and-trust.md §2.4, §2.7, §6), and the audit log.
for (const engine of gatewayTestEngines()) {
  describe(`value sets, revocation batches, audit (${engine.name})`, () => {
    let f: GatewayFixture
    let client: GatewayClient
    before(async () => {
      f = await startGatewayFixture(engine)
      client = f.client(f.own.authentication)
    })
    after(() => f.close())

    const hash = () => createHash('sha256').update(randomBytes(16)).digest().subarray(0, 16).toString('base64')
    const batch = (overrides: Record<string, unknown> = {}) => ({
      country: 'DE',
      expires: new Date(f.clock.now.getTime() + 30 * DAY_MS).toISOString(),
      kid: 'UNKNOWN_KID',
      hashType: 'UCI',
      entries: Array.from({ length: 500 }, () => ({ hash: hash() })),
      ...overrides,
    })
    const signed = async (value: unknown, signer: CmsSigner = f.own.uploadSigner) =>
      Buffer.from(await signCms(Buffer.from(JSON.stringify(value)), signer)).toString('base64')
    const since = (ms: number) => ({
      headers: { 'if-modified-since': new Date(f.clock.now.getTime() - ms).toISOString() },
    })

    it('lists value set IDs and serves every one of them; 401 for an unknown client', async () => {
      const ids = JSON.parse((await client.call('GET', '/valuesets')).text) as string[]
      assert.ok(ids.length >= 8 && ids.includes('covid-19-lab-result'))
      for (const id of ids) {
        const response = await client.call('GET', `/valuesets/${id}`)
        assert.equal(response.status, 200, id)
        assert.equal(JSON.parse(response.text).valueSetId, id)
      }
      assert.equal((await client.call('GET', '/valuesets/nope')).status, 404)
      assert.equal((await f.stranger.call('GET', '/valuesets')).status, 401)
    })

    it('uploads SIGNATURE, UCI and COUNTRYCODEUCI batches of 500 (201 + ETag) and finds them in the list, sorted', async () => {
      const ids: string[] = []
      for (const hashType of ['SIGNATURE', 'UCI', 'COUNTRYCODEUCI']) {
        f.clock.advance(1000)
        const response = await client.call('POST', '/revocation-list', { body: await signed(batch({ hashType })) })
        assert.equal(response.status, 201, response.text)
        assert.match(String(response.headers.etag), /^[0-9a-f-]{36}$/)
        ids.push(String(response.headers.etag))
      }
      const list = JSON.parse((await client.call('GET', '/revocation-list', since(DAY_MS))).text) as {
        more: boolean
        batches: { batchId: string; date: string; deleted: boolean; country: string }[]
      }
      assert.equal(list.more, false)
      assert.deepEqual(
        list.batches.map((b) => b.batchId),
        ids,
      )
      const dates = list.batches.map((b) => b.date)
      assert.deepEqual(dates, [...dates].sort())
      // A later date leaves the earlier batches out.
      const later = JSON.parse((await client.call('GET', '/revocation-list', since(1500))).text) as {
        batches: unknown[]
      }
      assert.equal(later.batches.length, 2)
      // The batch downloads as the signed CMS, ETag = batchId.
      const download = await client.call('GET', `/revocation-list/${ids[1]}`)
      assert.equal(download.status, 200)
      assert.equal(download.headers.etag, ids[1])
      const { content } = await verifyCms(Buffer.from(download.text, 'base64'))
      assert.equal(JSON.parse(Buffer.from(content).toString()).entries.length, 500)
    })

    it('answers 204 when nothing changed, 400 for a date in the future or none, 403 without the role', async () => {
      assert.equal((await client.call('GET', '/revocation-list', since(-1000))).status, 400)
      assert.equal((await client.call('GET', '/revocation-list')).status, 400)
      f.clock.advance(1000)
      assert.equal((await client.call('GET', '/revocation-list', since(0))).status, 204)
      const withoutRole = f.client(f.other.authentication)
      const refused = await withoutRole.call('GET', '/revocation-list', since(DAY_MS))
      assert.equal(refused.status, 403)
      assert.equal((await f.stranger.call('GET', '/revocation-list', since(DAY_MS))).status, 401)
    })

    it('refuses a batch of another country, an expired one, 1001 entries, a bad hash type or hash, a foreign signer', async () => {
      const post = async (value: unknown, signer?: CmsSigner) =>
        (await client.call('POST', '/revocation-list', { body: await signed(value, signer) })).status
      assert.equal(await post(batch({ country: 'FR' })), 403)
      assert.equal(await post(batch({ expires: new Date(f.clock.now.getTime() - 1000).toISOString() })), 400)
      assert.equal(await post(batch({ entries: Array.from({ length: 1001 }, () => ({ hash: hash() })) })), 400)
      assert.equal(await post(batch({ entries: [] })), 400)
      assert.equal(await post(batch({ hashType: 'NAME' })), 400)
      assert.equal(await post(batch({ entries: [{ hash: 'c2hvcnQ=' }] })), 400)
      assert.equal(await post(batch(), f.other.uploadSigner), 400)
    })

    it('deletes by DELETE and by the POST alias: marked deleted in the list, 410 on download and on a second delete', async () => {
      const ids: string[] = []
      for (let i = 0; i < 2; i++) {
        const response = await client.call('POST', '/revocation-list', { body: await signed(batch()) })
        ids.push(String(response.headers.etag))
      }
      f.clock.advance(1000)
      const mark = new Date(f.clock.now)
      for (const [index, [method, path]] of [
        ['DELETE', '/revocation-list'],
        ['POST', '/revocation-list/delete'],
      ].entries()) {
        const response = await client.call(method as string, path as string, {
          body: await signed({ batchId: ids[index] }),
        })
        assert.equal(response.status, 204, response.text)
      }
      const list = JSON.parse(
        (await client.call('GET', '/revocation-list', { headers: { 'if-modified-since': mark.toISOString() } })).text,
      ) as { batches: { batchId: string; deleted: boolean }[] }
      assert.deepEqual(
        list.batches.map((b) => [b.batchId, b.deleted]),
        ids.map((id) => [id, true]),
      )
      assert.equal((await client.call('GET', `/revocation-list/${ids[0]}`)).status, 410)
      assert.equal(
        (await client.call('POST', '/revocation-list/delete', { body: await signed({ batchId: ids[0] }) })).status,
        410,
      )
      assert.equal(
        (await client.call('POST', '/revocation-list/delete', { body: await signed({ batchId: crypto.randomUUID() }) }))
          .status,
        404,
      )
    })

    it('refuses to delete a batch with another country’s credentials', async () => {
      const response = await client.call('POST', '/revocation-list', { body: await signed(batch()) })
      const batchId = String(response.headers.etag)
      const { onboardTrustedParty } = await import('../src/operator/onboard.ts')
      // France may delete batches, but not Germany's.
      await onboardTrustedParty(f.gateway.database.db, f.gateway.credentials.trustAnchor, {
        certificate: f.other.authentication.der,
        type: 'AUTHENTICATION',
        roles: ['RevocationDeleter'],
        now: f.clock.now,
      })
      const french = f.client(f.other.authentication)
      const refused = await french.call('POST', '/revocation-list/delete', {
        body: await signed({ batchId }, f.other.uploadSigner),
      })
      assert.equal(refused.status, 403)
    })

    it('keeps an insert-only audit log of uploads and deletions', async () => {
      const { db } = f.gateway.database
      const events = await db.selectFrom('audit_event').selectAll().execute()
      assert.ok(events.some((event) => event.event === 'CREATED' && event.description.startsWith('revocation batch')))
      assert.ok(events.every((event) => event.country === 'DE' || event.country === 'FR'))
      await assert.rejects(db.updateTable('audit_event').set({ event: 'FORGED' }).execute(), /insert-only/)
      await assert.rejects(db.deleteFrom('audit_event').execute(), /insert-only/)
      assert.equal((await db.selectFrom('audit_event').selectAll().execute()).length, events.length)
    })
  })
}
