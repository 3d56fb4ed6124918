import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { gatewayClient } from '../src/client/index.ts'
import { detachCms } from '../src/cms/detach.ts'
import { signCms } from '../src/cms/sign.ts'
import { verifyCms } from '../src/cms/verify.ts'
import { gatewayTestEngines } from '../src/db/test-database.ts'
import { createDemoCountry } from '../src/demo-country.ts'
import { makeCertificate } from '../src/operator/certificates.ts'
import { loadTrustedParty, onboardTrustedParty, signTrustedParty } from '../src/operator/onboard.ts'
import { type RunningGateway, startGateway } from '../src/start.ts'
import { countryOfDn } from '../src/trust/distinguished-name.ts'
import { normaliseThumbprint, thumbprintOf } from '../src/trust/fingerprint.ts'
import { trustAnchorOf } from '../src/trust/trust-anchor.ts'
import { type GatewayFixture, startGatewayFixture } from './support/fixture.ts'

const now = new Date('2026-03-02T09:00:00Z')

describe('CMS SignedData', () => {
  it('verifies what OpenSSL signs (embedded content, signed attributes), and OpenSSL verifies ours', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-cms-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    const signer = await makeCertificate({
      subject: 'C=DE, CN=upload',
      notBefore: now,
      notAfter: new Date(now.getTime() + 1e9),
      serialNumber: '01',
    })
    writeFileSync(join(dir, 'cert.pem'), signer.pem)
    writeFileSync(join(dir, 'key.pem'), signer.privateKeyPem)
    writeFileSync(join(dir, 'content.bin'), signer.der)
    let openssl: (args: string[]) => Buffer
    try {
      execFileSync('openssl', ['version'])
      openssl = (args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
    } catch {
      t.skip('openssl is not installed')
      return
    }
    openssl([
      'cms',
      '-sign',
      '-binary',
      '-nodetach',
      '-md',
      'sha256',
      '-outform',
      'DER',
      '-signer',
      'cert.pem',
      '-inkey',
      'key.pem',
      '-in',
      'content.bin',
      '-out',
      'theirs.der',
    ])
    const theirs = await verifyCms(readFileSync(join(dir, 'theirs.der')))
    assert.deepEqual(Buffer.from(theirs.content), Buffer.from(signer.der))
    assert.equal(thumbprintOf(theirs.signerCertificate), thumbprintOf(signer.der))

    writeFileSync(
      join(dir, 'ours.der'),
      await signCms(signer.der, { certificate: signer.der, privateKey: signer.privateKey }),
    )
    const out = openssl(['cms', '-verify', '-noverify', '-binary', '-inform', 'DER', '-in', 'ours.der'])
    assert.deepEqual(out, Buffer.from(signer.der))
    writeFileSync(join(dir, 'detached.der'), detachCms(readFileSync(join(dir, 'ours.der'))))
    openssl([
      'cms',
      '-verify',
      '-noverify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      'detached.der',
      '-content',
      'content.bin',
    ])
  })

  it('refuses a detached signature over other content, a detached one without its content, and bytes that are no CMS', async () => {
    const signer = await makeCertificate({
      subject: 'C=DE, CN=upload',
      notBefore: now,
      notAfter: new Date(now.getTime() + 1e9),
      serialNumber: '02',
    })
    const key = { certificate: signer.der, privateKey: signer.privateKey }
    const detached = await signCms(Buffer.from('hello'), key, { detached: true, signingTime: now })
    assert.equal(
      Buffer.from((await verifyCms(detached, { detachedContent: Buffer.from('hello') })).content).toString(),
      'hello',
    )
    await assert.rejects(verifyCms(detached, { detachedContent: Buffer.from('hellO') }), { code: 'CMS_SIGNATURE' })
    await assert.rejects(verifyCms(detached), { code: 'CMS_CONTENT' })
    await assert.rejects(verifyCms(Buffer.from('not a CMS')), { code: 'CMS_PARSE' })
    await assert.rejects(verifyCms(signer.der), { code: 'CMS_PARSE' })
  })
})

describe('header parsing', () => {
  it('normalises X-SSL-Client-SHA256 from hex, base64 and URL-encoded base64', () => {
    const hex = 'a1'.repeat(32)
    const base64 = Buffer.from(hex, 'hex').toString('base64')
    assert.equal(normaliseThumbprint(hex.toUpperCase()), hex)
    assert.equal(normaliseThumbprint(base64), hex)
    assert.equal(normaliseThumbprint(encodeURIComponent(base64)), hex)
    assert.equal(normaliseThumbprint('abc'), undefined)
  })

  it('reads C from X-SSL-Client-DN in its comma, slash and URL-encoded forms', () => {
    assert.equal(countryOfDn('CN=dgc, O=x, C=DE'), 'DE')
    assert.equal(countryOfDn('/CN=dgc/c=FR'), 'FR')
    assert.equal(countryOfDn(encodeURIComponent('C=IT,CN=x')), 'IT')
    assert.equal(countryOfDn('CN=no country'), undefined)
  })
})

