import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { type CmsSigner, signCms, thumbprintOf, verifyCms } from '../src/client/index.ts'
import { gatewayTestEngines } from '../src/db/test-database.ts'
import { makeCertificate } from '../src/operator/certificates.ts'
import { serial } from '../src/operator/data-dir.ts'
import { onboardTrustedParty } from '../src/operator/onboard.ts'
import { dscOf, type GatewayFixture, startGatewayFixture } from './support/fixture.ts'

const DAY_MS = 86_400_000

interface CmsPackage {
  cms: string
  entityId: number
  type: 'DSC' | 'REVOCATION_LIST' | 'VALIDATION_RULE'
}

// dgc-api-tests "CMS migration" (gateway-and-trust.md §2.4, §6): a country rotates its UPLOAD certificate and re-signs
// its stored DSC, rule and revocation-batch CMS; spoken over raw HTTPS as an independent client does.
for (const engine of gatewayTestEngines()) {
  describe(`CMS migration (${engine.name})`, () => {
    let f: GatewayFixture
    let newUpload: CmsSigner
    const stored: Record<CmsPackage['type'], { payload: Buffer; entityId?: number }> = {
      DSC: { payload: Buffer.alloc(0) },
      REVOCATION_LIST: { payload: Buffer.alloc(0) },
      VALIDATION_RULE: { payload: Buffer.alloc(0) },
    }

    const base64Cms = async (payload: Uint8Array, signer: CmsSigner) =>
      Buffer.from(await signCms(payload, signer)).toString('base64')
    const packages = async () => {
      const response = await f.raw('GET', '/cms-migration', { Accept: 'application/json' })
      assert.equal(response.status, 200, response.text)
      return JSON.parse(response.text) as CmsPackage[]
    }
    const migrate = (body: unknown) =>
      f.raw('POST', '/cms-migration', { 'Content-Type': 'application/json' }, JSON.stringify(body))

    before(async () => {
      f = await startGatewayFixture(engine)
      const now = f.clock.now.getTime()
      // With the original UPLOAD certificate: a DSC, a revocation batch and a validation rule.
      const dsc = await dscOf('DE', f.own.csca, f.clock.now)
      stored.DSC.payload = Buffer.from(dsc.der)
      const batch = {
        country: 'DE',
        expires: new Date(now + 30 * DAY_MS).toISOString(),
        kid: 'UNKNOWN_KID',
        hashType: 'UCI',
        entries: [{ hash: createHash('sha256').update(randomBytes(8)).digest().subarray(0, 16).toString('base64') }],
      }
      stored.REVOCATION_LIST.payload = Buffer.from(JSON.stringify(batch))
      const rule = {
        Identifier: 'GR-DE-0001',
        Type: 'Acceptance',
        Country: 'DE',
        Version: '1.0.0',
        SchemaVersion: '1.0.0',
        Engine: 'CERTLOGIC',
        EngineVersion: '1.2.2',
        CertificateType: 'General',
        Description: [{ lang: 'en', desc: 'The certificate must not be older than a year.' }],
        ValidFrom: new Date(now + 3 * DAY_MS).toISOString(),
        ValidTo: new Date(now + 13 * DAY_MS).toISOString(),
        AffectedFields: ['v.0.dt'],
        Logic: { '!': [{ var: 'payload.v.0.dt' }] },
      }
      stored.VALIDATION_RULE.payload = Buffer.from(JSON.stringify(rule))
      for (const [path, payload] of [
        ['/signerCertificate', stored.DSC.payload],
        ['/revocation-list', stored.REVOCATION_LIST.payload],
        ['/rules', stored.VALIDATION_RULE.payload],
      ] as const) {
        const body = await base64Cms(payload, f.own.uploadSigner)
        const headers = { 'Content-Type': 'application/cms', 'Content-Transfer-Encoding': 'base64' }
        const response = await f.raw('POST', path, headers, body)
        assert.equal(response.status, 201, `${path}: ${response.text}`)
      }
      // The country rotates: a new UPLOAD certificate is onboarded.
      const certificate = await makeCertificate({
        subject: 'C=DE, O=greenpass test, CN=DE DGCG UPLOAD 2',
        notBefore: f.clock.now,
        notAfter: new Date(now + 365 * DAY_MS),
        serialNumber: serial(),
      })
      await onboardTrustedParty(f.gateway.database.db, f.gateway.credentials.trustAnchor, {
        certificate: certificate.der,
        type: 'UPLOAD',
        now: f.clock.now,
      })
      newUpload = { certificate: certificate.der, privateKey: certificate.privateKey }
    })
    after(() => f.close())

    it('lists the country’s stored packages, each with its CMS, entityId and type', async () => {
      const list = await packages()
      assert.deepEqual(list.map((item) => item.type).sort(), ['DSC', 'REVOCATION_LIST', 'VALIDATION_RULE'])
      for (const item of list) {
        assert.ok(Number.isInteger(item.entityId) && item.entityId > 0)
        const detached = item.type === 'DSC' ? { detachedContent: stored.DSC.payload } : {}
        const { content, signerCertificate } = await verifyCms(Buffer.from(item.cms, 'base64'), detached)
        assert.deepEqual(Buffer.from(content), stored[item.type].payload, item.type)
        assert.equal(thumbprintOf(signerCertificate), thumbprintOf(f.own.upload.der))
        stored[item.type].entityId = item.entityId
      }
      const other = await f.client(f.other.authentication).call('GET', '/cms-migration')
      assert.deepEqual(JSON.parse(other.text), [], 'another country sees none of them')
    })

    it('replaces each with a CMS re-signed by the new UPLOAD certificate (204)', async () => {
      for (const type of ['DSC', 'REVOCATION_LIST', 'VALIDATION_RULE'] as const) {
        const { payload, entityId } = stored[type]
        const response = await migrate({ cms: await base64Cms(payload, newUpload), entityId, type })
        assert.equal(response.status, 204, `${type}: ${response.text}`)
      }
      for (const item of await packages()) {
        const detached = item.type === 'DSC' ? { detachedContent: stored.DSC.payload } : {}
        const { signerCertificate } = await verifyCms(Buffer.from(item.cms, 'base64'), detached)
        assert.equal(thumbprintOf(signerCertificate), thumbprintOf(newUpload.certificate), item.type)
      }
      // The trust list now carries the new signature for the DSC.
      const list = JSON.parse((await f.raw('GET', '/trustList/DSC/DE')).text) as { signature: string }[]
      const [entry] = list
      assert.ok(entry)
      const { signerCertificate } = await verifyCms(Buffer.from(entry.signature, 'base64'), {
        detachedContent: stored.DSC.payload,
      })
      assert.equal(thumbprintOf(signerCertificate), thumbprintOf(newUpload.certificate))
    })

    it('refuses a changed payload, a foreign UPLOAD signer, another country’s package (400) and an unknown one (404)', async () => {
      const { entityId } = stored.VALIDATION_RULE
      const changed = Buffer.from(stored.VALIDATION_RULE.payload.toString().replace('1.0.0', '1.0.1'))
      const refusals: [unknown, number, string][] = [
        [{ cms: await base64Cms(changed, newUpload), entityId, type: 'VALIDATION_RULE' }, 400, 'PAYLOAD_CHANGED'],
        [
          {
            cms: await base64Cms(stored.DSC.payload, newUpload),
            entityId: stored.DSC.entityId,
            type: 'VALIDATION_RULE',
          },
          400,
          'PAYLOAD_CHANGED',
        ],
        [
          {
            cms: await base64Cms(stored.VALIDATION_RULE.payload, f.other.uploadSigner),
            entityId,
            type: 'VALIDATION_RULE',
          },
          400,
          'UPLOADER_CERT_CHECK_FAILED',
        ],
        [
          { cms: await base64Cms(stored.DSC.payload, newUpload), entityId: 999_999, type: 'DSC' },
          404,
          'PACKAGE_NOT_FOUND',
        ],
        [{ cms: 'not base64!', entityId, type: 'VALIDATION_RULE' }, 400, 'CMS_UNREADABLE'],
        [{ cms: await base64Cms(changed, newUpload), entityId, type: 'SOMETHING' }, 400, 'BAD_REQUEST'],
      ]
      for (const [body, status, reason] of refusals) {
        const response = await migrate(body)
        assert.equal(response.status, status, response.text)
        assert.equal(JSON.parse(response.text).reason, reason, response.text)
      }
      // France re-signing Germany's rule with its own UPLOAD certificate: not its package.
      const foreign = await f.client(f.other.authentication).call('POST', '/cms-migration', {
        contentType: 'application/json',
        body: JSON.stringify({
          cms: await base64Cms(stored.VALIDATION_RULE.payload, f.other.uploadSigner),
          entityId,
          type: 'VALIDATION_RULE',
        }),
      })
      assert.equal(foreign.status, 400, foreign.text)
      assert.equal(JSON.parse(foreign.text).reason, 'INVALID_COUNTRY')
      assert.equal((await f.stranger.call('GET', '/cms-migration')).status, 401)
    })
  })
}
