import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { CborTag, decodeCbor, encodeCbor, HcertError } from '../src/index.ts'

const hex = (s: string) => Buffer.from(s.replaceAll(' ', ''), 'hex')
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex')

describe('CBOR decoding (RFC 8949 Appendix A vectors)', () => {
  const vectors: [string, unknown][] = [
    ['00', 0],
    ['17', 23],
    ['1818', 24],
    ['190100', 256],
    ['1a000f4240', 1000000],
    ['1b000000e8d4a51000', 1000000000000],
    ['1bffffffffffffffff', 18446744073709551615n],
    ['20', -1],
    ['3903e7', -1000],
    ['f90000', 0],
    ['f93c00', 1],
    ['f97bff', 65504],
    ['f90001', 2 ** -24],
    ['fa47c35000', 100000],
    ['fb3ff199999999999a', 1.1],
    ['f4', false],
    ['f5', true],
    ['f6', null],
    ['f7', undefined],
    ['40', new Uint8Array(0)],
    ['4401020304', Uint8Array.of(1, 2, 3, 4)],
    ['6449455446', 'IETF'],
    ['62c3bc', 'ü'],
    ['83010203', [1, 2, 3]],
    ['9f018202039f0405ffff', [1, [2, 3], [4, 5]]],
    ['7f657374726561646d696e67ff', 'streaming'],
  ]
  for (const [input, expected] of vectors) {
    it(`decodes ${input}`, () => assert.deepEqual(decodeCbor(hex(input)), expected))
  }

  it('decodes definite and indefinite-length maps to the same Map', () => {
    const definite = decodeCbor(hex('a201020304'))
    const indefinite = decodeCbor(hex('bf01020304ff'))
    assert.deepEqual(
      definite,
      new Map([
        [1, 2],
        [3, 4],
      ]),
    )
    assert.deepEqual(indefinite, definite)
  })

  it('keeps tags as CborTag, nested tags included', () => {
    const value = decodeCbor(hex('d83dd28440a0f6f6'))
    assert.ok(value instanceof CborTag && value.tag === 61)
    assert.ok(value.value instanceof CborTag && value.value.tag === 18)
    assert.deepEqual(
      decodeCbor(hex('c074323031332d30332d32315432303a30343a30305a')),
      new CborTag(0, '2013-03-21T20:04:00Z'),
    )
  })

  const malformed: [string, string][] = [
    ['empty input', ''],
    ['a truncated array (corpus CBO1-like)', '8401'],
    ['trailing bytes', '0000'],
    ['a lone break (corpus CBO1 starts ff ff)', 'ffff'],
    ['a reserved additional information', '1c'],
    ['an indefinite integer', '1f'],
    ['a length beyond the input', '5affffffff00'],
    ['invalid UTF-8 text', '62c328'],
    ['a duplicate map key', 'a201020103'],
    ['a map key that is a map', 'a1a0 01'],
    ['a break inside a definite array', '82 01 ff'],
    ['a bad chunk in an indefinite string', '7f 41 00 ff'],
    ['an unsupported simple value', 'f8 20'],
  ]
  for (const [what, input] of malformed) {
    it(`refuses ${what} with a CBOR error`, () => {
      assert.throws(
        () => decodeCbor(hex(input)),
        (e) => e instanceof HcertError && e.code === 'CBOR',
      )
    })
  }

  it('bounds nesting: 10,000 nested arrays are an error, not a stack overflow', () => {
    const deep = new Uint8Array(10_000).fill(0x81)
    assert.throws(() => decodeCbor(Buffer.concat([deep, Uint8Array.of(0)])), { code: 'CBOR' })
    assert.throws(() => decodeCbor(new Uint8Array(100).fill(0xc1)), { code: 'CBOR' })
  })

  it('never throws anything but an HcertError for random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decodeCbor(bytes)
        } catch (error) {
          assert.ok(error instanceof HcertError && error.code === 'CBOR', String(error))
        }
      }),
      { numRuns: 5000 },
    )
  })
})

describe('CBOR encoding (preferred serialisation)', () => {
  it('uses the shortest heads and definite lengths', () => {
    assert.equal(toHex(encodeCbor(23)), '17')
    assert.equal(toHex(encodeCbor(24)), '1818')
    assert.equal(toHex(encodeCbor(-1000)), '3903e7')
    assert.equal(toHex(encodeCbor(1700000000)), '1a6553f100')
    assert.equal(toHex(encodeCbor(1.5)), 'fb3ff8000000000000')
    assert.equal(toHex(encodeCbor(-0)), 'fb8000000000000000')
    assert.equal(toHex(encodeCbor({ a: 'x' })), 'a1616161 78'.replaceAll(' ', ''))
    assert.equal(toHex(encodeCbor(new Map([[1, 'IT']]))), 'a101624954')
    assert.equal(toHex(encodeCbor(Uint8Array.of(1, 2))), '420102')
    assert.equal(toHex(encodeCbor(new CborTag(18, [1]))), 'd28101')
    assert.equal(toHex(encodeCbor('x'.repeat(300))).slice(0, 6), '79012c')
  })

  it('drops undefined members of plain objects, as JSON does', () => {
    assert.equal(toHex(encodeCbor({ a: 1, b: undefined } as never)), 'a1616101')
  })

  it('round-trips JSON-like values', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.integer(),
        fc.double({ noNaN: true }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('value'), { maxKeys: 4, noNullPrototype: true }),
      ),
    })).value
    fc.assert(
      fc.property(json, (value) => {
        const decoded = decodeCbor(encodeCbor(value as never))
        assert.deepEqual(toPlain(decoded), value)
      }),
    )
  })
})

function toPlain(value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, toPlain(v)]))
  if (Array.isArray(value)) return value.map(toPlain)
  return value
}
