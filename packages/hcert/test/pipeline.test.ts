import assert from 'node:assert/strict'
import { verify } from 'node:crypto'
import { before, describe, it } from 'node:test'
import fc from 'fast-check'
import {
  createTrustStore,
  type Dcc,
  decodeBase45,
  decodeHc1,
  decodeHc1ToCose,
  deflate,
  ES256,
  encodeBase45,
  encodeCwt,
  encodeHc1,
  HcertError,
  inflate,
  PS256,
  sigStructure,
  verifyHc1,
} from '../src/index.ts'
import { sampleVaccination, type TestSigner, testSigner } from './support/keys.ts'

const iat = new Date('2026-11-01T10:00:00Z')
const exp = new Date('2027-04-30T10:00:00Z')
const at = new Date('2026-11-23T12:00:00Z')

describe('encode → decode → verify', () => {
  let ec: TestSigner
  let rsa: TestSigner
  let testOnly: TestSigner
  before(async () => {
    ec = await testSigner({})
    rsa = await testSigner({ kind: 'rsa' })
    testOnly = await testSigner({ dccTypes: ['t'] })
  })
  const issue = (dcc: Dcc, signer: TestSigner = ec, alg: typeof ES256 | typeof PS256 = ES256) =>
    encodeHc1(dcc, { signer: { alg, privateKey: signer.privateKey, kid: signer.dsc.kid }, iss: 'IT', iat, exp })

  it('round-trips a vaccination certificate with ES256 and PS256', () => {
    const dcc = sampleVaccination()
    for (const [signer, alg] of [
      [ec, ES256],
      [rsa, PS256],
    ] as const) {
      const hc1 = issue(dcc, signer, alg)
      assert.match(hc1, /^HC1:[0-9A-Z $%*+\-./:]+$/)
      const verified = verifyHc1(hc1, { trustStore: createTrustStore([signer.dsc]), at })
      assert.deepEqual(verified.cwt, { iss: 'IT', iat: iat.getTime() / 1000, exp: exp.getTime() / 1000, dcc })
      assert.equal(verified.dsc, signer.dsc)
    }
  })

  it('is byte-exact: the bytes signed are the bytes sent', () => {
    const dcc = sampleVaccination()
    const hc1 = issue(dcc)
    const cose = decodeHc1ToCose(hc1)
    assert.deepEqual(cose.payload, encodeCwt({ iss: 'IT', iat: iat.getTime() / 1000, exp: exp.getTime() / 1000, dcc }))
    const ok = verify(
      'sha256',
      sigStructure(cose.protectedBytes, cose.payload),
      { key: ec.dsc.publicKey, dsaEncoding: 'ieee-p1363' },
      cose.signature,
    )
    assert.equal(ok, true)
    // zlib header 78 DA and deterministic Base45: decoding and re-encoding gives the same text.
    assert.deepEqual([...decodeBase45(hc1.slice(4)).subarray(0, 2)], [0x78, 0xda])
  })

  it('round-trips generated payloads (names in any script, all three types)', () => {
    const name = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }).map((s) => s.normalize('NFC'))
    const date = fc.date({ min: new Date('1900-01-01'), max: new Date('2026-01-01'), noInvalidDate: true })
    const day = date.map((d) => d.toISOString().slice(0, 10))
    const group = fc.oneof(
      fc.record({
        v: fc.tuple(fc.record({ dn: fc.integer({ min: 1, max: 9 }), sd: fc.integer({ min: 1, max: 9 }), dt: day })),
      }),
      fc.record({
        t: fc.tuple(fc.record({ sc: date.map((d) => d.toISOString()), tt: fc.constantFrom('LP6464-4', 'LP217198-3') })),
      }),
      fc.record({ r: fc.tuple(fc.record({ fr: day, df: day, du: day })) }),
    )
    fc.assert(
      fc.property(name, name, day, group, (fn, gn, dob, entry) => {
        const dcc = { ver: '1.3.0', nam: { fn, gn, fnt: 'X', gnt: 'Y' }, dob, ...entry } as unknown as Dcc
        const verified = verifyHc1(issue(dcc), { trustStore: createTrustStore([ec.dsc]), at })
        assert.deepEqual(verified.cwt.dcc, structuredClone(dcc))
      }),
      { numRuns: 200 },
    )
  })

  it('decodes without verifying for display', () => {
    assert.equal(decodeHc1(issue(sampleVaccination())).cwt.dcc.nam.fn, 'Rossi')
  })

  it('checks the key usage of the DSC against the certificate type', () => {
    const hc1 = issue(sampleVaccination(), testOnly)
    assert.throws(() => verifyHc1(hc1, { trustStore: createTrustStore([testOnly.dsc]), at }), { code: 'KEY_USAGE' })
  })

  it('requires exactly one of v, t, r', () => {
    const two = sampleVaccination({
      r: [{ tg: '840539006', fr: '2026-01-01', co: 'IT', is: 'x', df: '2026-01-12', du: '2026-06-30', ci: 'x' }],
    })
    assert.throws(() => verifyHc1(issue(two), { trustStore: createTrustStore([ec.dsc]), at }), { code: 'CWT' })
  })

  it('checks iat and exp against the instant and the DSC validity', async () => {
    const trustStore = createTrustStore([ec.dsc])
    const hc1 = issue(sampleVaccination())
    assert.throws(() => verifyHc1(hc1, { trustStore, at: new Date('2026-10-31T23:59:59Z') }), {
      code: 'CWT_NOT_YET_VALID',
    })
    assert.throws(() => verifyHc1(hc1, { trustStore, at: new Date('2027-04-30T10:00:01Z') }), { code: 'CWT_EXPIRED' })
    assert.ok(verifyHc1(hc1, { trustStore, at: exp }))
    const shortLived = await testSigner({ notAfter: new Date('2027-01-01T00:00:00Z') })
    const outlives = issue(sampleVaccination(), shortLived)
    assert.throws(() => verifyHc1(outlives, { trustStore: createTrustStore([shortLived.dsc]), at }), {
      code: 'CWT_EXPIRED',
    })
    const lateDsc = await testSigner({ notBefore: new Date('2026-11-15T00:00:00Z') })
    const predates = issue(sampleVaccination(), lateDsc)
    assert.throws(() => verifyHc1(predates, { trustStore: createTrustStore([lateDsc.dsc]), at }), {
      code: 'CWT_NOT_YET_VALID',
    })
  })

  it('never lets an issuer sign past its DSC', () => {
    assert.throws(
      () =>
        encodeHc1(sampleVaccination(), {
          signer: { alg: ES256, privateKey: ec.privateKey, kid: ec.dsc.kid },
          iss: 'IT',
          iat,
          exp,
          signerNotAfter: new Date('2027-01-01'),
        }),
      { code: 'CWT_EXPIRED' },
    )
  })

  it('requires the HC1: prefix unless told otherwise, and refuses other context identifiers', () => {
    const hc1 = issue(sampleVaccination())
    const trustStore = createTrustStore([ec.dsc])
    assert.throws(() => verifyHc1(hc1.slice(4), { trustStore, at }), { code: 'HC1_PREFIX' })
    assert.ok(verifyHc1(hc1.slice(4), { trustStore, at, requirePrefix: false }))
    assert.throws(() => verifyHc1(`HC2:${hc1.slice(4)}`, { trustStore, at, requirePrefix: false }), {
      code: 'HC1_PREFIX',
    })
    assert.throws(() => verifyHc1(`HL0:${hc1.slice(4)}`, { trustStore, at }), { code: 'HC1_PREFIX' })
  })

  it('reports an unknown kid', () => {
    assert.throws(() => verifyHc1(issue(sampleVaccination()), { trustStore: new Map(), at }), { code: 'KID_UNKNOWN' })
  })

  it('turns every random mutation of a valid HC1 text into a typed error (or the same certificate)', () => {
    const hc1 = issue(sampleVaccination())
    const trustStore = createTrustStore([ec.dsc])
    const original = verifyHc1(hc1, { trustStore, at }).cwt
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:a=é\u0000'
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('replace'), index: fc.nat(hc1.length - 1), char: fc.constantFrom(...alphabet) }),
      fc.record({ kind: fc.constant('delete'), index: fc.nat(hc1.length - 1), count: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ kind: fc.constant('insert'), index: fc.nat(hc1.length), char: fc.constantFrom(...alphabet) }),
      fc.record({ kind: fc.constant('truncate'), index: fc.nat(hc1.length) }),
    )
    const counts = new Map<string, number>()
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let text = hc1
        for (const e of edits) {
          if (e.kind === 'replace') text = text.slice(0, e.index) + e.char + text.slice(e.index + 1)
          else if (e.kind === 'delete') text = text.slice(0, e.index) + text.slice(e.index + e.count)
          else if (e.kind === 'insert') text = text.slice(0, e.index) + e.char + text.slice(e.index)
          else text = text.slice(0, e.index)
        }
        try {
          assert.deepEqual(verifyHc1(text, { trustStore, at }).cwt, original)
        } catch (error) {
          assert.ok(error instanceof HcertError, `not a typed error: ${String(error)}`)
          counts.set(error.code, (counts.get(error.code) ?? 0) + 1)
        }
      }),
      { numRuns: 3000 },
    )
    // The mutations reach several stages, not just the first one.
    assert.ok(counts.size >= 3, JSON.stringify([...counts]))
  })

  it('turns mutations of the compressed bytes into typed errors too (past the Base45 and zlib checks)', () => {
    const cose = Buffer.from(inflate(decodeBase45(issue(sampleVaccination()).slice(4))))
    const trustStore = createTrustStore([ec.dsc])
    fc.assert(
      fc.property(fc.nat(cose.length - 1), fc.integer({ min: 0, max: 255 }), (index, value) => {
        const mutated = Buffer.from(cose)
        mutated[index] = value
        try {
          verifyHc1(`HC1:${encode(mutated)}`, { trustStore, at })
        } catch (error) {
          assert.ok(error instanceof HcertError, `not a typed error: ${String(error)}`)
        }
      }),
      { numRuns: 2000 },
    )
  })
})

const encode = (cose: Uint8Array) => encodeBase45(deflate(cose))
