import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  createDemoCountry,
  type DemoCountry,
  type GatewayClient,
  gatewayClient,
  makeCertificate,
  onboardTrustedParty,
  type RunningGateway,
  signCms,
  startGateway,
  thumbprintOf,
} from '@greenpass/gateway'
import { ES256, encodeHc1, exampleVaccinationDcc, kidOf, makeEuUvci } from '@greenpass/hcert'
import { parseSettings, ScanMode } from '@greenpass/rules'
import { syncVerifier, VerifierStore, verifyCertificate } from '@greenpass/verifier'
import { initGatewayKeys, initKeys, keyFiles, readGatewayKeys } from '../../src/keys/index.ts'
import { type RunningPlatform, startPlatform } from '../../src/platform.ts'

const DAY_MS = 86_400_000
const random = (n: number) => new Uint8Array(randomBytes(n))

/**
 * Issue 7's story, every part real: a gateway over mTLS on loopback, a second country (DE) with its own CSCA, DSC and
 * issuer, Italy's platform with its connector, and a VerificaC19 verifier synced from Italy's platform.
 */
describe('cross-border trust: a certificate from another country verifies in Italy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cross-border-'))
  const now = new Date()
  let gateway: RunningGateway
  let germany: DemoCountry
  let germanClient: GatewayClient
  let platform: RunningPlatform
  let store: VerifierStore
  let germanCertificate: string

  const admin = async (path: string, method = 'GET') => {
    const response = await fetch(`${platform.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${platform.adminToken}` },
    })
    assert.equal(response.status, 200, await response.clone().text())
    return response.json() as Promise<Record<string, unknown>>
  }
  const verify = async (hc1: string) => {
    const report = await syncVerifier(store, { baseUrl: `${platform.url}/v1/dgc/`, now: new Date() })
    assert.equal(report.ok, true, JSON.stringify(report.errors))
    const data = { trustStore: store.trustStore(), settings: parseSettings(store.settingsRows()) }
    return verifyCertificate(hc1, data, { mode: ScanMode.BASE, at: new Date() })
  }
  /** A DE vaccination signed by `dsc` (a key the test made outside the demo country's proper DSC). */
  const issueWith = (dsc: { der: Uint8Array; privateKey: import('node:crypto').KeyObject }) =>
    encodeHc1(
      exampleVaccinationDcc({
        vaccination: {
          dt: new Date(now.getTime() - 7 * DAY_MS).toISOString().slice(0, 10),
          co: 'DE',
          ci: makeEuUvci({ country: 'DE', opaque: randomBytes(6).toString('hex').toUpperCase() }),
        },
      }),
      {
        signer: { alg: ES256, privateKey: dsc.privateKey, kid: kidOf(dsc.der) },
        iss: 'DE',
        iat: now,
        exp: new Date(now.getTime() + 300 * DAY_MS),
      },
    )

  before(async () => {
    gateway = await startGateway({ dataDir: join(dir, 'gateway'), port: 0, logLevel: 'silent' })
    const { db } = gateway.database
    const anchor = gateway.credentials.trustAnchor
    // The second country: onboarded by the trust anchor, uploads its DSC, issues a certificate.
    germany = await createDemoCountry({ country: 'DE', now })
    await germany.onboard(db, anchor, now)
    germanClient = gatewayClient({
      url: gateway.url,
      ca: gateway.serverCertificatePem,
      cert: germany.authentication.pem,
      key: germany.authentication.privateKeyPem,
    })
    assert.equal((await germany.uploadDsc(germanClient)).status, 201)
    germanCertificate = germany.issueVaccination(now)
    // Italy: keys made as `greenpass keys init` makes them, then its CSCA, UPLOAD and AUTHENTICATION onboarded.
    const keysDir = join(dir, 'platform', 'keys')
    await initKeys({ dir: keysDir, now, random })
    await initGatewayKeys({ dir: keysDir, now, random })
    const italy = await readGatewayKeys(keysDir)
    for (const [certificate, type] of [
      [readFileSync(keyFiles(keysDir, 'csca').certificate, 'utf8'), 'CSCA'],
      [italy.upload.certificatePem, 'UPLOAD'],
      [italy.authentication.certificatePem, 'AUTHENTICATION'],
    ] as const) {
      await onboardTrustedParty(db, anchor, { certificate, type, now })
    }
    platform = await startPlatform({
      dataDir: join(dir, 'platform'),
      port: 0,
      logLevel: 'silent',
      gateway: {
        url: gateway.url,
        serverCertificatePem: gateway.serverCertificatePem,
        trustAnchorPem: gateway.credentials.trustAnchorPem,
        // Only on demand in this test: the schedule would race the steps.
        syncCron: '0 0 1 1 *',
      },
    })
    store = await VerifierStore.open(join(dir, 'verifier'))
  })
  after(async () => {
    await platform?.close()
    await gateway?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('Italy’s platform uploaded its own DSCs to the gateway at start', async () => {
    const italian = await germanClient.trustList('DSC', 'IT')
    assert.equal(italian.length, 2)
  })

  it('a verifier synced from Italy’s platform says VALID for the German certificate', async () => {
    const result = await verify(germanCertificate)
    assert.equal(result.status, 'VALID', result.detail)
    assert.equal(result.country, 'DE')
    assert.equal(store.trustList().length, 3, 'Italy’s two DSCs and the German one')
    const status = await admin('/v1/admin/gateway')
    assert.equal((status.state as { accepted: number }).accepted, 1)
    assert.equal(typeof status.ageMs, 'number')
  })

  it('refuses a DSC signed by a CSCA that is not onboarded, and it never reaches a verifier', async () => {
    const rogueCsca = await makeCertificate({
      subject: 'C=DE, CN=rogue CSCA',
      notBefore: now,
      notAfter: new Date(now.getTime() + 400 * DAY_MS),
      serialNumber: '0b',
      ca: true,
    })
    const dsc = await makeCertificate({
      subject: 'C=DE, CN=rogue DSC',
      notBefore: now,
      notAfter: new Date(now.getTime() + 300 * DAY_MS),
      serialNumber: '0c',
      issuer: { subject: rogueCsca.subject, privateKey: rogueCsca.privateKey },
    })
    const response = await germanClient.uploadSignerCertificate(dsc.der, germany.uploadSigner)
    assert.equal(response.status, 400)
    assert.equal(JSON.parse(response.text).reason, 'CSCA_CHECK_FAILED')
    await admin('/v1/admin/gateway/sync', 'POST')
    assert.equal((await verify(issueWith(dsc))).status, 'NOT_VALID')
  })

  it('refuses a DSC uploaded with a wrong signer or with another country’s UPLOAD certificate', async () => {
    const dsc = await makeCertificate({
      subject: 'C=DE, CN=DE DSC with a wrong uploader',
      notBefore: now,
      notAfter: new Date(now.getTime() + 300 * DAY_MS),
      serialNumber: '0d',
      issuer: { subject: germany.csca.subject, privateKey: germany.csca.privateKey },
    })
    const stranger = await makeCertificate({
      subject: 'C=DE, CN=not an UPLOAD certificate',
      notBefore: now,
      notAfter: new Date(now.getTime() + DAY_MS),
      serialNumber: '0e',
    })
    const wrongSigner = await germanClient.uploadSignerCertificate(dsc.der, {
      certificate: stranger.der,
      privateKey: stranger.privateKey,
    })
    assert.equal(wrongSigner.status, 400)
    const italy = await readGatewayKeys(join(dir, 'platform', 'keys'))
    const italianUpload = await germanClient.uploadSignerCertificate(dsc.der, {
      certificate: italy.upload.der,
      privateKey: italy.upload.privateKey,
    })
    assert.equal(italianUpload.status, 400)
    assert.equal(JSON.parse(italianUpload.text).reason, 'UPLOADER_CERT_CHECK_FAILED')
    await admin('/v1/admin/gateway/sync', 'POST')
    assert.equal((await verify(issueWith(dsc))).status, 'NOT_VALID')
  })

  it('ignores a DSC slipped into the gateway’s table behind its API: the connector checks the uploader itself', async () => {
    const dsc = await makeCertificate({
      subject: 'C=DE, CN=DE DSC slipped in',
      notBefore: now,
      notAfter: new Date(now.getTime() + 300 * DAY_MS),
      serialNumber: '0f',
      issuer: { subject: germany.csca.subject, privateKey: germany.csca.privateKey },
    })
    // Signed by an UPLOAD-looking certificate nobody onboarded, written straight into the gateway's database.
    const forger = await makeCertificate({
      subject: 'C=DE, CN=forger',
      notBefore: now,
      notAfter: new Date(now.getTime() + DAY_MS),
      serialNumber: '10',
    })
    const signature = await signCms(
      dsc.der,
      { certificate: forger.der, privateKey: forger.privateKey },
      { detached: true },
    )
    await gateway.database.db
      .insertInto('signer_information')
      .values({
        created_at: now.getTime(),
        deleted_at: null,
        country: 'DE',
        thumbprint: thumbprintOf(dsc.der),
        raw_data: Buffer.from(dsc.der).toString('base64'),
        signature: Buffer.from(signature).toString('base64'),
      })
      .execute()
    const report = (await admin('/v1/admin/gateway/sync', 'POST')) as { rejected: { reason: string }[] }
    assert.deepEqual(
      report.rejected.map((entry) => entry.reason),
      ['UPLOAD_SIGNATURE'],
    )
    assert.equal((await verify(issueWith(dsc))).status, 'NOT_VALID')
    assert.equal((await verify(germanCertificate)).status, 'VALID', 'the proper German DSC is still trusted')
  })

  it('keeps the last good list in service while the gateway is unreachable, and reports its age', async () => {
    const down = await fetch(`${platform.url}/v1/admin/gateway`, {
      headers: { authorization: `Bearer ${platform.adminToken}` },
    })
    const before = (await down.json()) as { state: { lastSuccessAt: string } }
    const port = Number(new URL(gateway.url).port)
    const closed = new Promise((resolve) => gateway.app.server.close(resolve))
    gateway.app.server.closeAllConnections()
    await closed
    const report = (await admin('/v1/admin/gateway/sync', 'POST')) as { ok: boolean; error: string }
    assert.equal(report.ok, false)
    assert.match(report.error, /cannot reach the gateway/)
    const status = (await admin('/v1/admin/gateway')) as {
      ageMs: number
      state: { lastSuccessAt: string; lastError: string }
    }
    assert.equal(status.state.lastSuccessAt, before.state.lastSuccessAt)
    assert.match(status.state.lastError, /cannot reach/)
    assert.ok(status.ageMs >= 0)
    assert.equal((await verify(germanCertificate)).status, 'VALID')
    // The same gateway back on its port, for the next step.
    await new Promise<void>((resolve) => gateway.app.server.listen(port, '127.0.0.1', resolve))
  })

  it('a deleted DSC disappears from the next sync, and its certificates then fail', async () => {
    const deleted = await germanClient.deleteSignerCertificate(germany.dsc.der, germany.uploadSigner)
    assert.equal(deleted.status, 204, deleted.text)
    const report = (await admin('/v1/admin/gateway/sync', 'POST')) as { ok: boolean; accepted: number }
    assert.equal(report.ok, true)
    assert.equal(report.accepted, 0)
    const result = await verify(germanCertificate)
    assert.equal(result.status, 'NOT_VALID')
    assert.equal(store.trustList().length, 2, 'only Italy’s own DSCs are left')
  })
})
