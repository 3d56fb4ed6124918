import assert from 'node:assert/strict'
import { createHash, generateKeyPairSync } from 'node:crypto'
import { describe, test } from 'node:test'
import { decodeHc1ToCose, ES256, encodeHc1, exampleVaccinationDcc, parseCwt } from '@greenpass/hcert'
import {
  EU_REVOCATION_HASH_TYPES,
  euRevocationHashBase64,
  euRevocationHashes,
  euRevocationSubjectOf,
} from '../src/index.ts'

// Expected values computed outside the code under test: base64 of the first 16 bytes of SHA-256 over the input.
const HELLO = 'M00Bb3Vc1txYxTqG4YOILw==' // 'Hello!'; the full digest is M00Bb3Vc1txYxTqG4YOIL47BT1L7BTRYh8il7dQsh7c=
const IT_HELLO = 'bDLEgy6t5Yiz2IouwOvg2w==' // 'IT' + 'Hello!'
const R_ONES = 'cs1uhCLEB/ttCYaQ8RMLfQ==' // 32 bytes of 0x01 (the r of an ES256 signature)
const R_S = '+Biv03ptw7yS+0RzEBEncA==' // 32 bytes of 0x01 then 32 of 0x02 (a whole signature)

const signature = new Uint8Array([...new Uint8Array(32).fill(1), ...new Uint8Array(32).fill(2)])
const base64 = (hashes: ReturnType<typeof euRevocationHashes>) =>
  Object.fromEntries(Object.entries(hashes).map(([type, bytes]) => [type, euRevocationHashBase64(bytes)]))

describe('EU revocation hashes (gateway-and-trust.md §5.1)', () => {
  test('the three types, in the order the gateway names them', () => {
    assert.deepEqual(EU_REVOCATION_HASH_TYPES, ['SIGNATURE', 'UCI', 'COUNTRYCODEUCI'])
  })

  test('ES256: UCI over the UVCI, COUNTRYCODEUCI over country + UVCI, SIGNATURE over r only; 16 bytes each', () => {
    const hashes = euRevocationHashes({ uvci: 'Hello!', country: 'IT', signature, alg: -7 })
    assert.deepEqual(base64(hashes), { UCI: HELLO, COUNTRYCODEUCI: IT_HELLO, SIGNATURE: R_ONES })
    for (const bytes of Object.values(hashes)) assert.equal(bytes.length, 16)
    for (const text of Object.values(base64(hashes))) assert.match(text, /^[A-Za-z0-9+/]{22}==$/)
  })

  test('PS256 (any algorithm but ES256): the whole signature', () => {
    assert.equal(base64(euRevocationHashes({ uvci: 'Hello!', country: 'IT', signature, alg: -37 })).SIGNATURE, R_S)
  })

  test('no UVCI: only the SIGNATURE hash', () => {
    assert.deepEqual(Object.keys(euRevocationHashes({ uvci: '', country: 'IT', signature, alg: -7 })), ['SIGNATURE'])
  })

  test('from a signed certificate: the CWT iss, the UVCI and the COSE signature as carried', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const dcc = exampleVaccinationDcc({ dob: '1970-01-01', vaccination: { dt: '2026-10-01', ci: 'Hello!' } })
    const hc1 = encodeHc1(dcc, {
      signer: { alg: ES256, privateKey, kid: new Uint8Array(8) },
      iss: 'IT',
      iat: new Date('2026-10-02T00:00:00Z'),
      exp: new Date('2027-10-02T00:00:00Z'),
    })
    const cose = decodeHc1ToCose(hc1)
    const subject = euRevocationSubjectOf(cose, parseCwt(cose.payload))
    assert.deepEqual({ uvci: subject.uvci, country: subject.country }, { uvci: 'Hello!', country: 'IT' })
    const hashes = base64(euRevocationHashes(subject))
    assert.deepEqual(
      { UCI: hashes.UCI, COUNTRYCODEUCI: hashes.COUNTRYCODEUCI },
      { UCI: HELLO, COUNTRYCODEUCI: IT_HELLO },
    )
    const r = createHash('sha256').update(cose.signature.subarray(0, 32)).digest().subarray(0, 16).toString('base64')
    assert.equal(hashes.SIGNATURE, r)
  })

  test('no iss: the country of the first entry', () => {
    const subject = euRevocationSubjectOf(
      { signature, alg: -7 },
      { iss: undefined, dcc: { v: [{ ci: 'X', co: 'FR' }] } },
    )
    assert.equal(subject.country, 'FR')
  })
})
