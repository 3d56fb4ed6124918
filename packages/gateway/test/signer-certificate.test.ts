import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { signCms } from '../src/cms/sign.ts'
import { kidBase64Of } from '../src/trust/fingerprint.ts'
import { gatewayTestEngines } from '../src/db/test-database.ts'
import { type GatewayFixture, dscOf, startGatewayFixture } from './support/fixture.ts'

// dgc-api-tests, specs/gateway "Certificates" and "Delta download" (gateway-and-trust.md §6), over real mTLS.
for (const engine of gatewayTestEngines()) {
  describe(`DSC upload and delete, trust list (${engine.name})`, () => {
    let f: GatewayFixture
    before(async () => {
      f = await startGatewayFixture(engine)
    })
    after(() => f.close())

    const kinds = async (client = f.client(f.own.authentication), path = '/trustList') => {
      const response = await client.call('GET', path)
      assert.equal(response.status, 200, response.text)
      return JSON.parse(response.text) as {
        certificateType: string
        country: string
        thumbprint: string
        rawData: string | null
      }[]
    }

    it('uploads a DSC signed by the own UPLOAD certificate and issued by the own CSCA: 201, then in the trust list', async () => {
      const dsc = await dscOf('DE', f.own.csca, f.clock.now)
      const response = await f.client(f.own.authentication).uploadSignerCertificate(dsc.der, f.own.uploadSigner)
      assert.equal(response.status, 201, response.text)
      const list = await kinds()
      const entry = list.find((item) => item.rawData === Buffer.from(dsc.der).toString('base64'))
      assert.ok(entry, 'the DSC is in the trust list')
      assert.equal(entry.certificateType, 'DSC')
      assert.equal(entry.country, 'DE')
      // The stored signature is the uploader's CMS, detached: it verifies over rawData and names the UPLOAD cert.
      const { verifyCms } = await import('../src/cms/verify.ts')
      const full = (await f.client(f.own.authentication).trustList('DSC', 'DE')).find(
        (item) => item.thumbprint === entry.thumbprint,
      )
      assert.ok(full?.signature)
      const verified = await verifyCms(Buffer.from(full.signature, 'base64'), { detachedContent: dsc.der })
      assert.deepEqual(Buffer.from(verified.signerCertificate), Buffer.from(f.own.upload.der))
    })

    it('answers 401 to a client certificate that is not onboarded, and to none at all', async () => {
      const dsc = await dscOf('DE', f.own.csca, f.clock.now)
      const response = await f.stranger.uploadSignerCertificate(dsc.der, f.own.uploadSigner)
      assert.equal(response.status, 401)
      assert.equal(JSON.parse(response.text).code, '0x402')
      const { gatewayClient } = await import('../src/client/index.ts')
      const anonymous = gatewayClient({ url: f.gateway.url, ca: f.gateway.serverCertificatePem })
      const none = await anonymous.call('GET', '/trustList')
      assert.equal(none.status, 401)
      assert.equal(JSON.parse(none.text).code, '0x400')
    })

    it('refuses with 400 a DSC of the other country signed with the other country’s UPLOAD certificate', async () => {
      const dsc = await dscOf('FR', f.other.csca, f.clock.now)
      const response = await f.client(f.own.authentication).uploadSignerCertificate(dsc.der, f.other.uploadSigner)
      assert.equal(response.status, 400)
      assert.equal(JSON.parse(response.text).reason, 'UPLOADER_CERT_CHECK_FAILED')
    })

    it('refuses with 400 a DSC whose C= is another country, even signed by the own UPLOAD certificate', async () => {
      const dsc = await dscOf('FR', f.other.csca, f.clock.now)
      const response = await f.client(f.own.authentication).uploadSignerCertificate(dsc.der, f.own.uploadSigner)
      assert.equal(response.status, 400)
      assert.equal(JSON.parse(response.text).reason, 'COUNTRY_OF_ORIGIN_CHECK_FAILED')
    })

    it('refuses with 400 a DSC not issued by an onboarded CSCA of the country', async () => {
      const rogueCsca = await (
        await import('../src/operator/certificates.ts')
      ).makeCertificate({
        subject: 'C=DE, CN=rogue CSCA',
        notBefore: f.clock.now,
        notAfter: new Date(f.clock.now.getTime() + 86_400_000),
        serialNumber: '0a',
        ca: true,
      })
      const dsc = await dscOf('DE', rogueCsca, f.clock.now)
      const response = await f.client(f.own.authentication).uploadSignerCertificate(dsc.der, f.own.uploadSigner)
      assert.equal(response.status, 400)
      assert.equal(JSON.parse(response.text).reason, 'CSCA_CHECK_FAILED')
    })

    it('refuses with 400 an unsigned DSC, a body that is no CMS, and a CMS whose signature was altered', async () => {
      const dsc = await dscOf('DE', f.own.csca, f.clock.now)
      const client = f.client(f.own.authentication)
      const raw = await client.call('POST', '/signerCertificate', { body: Buffer.from(dsc.der).toString('base64') })
      assert.equal(raw.status, 400)
      const text = await client.call('POST', '/signerCertificate', { body: 'this is not base64!' })
      assert.equal(text.status, 400)
      const cms = Buffer.from(await signCms(dsc.der, f.own.uploadSigner))
      cms.writeUInt8(cms.readUInt8(cms.length - 5) ^ 0x01, cms.length - 5) // inside the signature, at the end
      const altered = await client.call('POST', '/signerCertificate', { body: cms.toString('base64') })
      assert.equal(altered.status, 400)
      assert.match(JSON.parse(altered.text).code, /^0x(009|402)$/)
    })

    it('answers 409 to the same DSC twice', async () => {
      const dsc = await dscOf('DE', f.own.csca, f.clock.now)
      const client = f.client(f.own.authentication)
      assert.equal((await client.uploadSignerCertificate(dsc.der, f.own.uploadSigner)).status, 201)
      const again = await client.uploadSignerCertificate(dsc.der, f.own.uploadSigner)
      assert.equal(again.status, 409)
      assert.equal(JSON.parse(again.text).code, '0x002')
    })

    it('deletes by DELETE and by the POST alias; the DSC leaves the list and comes back in a delta as a tombstone', async () => {
      const client = f.client(f.own.authentication)
      for (const method of ['DELETE', 'POST'] as const) {
        f.clock.advance(60_000)
        const dsc = await dscOf('DE', f.own.csca, f.clock.now)
        assert.equal((await client.uploadSignerCertificate(dsc.der, f.own.uploadSigner)).status, 201)
        const since = new Date(f.clock.now)
        f.clock.advance(1_000)
        const body = Buffer.from(await signCms(dsc.der, f.own.uploadSigner)).toString('base64')
        const path = method === 'DELETE' ? '/signerCertificate' : '/signerCertificate/delete'
        const deleted = await client.call(method, path, { body })
        assert.equal(deleted.status, 204, deleted.text)
        const raw = Buffer.from(dsc.der).toString('base64')
        assert.equal(
          (await kinds()).some((item) => item.rawData === raw),
          false,
          'gone from the full list',
        )
        const delta = await client.trustList('DSC', undefined, since)
        const tombstone = delta.find((item) => item.kid === kidBase64Of(dsc.der))
        assert.ok(tombstone, 'a tombstone in the delta')
        assert.deepEqual([tombstone.rawData, tombstone.signature], [null, null])
        // Re-upload after delete works.
        assert.equal((await client.uploadSignerCertificate(dsc.der, f.own.uploadSigner)).status, 201)
      }
    })

    it('refuses to delete another country’s DSC (400) and an unknown DSC (404)', async () => {
      const theirs = await dscOf('FR', f.other.csca, f.clock.now)
      assert.equal(
        (await f.client(f.other.authentication).uploadSignerCertificate(theirs.der, f.other.uploadSigner)).status,
        201,
      )
      const mine = f.client(f.own.authentication)
      assert.equal((await mine.deleteSignerCertificate(theirs.der, f.own.uploadSigner)).status, 400)
      assert.equal((await mine.deleteSignerCertificate(theirs.der, f.other.uploadSigner)).status, 400)
      const unknown = await dscOf('DE', f.own.csca, f.clock.now)
      const response = await mine.deleteSignerCertificate(unknown.der, f.own.uploadSigner)
      assert.equal(response.status, 404)
      assert.equal(JSON.parse(response.text).code, '0x005')
    })

    it('filters the trust list by type and by type and country', async () => {
      const client = f.client(f.own.authentication)
      for (const type of ['AUTHENTICATION', 'UPLOAD', 'CSCA', 'DSC']) {
        const list = await kinds(client, `/trustList/${type}`)
        assert.ok(list.length > 0, type)
        assert.ok(list.every((item) => item.certificateType === type))
        const french = await kinds(client, `/trustList/${type}/FR`)
        assert.ok(french.length > 0 && french.every((item) => item.certificateType === type && item.country === 'FR'))
      }
      assert.equal((await client.call('GET', '/trustList/NOPE')).status, 400)
      assert.equal((await client.call('GET', '/trustlist')).status, 404, 'paths are case-sensitive')
    })

    it('pages the list: every page size gives the same union; page 0 / size 100 by default; pages are shorter', async () => {
      const client = f.client(f.own.authentication)
      const all = await kinds(client)
      for (const size of [1, 2, 3, 7]) {
        const union: string[] = []
        for (let page = 0; ; page++) {
          const part = await kinds(client, `/trustList?page=${page}&pagesize=${size}`)
          union.push(...part.map((item) => item.thumbprint))
          if (part.length < size) break
        }
        assert.deepEqual(
          union,
          all.map((item) => item.thumbprint),
          `size ${size}`,
        )
      }
      assert.deepEqual(await kinds(client, '/trustList?page=0'), all.slice(0, 100))
      assert.equal((await kinds(client, '/trustList?pagesize=2')).length, 2)
      assert.ok((await kinds(client, '/trustList?pagesize=2')).length < all.length)
    })

    it('takes If-Modified-Since in every RFC 9110 form and as ISO-8601 (raw HTTP), and refuses other text with 400', async () => {
      // The clock is 2 March 2026, a Monday, a little after 09:00 UTC: a one-digit day in every form below.
      const dsc = await dscOf('DE', f.own.csca, f.clock.now)
      assert.equal(
        (await f.client(f.own.authentication).uploadSignerCertificate(dsc.der, f.own.uploadSigner)).status,
        201,
      )
      const thumbprint = createHash('sha256').update(dsc.der).digest('hex')
      const delta = async (since: string) => {
        const response = await f.raw('GET', '/trustList/DSC', {
          'If-Modified-Since': since,
          Accept: 'application/json',
        })
        assert.equal(response.status, 200, `${since}: ${response.text}`)
        return (JSON.parse(response.text) as { thumbprint: string }[]).map((item) => item.thumbprint)
      }
      const before = [
        'Mon, 2 Mar 2026 08:00:00 GMT', // IMF-fixdate with a one-digit day, as the reference parser reads RFC 1123
        'Mon, 02 Mar 2026 08:00:00 GMT', // IMF-fixdate
        'Monday, 02-Mar-26 08:00:00 GMT', // obsolete RFC 850
        'Mon Mar  2 08:00:00 2026', // asctime
        '2026-03-02T08:00:00Z',
        '2026-03-02T09:00:00+01:00',
        '2026-03-02T03:00:00-0500',
      ]
      const expected = await delta(before[0]!)
      assert.ok(expected.includes(thumbprint))
      for (const since of before) assert.deepEqual(await delta(since), expected, since)
      for (const since of [
        'Tue, 3 Mar 2026 00:00:00 GMT',
        'Tuesday, 03-Mar-26 00:00:00 GMT',
        'Tue Mar  3 00:00:00 2026',
      ]) {
        assert.deepEqual(await delta(since), [], since)
      }
      for (const bad of [
        'yesterday',
        'Mon, 31 Feb 2026 08:00:00 GMT',
        '2026-03-02T08:00:00',
        'Mon, 2 Mar 2026 08:00:00',
      ]) {
        const refused = await f.raw('GET', '/trustList', { 'If-Modified-Since': bad })
        assert.equal(refused.status, 400, bad)
        assert.equal(JSON.parse(refused.text).reason, 'BAD_IF_MODIFIED_SINCE')
      }
    })
  })
}
