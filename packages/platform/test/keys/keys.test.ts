import assert from 'node:assert/strict'
import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import {
  encodeCwt,
  encodeHc1,
  exampleVaccinationDcc,
  importDsc,
  KEY_USAGE_OID,
  verifyCoseSign1,
  createTrustStore,
  decodeHc1ToCose,
  parseCoseSign1,
  isHcertError,
} from '@greenpass/hcert'
import {
  DSC_MAX_VALIDITY_DAYS,
  initKeys,
  isKeyError,
  keyFiles,
  openFileKeyStore,
  signCoseSign1With,
} from '../../src/keys/index.ts'

const NOW = new Date('2026-03-01T10:20:30.456Z')
const DAY_MS = 86_400_000
const random = (n: number) => new Uint8Array(randomBytes(n))
const tempDir = () => mkdtempSync(join(tmpdir(), 'keys-'))
const DCC_OIDS = Object.values(KEY_USAGE_OID)

describe('initKeys', () => {
  it('makes a self-signed CSCA and two DSCs it signs, checked with node:crypto', async () => {
    const dir = tempDir()
    const made = await initKeys({ dir, now: NOW, random })
    assert.deepEqual(
      made.map((key) => key.name),
      ['csca', 'ordinary', 'recovery'],
    )
    const csca = new X509Certificate(readFileSync(keyFiles(dir, 'csca').certificate))
    assert.equal(csca.ca, true)
    assert.match(csca.subject, /^C=IT$/m)
    assert.match(csca.subject, /CN=.*CSCA TEST/)
    assert.ok(csca.checkIssued(csca) && csca.verify(csca.publicKey), 'the CSCA is self-signed')
    for (const name of ['ordinary', 'recovery']) {
      const dsc = new X509Certificate(readFileSync(keyFiles(dir, name).certificate))
      assert.equal(dsc.ca, false)
      assert.ok(dsc.checkIssued(csca), `${name} is issued by the CSCA`)
      assert.ok(dsc.verify(csca.publicKey), `${name} carries the CSCA's signature`)
      assert.match(dsc.subject, /^C=IT$/m)
      const days = (dsc.validToDate.getTime() - dsc.validFromDate.getTime()) / DAY_MS
      assert.ok(days <= DSC_MAX_VALIDITY_DAYS, `${name} is valid ${days} days`)
      assert.equal(dsc.validFromDate.getTime(), Math.floor(NOW.getTime() / 1000) * 1000)
      assert.ok(dsc.validToDate <= csca.validToDate, 'the CSCA outlives its DSCs')
      assert.ok(dsc.checkPrivateKey(createPrivateKey(readFileSync(keyFiles(dir, name).privateKey))))
    }
    const ordinary = new X509Certificate(readFileSync(keyFiles(dir, 'ordinary').certificate))
    const recovery = new X509Certificate(readFileSync(keyFiles(dir, 'recovery').certificate))
    assert.equal(
      (ordinary.keyUsage ?? []).filter((oid) => DCC_OIDS.includes(oid)).length,
      0,
      'ordinary: no DCC OID (any type, never a recovery bis)',
    )
    assert.deepEqual(recovery.keyUsage, ['1.3.6.1.4.1.1847.2021.1.3'])
    assert.deepEqual([...(importDsc(recovery.raw).keyUsage as Set<string>)], ['r'])
    assert.equal(importDsc(ordinary.raw).keyUsage, 'any')
    assert.equal(made[2]?.kid, importDsc(recovery.raw).kidBase64)
  })

  it('writes private keys with mode 0600 and certificates as PEM', async () => {
    const dir = tempDir()
    await initKeys({ dir, now: NOW, random })
    for (const name of ['csca', 'ordinary', 'recovery']) {
      const files = keyFiles(dir, name)
      assert.equal(statSync(files.privateKey).mode & 0o777, 0o600, `${files.privateKey} mode`)
      assert.match(readFileSync(files.privateKey, 'utf8'), /^-----BEGIN PRIVATE KEY-----/)
      assert.match(readFileSync(files.certificate, 'utf8'), /^-----BEGIN CERTIFICATE-----/)
    }
  })

  it('refuses to overwrite existing keys unless forced, and writes nothing when refusing', async () => {
    const dir = tempDir()
    const first = await initKeys({ dir, now: NOW, random })
    await assert.rejects(initKeys({ dir, now: NOW, random }), (error) => isKeyError(error, 'KEYS_EXIST'))
    assert.equal(new X509Certificate(readFileSync(keyFiles(dir, 'ordinary').certificate)).raw.length > 0, true)
    const store = await openFileKeyStore(dir)
    assert.equal(store.signer('ordinary').kidBase64, first[1]?.kid, 'untouched after the refusal')

    const other = tempDir()
    writeFileSync(keyFiles(other, 'recovery').privateKey, 'an operator key')
    await assert.rejects(initKeys({ dir: other, now: NOW, random }), (error) => isKeyError(error, 'KEYS_EXIST'))

    const second = await initKeys({ dir, now: NOW, random, force: true })
    assert.notEqual(second[1]?.kid, first[1]?.kid)
    assert.equal(statSync(keyFiles(dir, 'ordinary').privateKey).mode & 0o777, 0o600)
  })

  it('refuses a DSC validity beyond 540 days', async () => {
    await assert.rejects(initKeys({ dir: tempDir(), now: NOW, random, dscValidityDays: 541 }), TypeError)
  })
})

