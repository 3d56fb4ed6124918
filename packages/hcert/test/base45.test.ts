import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { decodeBase45, encodeBase45, HcertError } from '../src/index.ts'

const text = (s: string) => new TextEncoder().encode(s)

describe('base45 (RFC 9285)', () => {
  // The RFC's own examples (§4.3, §4.4).
  const vectors: [string, string][] = [
    ['AB', 'BB8'],
    ['Hello!!', '%69 VD92EX0'],
    ['base-45', 'UJCLQE7W581'],
    ['ietf!', 'QED8WEX0'],
    ['', ''],
  ]
  for (const [plain, encoded] of vectors) {
    it(`encodes ${JSON.stringify(plain)} as ${JSON.stringify(encoded)} and back`, () => {
      assert.equal(encodeBase45(text(plain)), encoded)
      assert.deepEqual(decodeBase45(encoded), text(plain))
    })
  }

  it('refuses characters past the ASCII table, from U+0080 on', () => {
    for (const text of ['\u0080AA', 'A\u0080A', 'AA\u0080', '\u00ffA', '\u20acAA'])
      assert.throws(() => decodeBase45(text), { code: 'BASE45' }, JSON.stringify(text))
  })

  it('keeps spaces: a space is a character of the alphabet', () => {
    assert.deepEqual(decodeBase45('%69 VD92EX0'), text('Hello!!'))
    assert.throws(() => decodeBase45('%69VD92EX0'), { code: 'BASE45' })
  })

  const refused: [string, string][] = [
    ['a character outside the alphabet (corpus B1)', 'BB='],
    ['lower case', 'bb8'],
    ['a three-character group above 65535', 'GGW'],
    ['a two-character final group above 255', 'ZZ'],
    ['a length of 1 (mod 3)', 'BB8B'],
    ['non-ASCII', 'BBé'],
  ]
  for (const [what, input] of refused) {
    it(`refuses ${what}`, () => {
      assert.throws(
        () => decodeBase45(input),
        (error) => error instanceof HcertError && error.code === 'BASE45',
      )
    })
  }

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        assert.deepEqual(decodeBase45(encodeBase45(bytes)), bytes)
      }),
    )
  })

  it('decodes any string to bytes or a BASE45 error, nothing else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (input) => {
        try {
          decodeBase45(input)
        } catch (error) {
          assert.ok(error instanceof HcertError && error.code === 'BASE45')
        }
      }),
    )
  })
})
