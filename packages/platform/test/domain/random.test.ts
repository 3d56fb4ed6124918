import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DomainError, pooledRandomSource, type RandomSource } from '../../src/domain/index.ts'

/** A source that counts its calls and hands out consecutive byte values. */
function countingSource(): { source: RandomSource; calls: () => number } {
  let calls = 0
  let next = 0
  return {
    source: (n) => {
      calls++
      return Uint8Array.from({ length: n }, () => next++ & 0xff)
    },
    calls: () => calls,
  }
}

describe('pooledRandomSource', () => {
  it('hands out every byte of the source once, in order, drawing a block at a time', () => {
    const { source, calls } = countingSource()
    const random = pooledRandomSource(source, 64)
    const pieces = [random(10), random(16), random(30), random(10), random(16)]
    assert.deepEqual(
      pieces.map((p) => p.length),
      [10, 16, 30, 10, 16],
    )
    // 56 bytes fit the first block; the fourth piece starts a second one (the 8 left over are skipped, never reused).
    assert.equal(calls(), 2)
    assert.deepEqual([...pieces[3]!], [64, 65, 66, 67, 68, 69, 70, 71, 72, 73])
  })

  it('gives copies: changing a piece changes neither the pool nor later pieces', () => {
    const random = pooledRandomSource(countingSource().source, 64)
    const a = random(8)
    a.fill(0)
    assert.deepEqual([...random(8)], [8, 9, 10, 11, 12, 13, 14, 15])
  })

  it('asks the source directly for more than a block, and checks what a broken source returns', () => {
    const { source, calls } = countingSource()
    assert.equal(pooledRandomSource(source, 16)(40).length, 40)
    assert.equal(calls(), 1)
    const broken = pooledRandomSource(() => new Uint8Array(3), 16)
    assert.throws(
      () => broken(4),
      (error: unknown) => error instanceof DomainError && error.code === 'RANDOM_INVALID',
    )
  })
})
