import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { signCms, verifyCms } from '../src/client/index.ts'
import { gatewayTestEngines } from '../src/db/test-database.ts'
import { onboardTrustedIssuer } from '../src/operator/onboard.ts'
import { trustedIssuerSignedText } from '../src/trust/trusted-issuers.ts'
import { dscOf, type GatewayFixture, startGatewayFixture } from './support/fixture.ts'

const DAY_MS = 86_400_000

// `GET /trustList/issuers` and the purge of tombstones after their retention (gateway-and-trust.md §2.4, §2.7),
// over raw HTTPS.
for (const engine of gatewayTestEngines()) {
  describe(`trusted issuers, tombstone purge (${engine.name})`, () => {
    let f: GatewayFixture
    before(async () => {
      f = await startGatewayFixture(engine)
    })
    after(() => f.close())

    const json = async (path: string, headers: Record<string, string> = {}) => {
      const response = await f.raw('GET', path, { Accept: 'application/json', ...headers })
      assert.equal(response.status, 200, `${path}: ${response.text}`)
      return JSON.parse(response.text) as unknown
    }

    it('lists the onboarded issuers of the countries asked for, each signed by the trust anchor', async () => {
      const { db } = f.gateway.database
      const anchor = f.gateway.credentials.trustAnchor
      const common = { urlType: 'HTTP' as const, domain: 'DCC', now: f.clock.now }
      await onboardTrustedIssuer(db, anchor, { ...common, country: 'DE', name: 'RKI', url: 'https://rki.example/' })
      await onboardTrustedIssuer(db, anchor, {
        ...common,
        country: 'FR',
        name: 'AP-HP',
        url: 'did:web:aphp.example',
        urlType: 'DID',
        keyStorageType: 'JWKS',
      })
      await onboardTrustedIssuer(db, anchor, { ...common, country: 'NL', name: 'RIVM', url: 'https://rivm.example/' })
      // A row altered after onboarding fails the trust anchor's signature and is left out.
      await db.updateTable('trusted_issuer').set({ url: 'https://evil.example/' }).where('country', '=', 'NL').execute()

      const all = (await json('/trustList/issuers')) as { country: string; name: string; url: string }[]
      assert.deepEqual(
        all.map((issuer) => `${issuer.country} ${issuer.name}`),
        ['DE RKI', 'FR AP-HP'],
      )
      const some = (await json('/trustList/issuers?country=FR&country=NL')) as Record<string, unknown>[]
      assert.equal(some.length, 1)
      const [france] = some
      assert.deepEqual(Object.keys(france!).sort(), [
        'country',
        'domain',
        'keyStorageType',
        'name',
        'signature',
        'sslPublicKey',
        'thumbprint',
        'timestamp',
        'url',
        'urlType',
        'uuid',
      ])
      assert.equal(france!.urlType, 'DID')
      assert.equal(france!.sslPublicKey, null)
      const { signerCertificate } = await verifyCms(Buffer.from(String(france!.signature), 'base64'), {
        detachedContent: trustedIssuerSignedText(france as never),
      })
      assert.deepEqual(Buffer.from(signerCertificate), Buffer.from(anchor.certificate))
      assert.deepEqual(await json('/trustList/issuers?country=IT'), [])
      assert.equal((await f.raw('GET', '/trustList/issuers?country=italy')).status, 400)
      assert.equal((await f.stranger.call('GET', '/trustList/issuers')).status, 401)
    })

    it('keeps a deleted DSC and a deleted batch in deltas for 14 days, then purges them', async () => {
      const client = f.client(f.own.authentication)
      const deletedAt = f.clock.now
      const dsc = await dscOf('DE', f.own.csca, f.clock.now)
      assert.equal((await client.uploadSignerCertificate(dsc.der, f.own.uploadSigner)).status, 201)
      assert.equal((await client.deleteSignerCertificate(dsc.der, f.own.uploadSigner)).status, 204)
      const batch = {
        country: 'DE',
        expires: new Date(f.clock.now.getTime() + 60 * DAY_MS).toISOString(),
        kid: 'UNKNOWN_KID',
        hashType: 'UCI',
        entries: [{ hash: createHash('sha256').update(randomBytes(8)).digest().subarray(0, 16).toString('base64') }],
      }
      const signed = async (value: unknown) =>
        Buffer.from(await signCms(Buffer.from(JSON.stringify(value)), f.own.uploadSigner)).toString('base64')
      const uploaded = await client.call('POST', '/revocation-list', { body: await signed(batch) })
      const batchId = String(uploaded.headers.etag)
      assert.equal(
        (await client.call('POST', '/revocation-list/delete', { body: await signed({ batchId }) })).status,
        204,
      )

      const since = { 'If-Modified-Since': new Date(deletedAt.getTime() - 60_000).toUTCString() }
      const tombstones = async () =>
        ((await json('/trustList/DSC', since)) as { rawData: string | null }[]).filter((item) => item.rawData === null)
      const deletedBatches = async () => {
        const response = await f.raw('GET', '/revocation-list', since)
        return response.status === 204
          ? []
          : (JSON.parse(response.text) as { batches: { batchId: string; deleted: boolean }[] }).batches.filter(
              (item) => item.deleted,
            )
      }
      f.clock.advance(14 * DAY_MS - 60_000)
      assert.deepEqual(await f.gateway.purgeTombstones(), { signerCertificates: 0, revocationBatches: 0 })
      assert.equal((await tombstones()).length, 1)
      assert.deepEqual(
        (await deletedBatches()).map((item) => item.batchId),
        [batchId],
      )
      f.clock.advance(2 * 60_000)
      assert.deepEqual(await f.gateway.purgeTombstones(), { signerCertificates: 1, revocationBatches: 1 })
      assert.deepEqual(await tombstones(), [])
      assert.deepEqual(await deletedBatches(), [])
      assert.equal((await f.raw('GET', `/revocation-list/${batchId}`)).status, 404)
      // Purged, the DSC can be uploaded again as new.
      assert.equal((await client.uploadSignerCertificate(dsc.der, f.own.uploadSigner)).status, 201)
    })
  })
}
