import assert from 'node:assert/strict'
import { generateKeyPairSync, sign } from 'node:crypto'
import { before, describe, it } from 'node:test'
import {
  CborTag,
  createTrustStore,
  decodeCbor,
  ES256,
  encodeCbor,
  findSigner,
  HcertError,
  PS256,
  parseCoseSign1,
  signCoseSign1,
  sigStructure,
  verifyCoseSignature,
} from '../src/index.ts'
import { type TestSigner, testSigner } from './support/keys.ts'

const payload = encodeCbor(new Map([[1, 'IT']]))

/** Builds a COSE_Sign1 by hand, to produce the header layouts other issuers emit. */
function handMade(
  signer: TestSigner,
  protectedHeader: Map<number, unknown>,
  unprotected: Map<number, unknown>,
  wrap: (array: unknown[]) => unknown = (a) => new CborTag(18, a as never),
): Uint8Array {
  const protectedBytes = protectedHeader.size ? encodeCbor(protectedHeader as never) : new Uint8Array(0)
  const signature = sign('sha256', sigStructure(protectedBytes, payload), {
    key: signer.privateKey,
    dsaEncoding: 'ieee-p1363',
  })
  return encodeCbor(wrap([protectedBytes, unprotected, payload, signature]) as never)
}

describe('COSE_Sign1', () => {
  let ec: TestSigner
  let rsa: TestSigner
  before(async () => {
    ec = await testSigner({})
    rsa = await testSigner({ kind: 'rsa' })
  })

  it('signs ES256 as tag 18 with alg and kid protected and a raw 64-byte r‖s signature', () => {
    const bytes = signCoseSign1(payload, { alg: ES256, privateKey: ec.privateKey, kid: ec.dsc.kid })
    const outer = decodeCbor(bytes)
    assert.ok(outer instanceof CborTag && outer.tag === 18)
    const message = parseCoseSign1(bytes)
    assert.deepEqual(
      message.protectedHeader,
      new Map<number, unknown>([
        [1, -7],
        [4, ec.dsc.kid],
      ]),
    )
    assert.equal(message.unprotectedHeader.size, 0)
    assert.equal(message.signature.length, 64)
    assert.deepEqual(message.payload, payload)
    assert.equal(verifyCoseSignature(message, ec.dsc.publicKey), true)
  })

  it('signs and verifies PS256 (RSA-PSS, SHA-256, salt 32) with a 256-byte signature', () => {
    const message = parseCoseSign1(signCoseSign1(payload, { alg: PS256, privateKey: rsa.privateKey, kid: rsa.dsc.kid }))
    assert.equal(message.alg, -37)
    assert.equal(message.signature.length, 256)
    assert.equal(verifyCoseSignature(message, rsa.dsc.publicKey), true)
    assert.equal(verifyCoseSignature(message, generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey), false)
  })

  it('accepts untagged and double-tagged 61(18(…)) messages', () => {
    const header = new Map<number, unknown>([
      [1, ES256],
      [4, ec.dsc.kid],
    ])
    for (const wrap of [(a: unknown[]) => a, (a: unknown[]) => new CborTag(61, new CborTag(18, a as never))]) {
      const message = parseCoseSign1(handMade(ec, header, new Map(), wrap))
      assert.equal(verifyCoseSignature(message, ec.dsc.publicKey), true)
    }
  })

  it('refuses other tags and other shapes with a COSE error', () => {
    const bad = [new CborTag(98, []), [1, 2, 3], 'text', [new Uint8Array(0), new Map(), null, new Uint8Array(0)]]
    for (const value of bad) assert.throws(() => parseCoseSign1(encodeCbor(value as never)), { code: 'COSE' })
  })

  it('reads alg and kid from the unprotected header when the protected one is empty (corpus CO20)', () => {
    const message = parseCoseSign1(
      handMade(
        ec,
        new Map(),
        new Map<number, unknown>([
          [1, ES256],
          [4, ec.dsc.kid],
        ]),
      ),
    )
    assert.equal(message.protectedBytes.length, 0)
    assert.equal(findSigner(message, createTrustStore([ec.dsc])), ec.dsc)
  })

  it('uses the protected kid when both are present, with no fallback (corpus CO21, CO22)', () => {
    const wrongKid = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8])
    const store = createTrustStore([ec.dsc])
    const good = parseCoseSign1(
      handMade(
        ec,
        new Map<number, unknown>([
          [1, ES256],
          [4, ec.dsc.kid],
        ]),
        new Map([[4, wrongKid]]),
      ),
    )
    assert.equal(findSigner(good, store), ec.dsc)
    const bad = parseCoseSign1(
      handMade(
        ec,
        new Map<number, unknown>([
          [1, ES256],
          [4, wrongKid],
        ]),
        new Map([[4, ec.dsc.kid]]),
      ),
    )
    assert.throws(() => findSigner(bad, store), { code: 'KID_UNKNOWN' })
  })

  it('refuses a kid that is not 8 bytes (checklist CO25, CO26) or missing', () => {
    const store = createTrustStore([ec.dsc])
    for (const kid of [new TextEncoder().encode('foo'), new Uint8Array(9)]) {
      const message = parseCoseSign1(
        handMade(
          ec,
          new Map<number, unknown>([
            [1, ES256],
            [4, kid],
          ]),
          new Map(),
        ),
      )
      assert.throws(() => findSigner(message, store), { code: 'KID' })
    }
    const noKid = parseCoseSign1(handMade(ec, new Map([[1, ES256]]), new Map()))
    assert.throws(() => findSigner(noKid, store), { code: 'KID' })
  })

  it('accepts a kid of another length when the trust list serves it so (anyKidLength)', () => {
    const key1 = new TextEncoder().encode('Key1')
    const dsc = { ...ec.dsc, kid: key1, kidBase64: 'S2V5MQ==' }
    const message = parseCoseSign1(
      handMade(
        ec,
        new Map<number, unknown>([
          [1, ES256],
          [4, key1],
        ]),
        new Map(),
      ),
    )
    assert.throws(() => findSigner(message, createTrustStore([dsc])), { code: 'KID' })
    assert.equal(findSigner(message, createTrustStore([dsc]), true), dsc)
  })

  it('refuses algorithms other than ES256 and PS256, and an algorithm that does not fit the key (CO4, CO27)', () => {
    const eddsa = parseCoseSign1(
      handMade(
        ec,
        new Map<number, unknown>([
          [1, -8],
          [4, ec.dsc.kid],
        ]),
        new Map(),
      ),
    )
    assert.throws(() => verifyCoseSignature(eddsa, ec.dsc.publicKey), { code: 'COSE_ALG' })
    const es = parseCoseSign1(signCoseSign1(payload, { alg: ES256, privateKey: ec.privateKey, kid: ec.dsc.kid }))
    assert.throws(() => verifyCoseSignature(es, rsa.dsc.publicKey), { code: 'COSE_ALG' })
    const noAlg = parseCoseSign1(handMade(ec, new Map([[4, ec.dsc.kid]]), new Map()))
    assert.throws(() => verifyCoseSignature(noAlg, ec.dsc.publicKey), { code: 'COSE_ALG' })
    assert.throws(() => signCoseSign1(payload, { alg: PS256, privateKey: ec.privateKey, kid: ec.dsc.kid }), {
      code: 'COSE_ALG',
    })
  })

  it('turns signatures of the wrong size into a failed check, not a crash (CO5, CO24)', () => {
    const good = parseCoseSign1(signCoseSign1(payload, { alg: ES256, privateKey: ec.privateKey, kid: ec.dsc.kid }))
    for (const signature of [new Uint8Array(3), new Uint8Array(72).fill(0x30), new Uint8Array(0)]) {
      assert.equal(verifyCoseSignature({ ...good, signature }, ec.dsc.publicKey), false)
    }
    assert.throws(
      () => findSigner({ ...good, signature: new Uint8Array(3) }, createTrustStore([ec.dsc])),
      (e) => e instanceof HcertError && e.code === 'SIGNATURE',
    )
  })

  it('tries every DSC that shares the kid (8 bytes can collide)', () => {
    const message = parseCoseSign1(signCoseSign1(payload, { alg: ES256, privateKey: ec.privateKey, kid: ec.dsc.kid }))
    const impostor = { ...rsa.dsc, kid: ec.dsc.kid, kidBase64: ec.dsc.kidBase64 }
    const other = { ...ec.dsc, publicKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey }
    const store = new Map([[ec.dsc.kidBase64, [impostor, other, ec.dsc]]])
    assert.equal(findSigner(message, store), ec.dsc)
    assert.throws(() => findSigner(message, new Map([[ec.dsc.kidBase64, [other]]])), { code: 'SIGNATURE' })
  })
})
