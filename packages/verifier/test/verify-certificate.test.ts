import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import {
  createCertificate,
  createTrustStore,
  type Dsc,
  ES256,
  encodeHc1,
  exampleVaccinationDcc,
  decodeHc1ToCose,
  importDsc,
  kidToBase64,
  parseCwt,
  readQr,
  type Vaccination,
} from '@greenpass/hcert'
import {
  euRevocationHashes,
  euRevocationSubjectOf,
  parseSettings,
  ScanMode,
  type Settings,
  uvciHash,
} from '@greenpass/rules'
import { EuRevocationLists } from '../src/eu-revocation/lists.ts'
import { RevocationHashSet } from '../src/eu-revocation/hash-set.ts'
import { type VerifierData, verifyCertificate } from '../src/verify.ts'

const SHARED = fileURLToPath(new URL('../../../../shared/testdata/verificac19/', import.meta.url))
function fixture(path: string): Buffer {
  if (!existsSync(SHARED))
    throw new Error(`The shared test data is missing at ${SHARED}: put shared/ beside the repository`)
  return readFileSync(`${SHARED}${path}`)
}

const at = new Date('2026-11-23T10:00:00Z')

describe('verifyCertificate (VerificaC19 pipeline)', () => {
  let settings: Settings
  let italian: VerifierData
  let signer: { privateKey: import('node:crypto').KeyObject; dsc: Dsc }
  before(async () => {
    settings = parseSettings(JSON.parse(fixture('responses/settings.json').toString('utf8')))
    const list = JSON.parse(fixture('responses/DSC-validation.json').toString('utf8')) as {
      kid: string
      raw_data: string
    }[]
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const der = await createCertificate({
      subject: 'C=IT, O=Ministero della Salute, CN=greenpass test DSC',
      publicKey,
      selfSigningKey: privateKey,
      notBefore: new Date('2026-01-01'),
      notAfter: new Date('2027-06-30'),
      serialNumber: '01',
    })
    signer = { privateKey, dsc: importDsc(der) }
    const dscs = list.map((entry) => importDsc(entry.raw_data, { kid: Buffer.from(entry.kid, 'base64') }))
    italian = { trustStore: createTrustStore([...dscs, signer.dsc]), settings }
  })

  const issue = (vaccination: Partial<Vaccination>) =>
    encodeHc1(exampleVaccinationDcc({ vaccination }), {
      signer: { alg: ES256, privateKey: signer.privateKey, kid: signer.dsc.kid },
      iss: 'IT',
      iat: new Date('2026-11-01T00:00:00Z'),
      exp: new Date('2027-05-01T00:00:00Z'),
    })

  it('says VALID for a complete cycle in its window, with the holder data a verifier shows', () => {
    const result = verifyCertificate(issue({ dt: '2026-10-01' }), italian, { mode: ScanMode.BASE, at })
    assert.equal(result.status, 'VALID')
    assert.equal(result.certificateType, 'vaccination')
    assert.deepEqual(result.person, {
      familyName: 'Rossi',
      givenName: 'Maria Lucia',
      standardisedFamilyName: 'ROSSI',
      standardisedGivenName: 'MARIA<LUCIA',
    })
    assert.equal(result.dateOfBirth, '1980-04-12')
    assert.equal(result.kid, signer.dsc.kidBase64)
    assert.equal(result.country, 'IT')
  })

  it('says EXPIRED after the settings window and NOT_VALID for a revoked-by-blacklist UVCI, REVOKED through the DRL', () => {
    assert.equal(verifyCertificate(issue({ dt: '2026-01-01' }), italian, { mode: ScanMode.BASE, at }).status, 'EXPIRED')
    const blacklisted = issue({ dt: '2026-10-01', ci: '01IT8523A6CADC834919A5214EA30779372D#1' })
    assert.equal(verifyCertificate(blacklisted, italian, { mode: ScanMode.BASE, at }).reason, 'BLACKLISTED')
    const hc1 = issue({ dt: '2026-10-01' })
    const revoked = new Set([uvciHash('01ITE7300E1AB2A84C719004F103DCB1F70A#6')])
    const result = verifyCertificate(hc1, { ...italian, isRevoked: (h) => revoked.has(h) }, { mode: ScanMode.BASE, at })
    assert.deepEqual([result.status, result.reason], ['REVOKED', 'REVOKED'])
  })

  it('says REVOKED when an EU revocation list has the certificate under its signer’s kid, by any hash type', () => {
    const hc1 = issue({ dt: '2026-10-01' })
    const cose = decodeHc1ToCose(hc1)
    const hashes = euRevocationHashes(euRevocationSubjectOf(cose, parseCwt(cose.payload)))
    const kid = kidToBase64(signer.dsc.kid)
    for (const type of ['SIGNATURE', 'UCI', 'COUNTRYCODEUCI'] as const) {
      const euRevocation = new EuRevocationLists([
        { kid, hashTypes: [type], hashes: RevocationHashSet.fromRecords(hashes[type] as Uint8Array) },
      ])
      const result = verifyCertificate(hc1, { ...italian, euRevocation }, { mode: ScanMode.BASE, at })
      assert.deepEqual([result.status, result.reason], ['REVOKED', 'REVOKED'], type)
    }
    const elsewhere = new EuRevocationLists([
      { kid: 'AAAAAAAAAAA=', hashTypes: ['UCI'], hashes: RevocationHashSet.fromRecords(hashes.UCI as Uint8Array) },
    ])
    assert.equal(
      verifyCertificate(hc1, { ...italian, euRevocation: elsewhere }, { mode: ScanMode.BASE, at }).status,
      'VALID',
    )
  })

  it('reports a failed signature as NOT_VALID, and a certificate from an unknown signer as NOT_VALID (KID_UNKNOWN)', () => {
    const hc1 = issue({ dt: '2026-10-01' })
    const stranger = { ...italian, trustStore: createTrustStore([]) }
    const unknown = verifyCertificate(hc1, stranger, { mode: ScanMode.BASE, at })
    assert.deepEqual([unknown.status, unknown.reason], ['NOT_VALID', 'KID_UNKNOWN'])
    assert.equal(unknown.certificateType, 'vaccination')
    const impostor = { ...signer.dsc, publicKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey }
    const forged = verifyCertificate(
      hc1,
      { ...italian, trustStore: createTrustStore([impostor]) },
      { mode: ScanMode.BASE, at },
    )
    assert.deepEqual([forged.status, forged.reason], ['NOT_VALID', 'SIGNATURE'])
  })

  it('reports an expired CWT as NOT_VALID and undecodable text as NOT_EU_DCC', () => {
    const hc1 = issue({ dt: '2026-10-01' })
    const late = verifyCertificate(hc1, italian, { mode: ScanMode.BASE, at: new Date('2027-05-02T00:00:00Z') })
    assert.deepEqual([late.status, late.reason], ['NOT_VALID', 'CWT_EXPIRED'])
    const garbage = verifyCertificate('HC1:not base45 ===', italian, { mode: ScanMode.BASE, at })
    assert.deepEqual([garbage.status, garbage.reason, garbage.person], ['NOT_EU_DCC', 'DECODE', null])
  })

  describe('the VerificaC19 QR fixtures (italian-verification-rules.md §12.2)', () => {
    const clock = new Date('2022-01-15T12:00:00Z')
    const cases: [string, string, string][] = [
      ['shit.png', 'NOT_VALID', 'BLACKLISTED'],
      ['mouse.jpeg', 'NOT_VALID', 'BLACKLISTED'],
      ['signed_cert.png', 'NOT_VALID', 'KID_UNKNOWN'],
      ['uk_qr_vaccine_dose1.png', 'NOT_VALID', 'KID_UNKNOWN'],
      ['example_qr_vaccine_recovery.png', 'NOT_VALID', 'KID_UNKNOWN'],
      ['invalid.png', 'NOT_EU_DCC', 'DECODE'],
      ['not_valid_certificate.png', 'NOT_EU_DCC', 'DECODE'],
    ]
    for (const [file, status, reason] of cases) {
      it(`${file} → ${status} (${reason})`, async () => {
        const text = await readQr(fixture(file))
        const result = verifyCertificate(text, italian, { mode: ScanMode.BASE, at: clock })
        assert.deepEqual([result.status, result.reason], [status, reason], result.detail)
      })
    }

    it('shit.png after its CWT expiry → NOT_VALID (CWT_EXPIRED), whatever the blacklist says', async () => {
      const text = await readQr(fixture('shit.png'))
      const result = verifyCertificate(text, italian, { mode: ScanMode.BASE, at: new Date('2024-01-01T00:00:00Z') })
      assert.deepEqual([result.status, result.reason], ['NOT_VALID', 'CWT_EXPIRED'])
    })
  })
})