describe('openFileKeyStore', () => {
  it('signs certificates that verify against the DSC, through coseSigner and through sign()', async () => {
    const dir = tempDir()
    await initKeys({ dir, now: NOW, random })
    const store = await openFileKeyStore(dir)
    assert.deepEqual(
      store.certificates().map((certificate) => `${certificate.role}:${certificate.name}`),
      ['csca:csca', 'dsc:ordinary', 'dsc:recovery'],
    )
    const ordinary = store.signer('ordinary')
    assert.equal(ordinary.kid.length, 8)
    assert.ok(ordinary.notAfter.getTime() - NOW.getTime() <= DSC_MAX_VALIDITY_DAYS * DAY_MS)
    const trust = createTrustStore(
      store
        .certificates()
        .filter((certificate) => certificate.role === 'dsc')
        .map((certificate) => importDsc(certificate.der)),
    )
    const iat = new Date('2026-03-02T00:00:00Z')
    const exp = new Date('2026-09-02T00:00:00Z')
    const dcc = exampleVaccinationDcc()
    assert.ok(ordinary.coseSigner)
    const hc1 = encodeHc1(dcc, { signer: ordinary.coseSigner, iss: 'IT', iat, exp, signerNotAfter: ordinary.notAfter })
    const fast = verifyCoseSign1(decodeHc1ToCose(hc1), { trustStore: trust, at: iat })
    assert.equal(fast.dsc.kidBase64, ordinary.kidBase64)

    const recovery = store.signer('recovery')
    const { v: _vaccination, ...person } = dcc
    const recoveryDcc = {
      ...person,
      r: [
        {
          tg: '840539006',
          fr: '2026-02-01',
          co: 'IT',
          is: 'Ministero della Salute',
          df: '2026-02-12',
          du: '2026-07-31',
          ci: 'URN:UVCI:01:IT:ABCDEF1234567890#A',
        },
      ],
    }
    const claims = { iss: 'IT', iat: iat.getTime() / 1000, exp: exp.getTime() / 1000 }
    const hsmLike = await signCoseSign1With(encodeCwt({ ...claims, dcc: recoveryDcc }), recovery)
    const slow = verifyCoseSign1(parseCoseSign1(hsmLike), { trustStore: trust, at: iat })
    const refused = await signCoseSign1With(encodeCwt({ ...claims, dcc }), recovery)
    assert.throws(
      () => verifyCoseSign1(parseCoseSign1(refused), { trustStore: trust, at: iat }),
      (error) => isHcertError(error, 'KEY_USAGE'),
      'the recovery DSC signs nothing but recoveries',
    )
    assert.equal(slow.dsc.kidBase64, recovery.kidBase64)
  })

  it('gives typed errors: unknown signer, missing folder, mismatched key', async () => {
    const dir = tempDir()
    await initKeys({ dir, now: NOW, random })
    const store = await openFileKeyStore(dir)
    assert.throws(
      () => store.signer('nope'),
      (error) => isKeyError(error, 'KEY_UNKNOWN'),
    )
    await assert.rejects(openFileKeyStore(join(dir, 'absent')), (error) => isKeyError(error, 'KEYS_MISSING'))
    writeFileSync(keyFiles(dir, 'ordinary').privateKey, readFileSync(keyFiles(dir, 'recovery').privateKey))
    await assert.rejects(openFileKeyStore(dir), (error) => isKeyError(error, 'KEY_INVALID'))
  })
})
