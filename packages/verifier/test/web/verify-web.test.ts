import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { createTrustStore, importDsc, importWebDsc, readX509Fields } from '@greenpass/hcert'
import { DEFAULT_SETTINGS, parseSettings, ScanMode, type Settings, uvciHash, uvciHashWeb } from '@greenpass/rules'
import { verifyCertificate } from '../../src/verify.ts'
import { verifyCertificateWeb } from '../../src/verify-web.ts'
import { fixtureDscs } from '../support/fixtures.ts'
import { issue, makeSigner, type TestSigner, testDccs } from './support/certificates.ts'

// WebCrypto is in Node too: the browser path (DER reader, WebCrypto keys and signatures, hash) runs here against the
// Node path it must agree with.
const at = new Date('2022-03-10T10:00:00Z')

describe('the browser verification path agrees with the Node one', () => {
  let ec: TestSigner
  let rsa: TestSigner
  let foreign: TestSigner
  let settings: Settings
  before(async () => {
    ;[ec, rsa, foreign] = await Promise.all([makeSigner('EC DSC'), makeSigner('RSA DSC', 'rsa'), makeSigner('Foreign')])
    settings = parseSettings(DEFAULT_SETTINGS)
  })

  it('reads every DSC of the Italian trust list as X509Certificate does (validity, key usage, kind of key)', async () => {
    const dscs = fixtureDscs()
    assert.ok(dscs.length > 100)
    for (const { kid, der } of dscs) {
      const kidBytes = new Uint8Array(Buffer.from(kid, 'base64'))
      const node = importDsc(der, { kid: kidBytes })
      const web = await importWebDsc(der, { kid: kidBytes })
      assert.equal(web.kidBase64, kid)
      assert.deepEqual(web.notBefore, node.notBefore, kid)
      assert.deepEqual(web.notAfter, node.notAfter, kid)
      assert.deepEqual(web.keyUsage, node.keyUsage, kid)
      const type = node.publicKey.asymmetricKeyType
      assert.equal(readX509Fields(Buffer.from(der, 'base64')).keyType, type === 'ec' ? 'ec' : 'rsa', kid)
    }
  })

  it('refuses what is not a certificate with a KEY error', async () => {
    for (const bad of ['', 'bm90IGEgY2VydGlmaWNhdGU=', '%%%']) {
      await assert.rejects(importWebDsc(bad), { code: 'KEY' })
    }
    assert.throws(() => readX509Fields(new Uint8Array([0x30, 0x82, 0xff])), { code: 'KEY' })
  })

  it('computes the kid from the DER when none is served, as kidOf does', async () => {
    const web = await importWebDsc(ec.der)
    assert.equal(web.kidBase64, ec.dsc.kidBase64)
  })

  it('gives the same status and reason for every test certificate, in every mode that matters (ES256 and PS256)', async () => {
    const dccs = testDccs(at)
    const webStore = createTrustStore([await importWebDsc(ec.der), await importWebDsc(rsa.der)])
    const nodeStore = createTrustStore([ec.dsc, rsa.dsc])
    const revoked = new Set([uvciHash('URN:UVCI:01:IT:REVOKED#4')])
    const isRevoked = (hash: string) => revoked.has(hash)
    const expectations: [string, string, ScanMode, string][] = [
      [issue(ec, dccs.booster, at), 'booster', ScanMode.BASE, 'VALID'],
      [issue(rsa, dccs.booster, at), 'booster PS256', ScanMode.BOOSTER, 'VALID'],
      [issue(ec, dccs.expired, at), 'expired', ScanMode.BASE, 'EXPIRED'],
      [issue(ec, dccs.revoked, at), 'revoked', ScanMode.BASE, 'REVOKED'],
      [issue(foreign, dccs.booster, at), 'foreign DSC', ScanMode.BASE, 'NOT_VALID'],
      [issue(ec, dccs.primaryCycle, at), 'primary cycle', ScanMode.BOOSTER, 'TEST_NEEDED'],
      [issue(ec, dccs.test, at), 'test', ScanMode.DOUBLE_SCAN, 'VALID'],
      [issue(ec, dccs.primaryCycle, at), 'not a test', ScanMode.DOUBLE_SCAN, 'NOT_VALID'],
      ['HC1:NOT-A-CERTIFICATE', 'garbage', ScanMode.BASE, 'NOT_EU_DCC'],
    ]
    for (const [hc1, what, mode, status] of expectations) {
      const options = { mode, at, previousMode: ScanMode.BOOSTER }
      const node = verifyCertificate(hc1, { trustStore: nodeStore, settings, isRevoked }, options)
      const web = await verifyCertificateWeb(hc1, { trustStore: webStore, settings, isRevoked }, options)
      assert.equal(web.status, status, `${what}: ${web.detail ?? web.reason}`)
      assert.deepEqual({ ...web, detail: undefined }, { ...node, detail: undefined }, what)
    }
  })

  it('refuses a signature that does not match (a DSC of the same kid with another key)', async () => {
    const hc1 = issue(ec, testDccs(at).booster, at)
    const impostor = { ...(await importWebDsc(foreign.der)), kid: ec.dsc.kid, kidBase64: ec.dsc.kidBase64 }
    const result = await verifyCertificateWeb(
      hc1,
      { trustStore: createTrustStore([impostor]), settings },
      {
        mode: ScanMode.BASE,
        at,
      },
    )
    assert.deepEqual([result.status, result.reason], ['NOT_VALID', 'SIGNATURE'])
  })

  it('hashes a UVCI for the DRL as the Node path does (§9.1 test vector)', async () => {
    assert.equal(await uvciHashWeb('Hello!'), 'M00Bb3Vc1txYxTqG4YOIL47BT1L7BTRYh8il7dQsh7c=')
    assert.equal(await uvciHashWeb('URN:UVCI:01:IT:è#1'), uvciHash('URN:UVCI:01:IT:è#1'))
  })
})