for (const engine of gatewayTestEngines()) {
  describe(`trusted parties under the trust anchor (${engine.name})`, () => {
    let f: GatewayFixture
    before(async () => {
      f = await startGatewayFixture(engine)
    })
    after(() => f.close())

    it('ignores a trusted-party row whose signature is not the trust anchor’s, or whose data was altered', async () => {
      const { db } = f.gateway.database
      const anchor = trustAnchorOf(f.gateway.credentials.trustAnchorPem)
      // A country that signs its own onboarding with a key it made: refused at load, and ignored if inserted by hand.
      const intruder = await createDemoCountry({ country: 'XK', now })
      const selfSigned = await signTrustedParty(intruder.authentication.der, {
        certificate: intruder.csca.der,
        privateKey: intruder.csca.privateKey,
      })
      await assert.rejects(
        loadTrustedParty(db, anchor, {
          certificate: intruder.authentication.der,
          type: 'AUTHENTICATION',
          signature: selfSigned,
          now,
        }),
        { code: 'ONBOARD_SIGNATURE' },
      )
      await db
        .insertInto('trusted_party')
        .values({
          created_at: now.getTime(),
          country: 'XK',
          thumbprint: thumbprintOf(intruder.authentication.der),
          raw_data: Buffer.from(intruder.authentication.der).toString('base64'),
          signature: selfSigned,
          certificate_type: 'AUTHENTICATION',
        })
        .execute()
      const client = f.client(intruder.authentication)
      assert.equal((await client.call('GET', '/trustList')).status, 401)
      // A genuine row whose certificate is swapped afterwards no longer matches its thumbprint: treated as missing.
      const genuine = await createDemoCountry({ country: 'XL', now })
      await onboardTrustedParty(db, f.gateway.credentials.trustAnchor, {
        certificate: genuine.authentication.der,
        type: 'AUTHENTICATION',
        now,
      })
      const xl = f.client(genuine.authentication)
      assert.equal((await xl.call('GET', '/countrylist')).status, 200)
      await db
        .updateTable('trusted_party')
        .set({ raw_data: Buffer.from(genuine.upload.der).toString('base64') })
        .where('thumbprint', '=', thumbprintOf(genuine.authentication.der))
        .execute()
      assert.equal((await xl.call('GET', '/countrylist')).status, 401)
      const countries = JSON.parse((await f.client(f.own.authentication).call('GET', '/countrylist')).text)
      assert.deepEqual(countries, ['DE', 'FR'], 'neither XK nor the altered XL row counts')
    })

    it('refuses to load a certificate with no C=, or one already onboarded as another type', async () => {
      const { db } = f.gateway.database
      const noCountry = await makeCertificate({
        subject: 'CN=nobody',
        notBefore: now,
        notAfter: new Date(now.getTime() + 1e9),
        serialNumber: '03',
      })
      await assert.rejects(
        onboardTrustedParty(db, f.gateway.credentials.trustAnchor, { certificate: noCountry.der, type: 'UPLOAD', now }),
        { code: 'ONBOARD_COUNTRY' },
      )
      await assert.rejects(
        onboardTrustedParty(db, f.gateway.credentials.trustAnchor, {
          certificate: f.own.upload.der,
          type: 'CSCA',
          now,
        }),
        { code: 'ONBOARD_CONFLICT' },
      )
    })
  })
}

describe('authentication behind a TLS proxy (X-SSL-Client-SHA256 / X-SSL-Client-DN)', () => {
  let gateway: RunningGateway
  const dir = mkdtempSync(join(tmpdir(), 'gw-proxy-'))
  let authentication: { der: Uint8Array }
  before(async () => {
    gateway = await startGateway({
      dataDir: dir,
      port: 0,
      logLevel: 'silent',
      clientCertificates: 'proxy-headers',
      now: () => now,
    })
    const country = await createDemoCountry({ country: 'DE', now })
    await country.onboard(gateway.database.db, gateway.credentials.trustAnchor, now)
    authentication = country.authentication
  })
  after(async () => {
    await gateway.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const call = (headers: Record<string, string>) =>
    gatewayClient({ url: gateway.url, headers }).call('GET', '/trustList')

  it('authenticates by the headers: 200 for an onboarded certificate, hex or base64', async () => {
    assert.match(gateway.url, /^http:/)
    const thumbprint = thumbprintOf(authentication.der)
    assert.equal((await call({ 'x-ssl-client-sha256': thumbprint, 'x-ssl-client-dn': 'CN=DE auth,C=DE' })).status, 200)
    const base64 = encodeURIComponent(Buffer.from(thumbprint, 'hex').toString('base64'))
    assert.equal((await call({ 'x-ssl-client-sha256': base64, 'x-ssl-client-dn': 'C%3DDE' })).status, 200)
  })

  it('401 without the headers (0x400), 400 without C in the DN (0x401), 401 for an unknown thumbprint or another C (0x402)', async () => {
    const thumbprint = thumbprintOf(authentication.der)
    const expect = async (headers: Record<string, string>, status: number, code: string) => {
      const response = await call(headers)
      assert.equal(response.status, status)
      assert.equal(JSON.parse(response.text).code, code)
      assert.match(String(response.headers['content-type']), /application\/problem\+json/)
    }
    await expect({}, 401, '0x400')
    await expect({ 'x-ssl-client-sha256': thumbprint }, 401, '0x400')
    await expect({ 'x-ssl-client-sha256': thumbprint, 'x-ssl-client-dn': 'CN=DE auth' }, 400, '0x401')
    await expect({ 'x-ssl-client-sha256': 'ab'.repeat(32), 'x-ssl-client-dn': 'C=DE' }, 401, '0x402')
    await expect({ 'x-ssl-client-sha256': thumbprint, 'x-ssl-client-dn': 'C=FR' }, 401, '0x402')
  })

  it('publishes the OpenAPI document generated from the route schemas', async () => {
    const response = await gatewayClient({ url: gateway.url }).call('GET', '/api/docs')
    const document = JSON.parse(response.text) as { paths: Record<string, unknown> }
    for (const path of [
      '/signerCertificate',
      '/signerCertificate/delete',
      '/trustList/{type}/{country}',
      '/rules/{country}',
      '/valuesets/{id}',
      '/revocation-list/{batchId}',
      '/countrylist',
    ]) {
      assert.ok(document.paths[path], path)
    }
  })
})
