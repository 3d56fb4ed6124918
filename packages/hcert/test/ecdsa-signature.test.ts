import assert from 'node:assert/strict'
import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { derToRawSignature, rawToDerSignature } from '../src/cose/ecdsa-signature.ts'

describe('ECDSA signature encodings (raw r‖s ⇄ DER)', () => {
  for (const [curve, size] of [
    ['P-256', 32],
    ['P-384', 48],
    ['P-521', 66],
  ] as const) {
    it(`agrees with OpenSSL both ways on ${curve}`, () => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve })
      for (let i = 0; i < 50; i++) {
        const message = randomBytes(64)
        const der = sign('sha256', message, privateKey)
        const raw = derToRawSignature(der, size)
        assert.ok(raw, 'OpenSSL DER converts')
        assert.equal(raw.length, 2 * size)
        assert.ok(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw))
        const p1363 = sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' })
        assert.ok(verify('sha256', message, publicKey, rawToDerSignature(p1363)))
      }
    })
  }

  it('round-trips any r and s, leading zeros and high bits included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.nat(4), (raw, zeros) => {
        raw.fill(0, 0, zeros * 8) // runs of leading zero bytes in r
        assert.deepEqual(derToRawSignature(rawToDerSignature(raw), 32), raw)
      }),
    )
  })

  it('writes minimal DER integers (positive, no redundant zero byte)', () => {
    const raw = new Uint8Array(64)
    raw[31] = 0x01 // r = 1
    raw[32] = 0x80 // s has its high bit set
    assert.deepEqual([...rawToDerSignature(raw).subarray(0, 7)], [0x30, 3 + 35, 0x02, 0x01, 0x01, 0x02, 0x21])
  })

  it('refuses DER that is not SEQUENCE { INTEGER, INTEGER } of the size', () => {
    const good = rawToDerSignature(new Uint8Array(64).fill(0x11))
    assert.ok(derToRawSignature(good, 32))
    assert.equal(derToRawSignature(good, 16), undefined, 'integers too long for the curve')
    assert.equal(derToRawSignature(Uint8Array.of(0x31, ...good.subarray(1)), 32), undefined, 'not a SEQUENCE')
    assert.equal(derToRawSignature(good.subarray(0, good.length - 1), 32), undefined, 'truncated')
    assert.equal(derToRawSignature(Uint8Array.of(...good, 0), 32), undefined, 'trailing byte')
    assert.equal(derToRawSignature(new Uint8Array(0), 32), undefined, 'empty')
  })
})
