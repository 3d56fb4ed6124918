import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createCertificate, ES256, encodeHc1, exampleVaccinationDcc, importDsc } from '@greenpass/hcert'
import { parseSettings, ScanMode, uvciHash } from '@greenpass/rules'
import { syncVerifier, VerifierStore, verifyCertificate } from '@greenpass/verifier'
import type { FastifyInstance } from 'fastify'
import { fixtureSettings } from '../../../verifier/test/support/fixtures.ts'
import { DrlHistory } from '../../../verifier/test/support/drl-history.ts'
import { buildPlatformApp } from '../../src/http/app.ts'
import type { VerifierApiSource } from '../../src/http/verifier-api/source.ts'
import { verifierApiRoutes } from '../../src/http/verifier-api/routes.ts'

const DAY = 86_400_000

describe('verifier-facing API: a verifier syncs from the platform and verifies offline', () => {
  let app: FastifyInstance
  let base: string
  const now = new Date()
  const drl = new DrlHistory({ chunkSize: 3 })
  const hc1: Record<'valid' | 'revoked', string> = { valid: '', revoked: '' }
  before(async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const der = await createCertificate({
      subject: 'C=IT, O=Ministero della Salute, CN=platform DSC',
      publicKey,
      selfSigningKey: privateKey,
      notBefore: new Date(now.getTime() - DAY),
      notAfter: new Date(now.getTime() + 500 * DAY),
      serialNumber: '0b',
    })
    const dsc = importDsc(der)
    for (const [name, ci] of [
      ['valid', '01IT0000000000000000000000000000000A#1'],
      ['revoked', '01IT0000000000000000000000000000000B#2'],
    ] as const) {
      hc1[name] = encodeHc1(
        exampleVaccinationDcc({
          vaccination: { dt: new Date(now.getTime() - 10 * DAY).toISOString().slice(0, 10), ci },
        }),
        {
          signer: { alg: ES256, privateKey, kid: dsc.kid },
          iss: 'IT',
          iat: now,
          exp: new Date(now.getTime() + 180 * DAY),
        },
      )
    }
    drl.publish({
      insertions: [uvciHash('01IT0000000000000000000000000000000B#2'), ...['x', 'y', 'z', 'w'].map(uvciHash)],
    })
    drl.publish({ deletions: [uvciHash('x')] })
    const signers = [{ token: 1, kid: dsc.kidBase64, der: Buffer.from(der).toString('base64') }]
    const source: VerifierApiSource = {
      signerKids: async () => signers.map((s) => s.kid),
      signerAfter: async (token) => signers.find((s) => token === undefined || s.token > token),
      settings: async () => fixtureSettings(),
      drlCheck: async (version) => drl.check(version),
      drlChunk: async (version, chunk) => drl.chunk(version, chunk),
    }
    app = await buildPlatformApp({ logLevel: 'silent', plugins: [verifierApiRoutes(source)] })
    base = `${await app.listen({ port: 0, host: '127.0.0.1' })}/v1/dgc/`
  })
  after(() => app.close())

  it('serves the Italian protocol: status, update with X-RESUME-TOKEN/X-KID until 204, settings, DRL', async () => {
    const kids = (await (await fetch(`${base}signercertificate/status`)).json()) as string[]
    const first = await fetch(`${base}signercertificate/update`)
    assert.equal(first.status, 200)
    assert.equal(first.headers.get('x-kid'), kids[0])
    const token = first.headers.get('x-resume-token') ?? ''
    const end = await fetch(`${base}signercertificate/update`, { headers: { 'X-RESUME-TOKEN': token } })
    assert.equal(end.status, 204)
    assert.equal((await fetch(`${base}drl/check?version=-1`)).status, 400)
    assert.equal((await fetch(`${base}signercertificate/update`, { headers: { 'X-RESUME-TOKEN': 'abc' } })).status, 400)
  })

  it('lets greenpass verifier sync from it, then verify VALID and REVOKED offline', async () => {
    const store = await VerifierStore.open(join(mkdtempSync(join(tmpdir(), 'platform-sync-')), 'store'))
    const report = await syncVerifier(store, { baseUrl: base, now })
    assert.equal(report.ok, true, JSON.stringify(report.errors))
    assert.equal(store.drl.size, 4)
    const data = {
      trustStore: store.trustStore(),
      settings: parseSettings(store.settingsRows()),
      isRevoked: (hash: string) => store.drl.has(hash),
    }
    const options = { mode: ScanMode.BASE, at: new Date(now.getTime() + DAY) }
    assert.equal(verifyCertificate(hc1.valid, data, options).status, 'VALID')
    assert.equal(verifyCertificate(hc1.revoked, data, options).status, 'REVOKED')
  })
})
