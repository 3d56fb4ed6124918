import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  CODE_ALPHABET,
  codeLookupHash,
  codeLookupHashFromSha256,
  CodeType,
  constantTimeEqual,
  generateCode,
  isCodeOfType,
  isDomainError,
  maskName,
  sha256Hex,
  standardiseName,
} from '../../src/domain/index.ts'
import { seededRandom } from './helpers.ts'

describe('citizen codes', () => {
  it('generates each type in its format', () => {
    const random = seededRandom(3)
    for (let i = 0; i < 50; i++) {
      assert.match(generateCode('AUTHCODE', random), /^[A-HJ-NP-Z2-9]{10}$/)
      assert.match(generateCode('NUCG', random), /^[A-HJ-NP-Z2-9]{10}$/)
      assert.match(generateCode('CUN', random), /^CUN-[A-HJ-NP-Z2-9]{10}$/)
      assert.match(generateCode('NRFE', random), /^[0-9]{17}$/)
    }
    assert.equal(CODE_ALPHABET.length, 32)
    assert.doesNotMatch(CODE_ALPHABET, /[IO01]/)
  })

  it('is deterministic in the random source', () => {
    assert.equal(generateCode('AUTHCODE', seededRandom(9)), generateCode('AUTHCODE', seededRandom(9)))
    assert.notEqual(generateCode('AUTHCODE', seededRandom(9)), generateCode('AUTHCODE', seededRandom(10)))
  })

  it('maps bytes to the alphabet and skips bytes ≥ 250 for digits', () => {
    assert.equal(
      generateCode('AUTHCODE', (n) => new Uint8Array(n).fill(31)),
      '9'.repeat(10),
    )
    let calls = 0
    const skewed = (n: number) => (calls++ === 0 ? new Uint8Array(n).fill(255) : new Uint8Array(n).fill(13))
    assert.equal(generateCode('NRFE', skewed), '3'.repeat(17))
    assert.throws(
      () => generateCode('NRFE', (n) => new Uint8Array(n).fill(250)),
      (e) => isDomainError(e, 'RANDOM_INVALID'),
    )
    assert.throws(
      () => generateCode('CUN', () => new Uint8Array(3)),
      (e) => isDomainError(e, 'RANDOM_INVALID'),
    )
  })

  it('checks formats, tolerating case and spaces', () => {
    assert.equal(isCodeOfType(' cun-abcdefghjk ', CodeType.CUN), true)
    assert.equal(isCodeOfType('CUN-ABCDEFGHJ1', CodeType.CUN), false)
    assert.equal(isCodeOfType('1234567890123456', CodeType.NRFE), false)
  })

  it('finds the same row from the code and from its SHA-256 (either case)', () => {
    const code = 'CUN-7KQ2MZXH4A'
    const stored = codeLookupHash(code, 'pepper')
    assert.equal(codeLookupHash(' cun-7kq2mzxh4a', 'pepper'), stored)
    assert.equal(codeLookupHashFromSha256(sha256Hex(code), 'pepper'), stored)
    assert.equal(codeLookupHashFromSha256(sha256Hex(code).toUpperCase(), 'pepper'), stored)
    assert.notEqual(codeLookupHash(code, 'other pepper'), stored)
    assert.notEqual(stored, sha256Hex(code))
    assert.throws(
      () => codeLookupHashFromSha256('xyz', 'pepper'),
      (e) => isDomainError(e, 'CODE_INVALID'),
    )
  })

  it('compares in constant time, unequal lengths unequal', () => {
    assert.equal(constantTimeEqual('abc', 'abc'), true)
    assert.equal(constantTimeEqual('abc', 'abd'), false)
    assert.equal(constantTimeEqual('abc', 'abcd'), false)
  })
})

describe('masked name', () => {
  it('masks as the SMS does', () => {
    assert.equal(maskName('Maria', 'Rossi'), 'MA* R*')
    assert.equal(maskName('anna maria', "d'Alessio"), 'AN* D*')
    assert.equal(maskName('Élodie', 'Dupont'), 'ÉL* D*')
    assert.equal(maskName('A', 'Li'), 'A* L*')
    assert.equal(maskName('', 'Rossi'), 'R*')
    assert.equal(maskName('', ''), '*')
  })
})

describe('standardised name', () => {
  it('follows ICAO 9303', () => {
    assert.equal(standardiseName("D'Alessio Bianchi"), 'DALESSIO<BIANCHI')
    assert.equal(standardiseName('Müller-Lüdenscheidt'), 'MUELLER<LUEDENSCHEIDT')
    assert.equal(standardiseName('Niccolò  Gößinger'), 'NICCOLO<GOESSINGER')
  })
})
