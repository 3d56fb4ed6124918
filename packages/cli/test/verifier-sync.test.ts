import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createCertificate, ES256, encodeHc1, exampleVaccinationDcc, importDsc } from '@greenpass/hcert'
import { uvciHash } from '@greenpass/rules'
import { fixtureDscs, fixtureSettings } from '../../verifier/test/support/fixtures.ts'
import { VerifierServer } from '../../verifier/test/support/verifier-server.ts'

const CLI = fileURLToPath(new URL('../bin/greenpass.js', import.meta.url))
const DAY = 86_400_000

async function greenpass(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args])
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

describe('greenpass verifier sync / status, then verify --store (over loopback HTTP)', () => {
  let server: VerifierServer
  const store = join(mkdtempSync(join(tmpdir(), 'verifier-')), 'store')
  const hc1 = { valid: '', revoked: '' }
  before(async () => {
    const now = Date.now()
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const der = await createCertificate({
      subject: 'C=IT, O=Ministero della Salute, CN=greenpass sync test DSC',
      publicKey,
      selfSigningKey: privateKey,
      notBefore: new Date(now - 30 * DAY),
      notAfter: new Date(now + 400 * DAY),
      serialNumber: '03',
    })
    const dsc = importDsc(der)
    const issue = (ci: string) =>
      encodeHc1(
        exampleVaccinationDcc({ vaccination: { dt: new Date(now - 20 * DAY).toISOString().slice(0, 10), ci } }),
        {
          signer: { alg: ES256, privateKey, kid: dsc.kid },
          iss: 'IT',
          iat: new Date(now - DAY),
          exp: new Date(now + 180 * DAY),
        },
      )
    hc1.valid = issue('01IT00000000000000000000000000000001#1')
    hc1.revoked = issue('01IT00000000000000000000000000000002#2')
    server = await VerifierServer.start()
    server.settings = fixtureSettings()
    server.dscs = [...fixtureDscs(), { kid: dsc.kidBase64, der: Buffer.from(der).toString('base64') }]
    server.drl.publish({ insertions: [uvciHash('01IT00000000000000000000000000000002#2')] })
  })
  after(() => server.close())

  it('syncs, reports the status, and verifies offline from the store', async () => {
    const sync = await greenpass(['verifier', 'sync', '--from', server.baseUrl, '--store', store, '--json'])
    assert.equal(sync.code, 0, sync.stderr + sync.stdout)
    assert.equal(JSON.parse(sync.stdout).ok, true)

    const status = await greenpass(['verifier', 'status', '--store', store, '--json'])
    const parsed = JSON.parse(status.stdout)
    assert.equal(parsed.trustList.count, 103)
    assert.equal(parsed.drl.count, 1)
    assert.equal(parsed.verificationAllowed, true)
    assert.equal(parsed.stale, false)

    const valid = await greenpass(['verify', '--store', store, '--json', hc1.valid])
    assert.equal(valid.code, 0, valid.stdout + valid.stderr)
    assert.equal(JSON.parse(valid.stdout).status, 'VALID')
    const revoked = await greenpass(['verify', '--store', store, '--json', hc1.revoked])
    assert.equal(revoked.code, 1)
    assert.deepEqual([JSON.parse(revoked.stdout).status, JSON.parse(revoked.stdout).reason], ['REVOKED', 'REVOKED'])
  })

  it('reports an unreachable platform as a failed sync (exit 1) and keeps the store usable', async () => {
    const failed = await greenpass(['verifier', 'sync', '--from', 'http://127.0.0.1:9/v1/dgc/', '--store', store])
    assert.equal(failed.code, 1)
    assert.match(failed.stdout, /SYNC_NETWORK/)
    const valid = await greenpass(['verify', '--store', store, hc1.valid])
    assert.equal(valid.code, 0)
  })
})
