import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { euRevocationHashes } from '@greenpass/rules'
import {
  chunkPrefix,
  decodeSlice,
  distributionChunks,
  distributionMode,
  encodeSlice,
  EuRevocationLists,
  RevocationHashSet,
  UNKNOWN_KID,
} from '../src/index.ts'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')
const records = (hashes: readonly Uint8Array[]) => new Uint8Array(Buffer.concat(hashes))
const hashOf = (text: string) => new Uint8Array(createHash('sha256').update(text).digest().subarray(0, 16))

describe('RevocationHashSet', () => {
  test('membership equals a Set of hex strings, whatever the order and with duplicates', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 16, maxLength: 16 }), { maxLength: 300 }),
        fc.array(fc.uint8Array({ minLength: 16, maxLength: 16 }), { maxLength: 50 }),
        (members, others) => {
          const withDuplicates = [...members, ...members.slice(0, 10)]
          const set = RevocationHashSet.fromRecords(records(withDuplicates))
          const reference = new Set(members.map(hex))
          assert.equal(set.size, reference.size)
          for (const hash of [...members, ...others]) assert.equal(set.has(hash), reference.has(hex(hash)))
          // The records come back sorted, each once.
          const back = Buffer.from(set.records())
          const sortedHex = [...reference].sort()
          assert.deepEqual(
            Array.from({ length: back.length / 16 }, (_, i) => back.subarray(i * 16, i * 16 + 16).toString('hex')),
            sortedHex,
          )
        },
      ),
    )
  })

  test('hashes sharing their first words are told apart; a hash at an offset', () => {
    const a = new Uint8Array(16).fill(7)
    const b = a.slice()
    b[15] = 8
    const set = RevocationHashSet.fromRecords(records([b]))
    assert.equal(set.has(a), false)
    assert.equal(set.has(b), true)
    assert.equal(set.has(new Uint8Array([0, 0, ...b]), 2), true)
  })

  test('the extremes: all-zero and all-one hashes, the empty set', () => {
    const zero = new Uint8Array(16)
    const ones = new Uint8Array(16).fill(255)
    const set = RevocationHashSet.fromRecords(records([ones, zero]))
    assert.equal(set.has(zero) && set.has(ones), true)
    assert.equal(RevocationHashSet.empty().has(zero), false)
  })

  test('records with a hex prefix: the contiguous range a partition or chunk covers', () => {
    const hashes = Array.from({ length: 2000 }, () => new Uint8Array(randomBytes(16)))
    const set = RevocationHashSet.fromRecords(records(hashes))
    for (const prefix of ['', 'a', '0f', 'ff', '3c7']) {
      const expected = hashes
        .map(hex)
        .filter((h) => h.startsWith(prefix))
        .sort()
      const got = Buffer.from(set.recordsWithPrefix(prefix))
      assert.deepEqual(
        Array.from({ length: got.length / 16 }, (_, i) => got.subarray(i * 16, i * 16 + 16).toString('hex')),
        expected,
      )
    }
    assert.throws(() => set.recordsWithPrefix('G'), RangeError)
  })

  test('a partial record is refused', () => {
    assert.throws(() => RevocationHashSet.fromRecords(new Uint8Array(17)), RangeError)
  })
})

describe('EuRevocationLists', () => {
  const signature = new Uint8Array(64).fill(3)
  const certificate = euRevocationHashes({ uvci: 'URN:UVCI:01:DE:ABC#1', country: 'DE', signature, alg: -7 })
  const list = (kid: string, hashTypes: ('UCI' | 'SIGNATURE' | 'COUNTRYCODEUCI')[], hashes: Uint8Array[]) => ({
    kid,
    hashTypes,
    hashes: RevocationHashSet.fromRecords(records(hashes)),
  })

  test('revoked under its DSC’s kid, by any hash type the list uses', () => {
    for (const type of ['UCI', 'SIGNATURE', 'COUNTRYCODEUCI'] as const) {
      const lists = new EuRevocationLists([list('a2lkMQ==', [type], [certificate[type] as Uint8Array])])
      assert.equal(lists.isRevoked('a2lkMQ==', certificate), true, type)
    }
  })

  test('not revoked under another kid, nor by a hash of a type the list does not use', () => {
    const lists = new EuRevocationLists([list('a2lkMQ==', ['SIGNATURE'], [certificate.UCI as Uint8Array])])
    assert.equal(lists.isRevoked('a2lkMQ==', certificate), false)
    assert.equal(lists.isRevoked('b3RoZXI=', certificate), false)
    assert.equal(lists.isRevoked(null, certificate), false)
  })

  test('batches with an unknown kid apply to every DSC', () => {
    const lists = new EuRevocationLists([list(UNKNOWN_KID, ['UCI'], [certificate.UCI as Uint8Array, hashOf('x')])])
    assert.equal(lists.isRevoked('b3RoZXI=', certificate), true)
    assert.equal(lists.isRevoked(null, certificate), true)
    assert.equal(lists.size, 2)
  })
})

describe('distribution layout (§5.2)', () => {
  test('modes by count; chunks cover the sorted records by hex prefix, in order', () => {
    assert.deepEqual(
      [distributionMode(100_000), distributionMode(100_001), distributionMode(1_600_000), distributionMode(1_600_001)],
      ['POINT', 'VECTOR', 'VECTOR', 'COORDINATE'],
    )
    const sorted = RevocationHashSet.fromRecords(new Uint8Array(randomBytes(1_700_000 * 16))).records()
    const chunks = distributionChunks(sorted)
    assert.equal(chunks.length, 4096)
    assert.deepEqual(
      [chunks[0]?.partition, chunks[0]?.chunk, chunks.at(-1)?.partition, chunks.at(-1)?.chunk],
      ['00', '0', 'ff', 'f'],
    )
    assert.equal(
      chunks.reduce((sum, chunk) => sum + chunk.records.length, 0),
      sorted.length,
    )
    assert.equal(chunkPrefix('ab', 'c'), 'abc')
    assert.equal(chunkPrefix('null', '1'), '')
    assert.equal(chunkPrefix('../', 'x'), undefined)
  })

  test('a VARHASHLIST slice round-trips; prefixes shorter than 16 bytes and bad lengths are refused', () => {
    const hashes = new Uint8Array(randomBytes(48))
    const slice = encodeSlice(hashes)
    assert.deepEqual(decodeSlice(slice), hashes)
    const short = Buffer.from(slice)
    short.writeInt8(8, 10)
    assert.equal(decodeSlice(short), undefined)
    assert.equal(decodeSlice(slice.subarray(0, slice.length - 1)), undefined)
  })
})
