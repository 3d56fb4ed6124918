import assert from 'node:assert/strict'
import { hash, randomBytes } from 'node:crypto'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { DrlError, DrlStore, drlHashesToBytes, encodeDrlHash } from '../src/index.ts'
import { writeFileAtomic } from '../src/store/atomic-write.ts'
import { baseFileBlocks, readBaseFile } from '../src/store/drl-files.ts'

const HELLO = 'M00Bb3Vc1txYxTqG4YOIL47BT1L7BTRYh8il7dQsh7c=' // §9.1 test vector: SHA-256("Hello!")

/** A digest with chosen leading bytes: crafted keys hit the corners (equal first words, the end of the range, zero). */
function digest(prefix: number[], rest: Uint8Array = randomBytes(32)): string {
  const bytes = Buffer.from(rest)
  bytes.set(prefix, 0)
  return bytes.toString('base64')
}

function sortedAsBytes(hashes: Iterable<string>): string[] {
  return [...hashes]
    .map((h) => Buffer.from(h, 'base64'))
    .sort(Buffer.compare)
    .map((b) => b.toString('base64'))
}

describe('DrlStore', () => {
  it('holds the §9.1 test vector: base64(SHA-256("Hello!"))', () => {
    assert.equal(hash('sha256', 'Hello!', 'base64'), HELLO)
    const drl = new DrlStore()
    assert.equal(drl.has(HELLO), false)
    assert.equal(drl.add(HELLO), true)
    assert.equal(drl.has(HELLO), true)
    assert.equal(drl.hasDigest(hash('sha256', 'Hello!', 'buffer')), true)
    assert.equal(drl.size, 1)
  })

  it('has set semantics: a duplicate insertion and the deletion of an absent entry change nothing', () => {
    const drl = new DrlStore()
    const a = digest([1])
    const b = digest([2])
    assert.equal(drl.add(a), true)
    assert.equal(drl.add(a), false)
    assert.equal(drl.size, 1)
    assert.equal(drl.delete(b), false)
    assert.equal(drl.size, 1)
    assert.equal(drl.delete(a), true)
    assert.equal(drl.delete(a), false)
    assert.equal(drl.size, 0)
    assert.equal(drl.has(a), false)
  })

  it('keeps the all-zero digest apart from the empty-slot marker', () => {
    const zero = Buffer.alloc(32).toString('base64')
    const drl = new DrlStore()
    drl.add(digest([0, 0, 0, 0]))
    assert.equal(drl.has(zero), false)
    assert.equal(drl.add(zero), true)
    assert.equal(drl.has(zero), true)
    assert.equal(drl.size, 2)
    assert.equal([...drl.hashes()][0], zero)
    assert.equal(drl.delete(zero), true)
    assert.equal(drl.has(zero), false)
    assert.equal(drl.size, 1)
  })

  it('refuses what is not a 44-character base64 SHA-256, with DRL_HASH', () => {
    const drl = new DrlStore()
    const bad = [
      '',
      HELLO.slice(0, 43),
      `${HELLO}=`,
      HELLO.replace('M', '-'),
      HELLO.replace('M', '_'),
      HELLO.replace('=', 'A'),
      'é'.repeat(44),
    ]
    for (const input of bad) {
      assert.throws(
        () => drl.has(input),
        (error) => error instanceof DrlError && error.code === 'DRL_HASH',
        JSON.stringify(input),
      )
      assert.throws(() => drl.add(input), { code: 'DRL_HASH' })
    }
    assert.throws(() => drlHashesToBytes([HELLO, 42]), /Entry 1/)
    assert.throws(() => drl.hasDigest(new Uint8Array(31)), { code: 'DRL_HASH' })
  })

  it('behaves as a Set under any sequence of insertions and deletions, and lists its entries in byte order', () => {
    // A small pool with crafted prefixes makes collisions, long clusters, growth, shrinking and end-of-range spills
    // happen within a few hundred operations.
    const pool = [
      ...Array.from({ length: 60 }, () => digest([])),
      ...Array.from({ length: 30 }, () => digest([0xde, 0xad, 0xbe, 0xef])),
      ...Array.from({ length: 30 }, () => digest([0xff, 0xff, 0xff, 0xff])),
      ...Array.from({ length: 20 }, () => digest([0, 0, 0, 0])),
      Buffer.alloc(32).toString('base64'),
    ]
    const operation = fc.record({ kind: fc.constantFrom('add', 'delete', 'has'), index: fc.nat(pool.length - 1) })
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 600 }), (operations) => {
        const drl = new DrlStore()
        const model = new Set<string>()
        for (const { kind, index } of operations) {
          const h = pool[index] as string
          if (kind === 'add') {
            const fresh = !model.has(h)
            model.add(h)
            assert.equal(drl.add(h), fresh)
          } else if (kind === 'delete') assert.equal(drl.delete(h), model.delete(h))
          else assert.equal(drl.has(h), model.has(h))
          assert.equal(drl.size, model.size)
        }
        for (const h of pool) assert.equal(drl.has(h), model.has(h))
        assert.deepEqual([...drl.hashes()], sortedAsBytes(model))
      }),
      { numRuns: 150 },
    )
  })

  it('grows past its reservation and shrinks after mass deletion without losing an entry', () => {
    const drl = new DrlStore(10)
    const hashes = Array.from({ length: 20_000 }, () => randomBytes(32).toString('base64'))
    drl.addBytes(drlHashesToBytes(hashes))
    assert.equal(drl.size, hashes.length)
    const grown = drl.byteLength
    drl.deleteBytes(drlHashesToBytes(hashes.slice(1000)))
    assert.equal(drl.size, 1000)
    assert.ok(drl.byteLength < grown / 4, `${drl.byteLength} after shrinking, ${grown} before`)
    for (const [i, h] of hashes.entries()) assert.equal(drl.has(h), i < 1000)
  })

  it('sized for n entries, uses at most 40 bytes per entry', () => {
    const n = 50_000
    const drl = new DrlStore(n)
    drl.addBytes(randomBytes(n * 32))
    assert.ok(drl.byteLength / drl.size <= 40, `${drl.byteLength / drl.size} B/entry`)
  })

  it('clear() empties the set and gives the memory back', () => {
    const drl = new DrlStore(10_000)
    drl.addBytes(randomBytes(10_000 * 32))
    const big = drl.byteLength
    drl.clear()
    assert.equal(drl.size, 0)
    assert.ok(drl.byteLength < big / 10)
    assert.deepEqual([...drl.hashes()], [])
  })

  it('loads its sorted bytes back in order, and out-of-order records still go in', () => {
    const hashes = Array.from({ length: 5000 }, () => randomBytes(32).toString('base64'))
    const drl = new DrlStore()
    drl.addBytes(drlHashesToBytes(hashes))
    const copy = new DrlStore(drl.size)
    for (const block of drl.sortedBytes(333)) copy.addSortedBytes(block)
    assert.deepEqual([...copy.hashes()], [...drl.hashes()])
    const shuffled = new DrlStore()
    shuffled.addSortedBytes(drlHashesToBytes(hashes))
    assert.deepEqual([...shuffled.hashes()], [...drl.hashes()])
  })
})

describe('DRL base file', () => {
  it('round-trips through the binary file: 16-byte header, then exactly 32 bytes per entry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'greenpass-drl-'))
    try {
      const drl = new DrlStore()
      drl.addBytes(randomBytes(3000 * 32))
      drl.add(Buffer.alloc(32).toString('base64'))
      const path = join(dir, 'set.bin')
      await writeFileAtomic(path, baseFileBlocks(drl))
      const { size } = await stat(path)
      assert.equal(size, 16 + 32 * drl.size)
      const loaded = await readBaseFile(path, drl.size)
      assert.deepEqual([...loaded.hashes()], [...drl.hashes()])
      assert.equal(encodeDrlHash(new Uint8Array(32)), Buffer.alloc(32).toString('base64'))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('refuses a truncated file, a wrong count and duplicates with STORE_CORRUPT', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'greenpass-drl-'))
    try {
      const drl = new DrlStore()
      drl.addBytes(randomBytes(10 * 32))
      const bytes = Buffer.concat([...baseFileBlocks(drl)])
      const path = join(dir, 'set.bin')
      await writeFile(path, bytes.subarray(0, bytes.length - 1))
      await assert.rejects(readBaseFile(path, 10), { code: 'STORE_CORRUPT' })
      await writeFile(path, bytes)
      await assert.rejects(readBaseFile(path, 11), { code: 'STORE_CORRUPT' })
      const duplicated = Buffer.from(bytes)
      duplicated.copy(duplicated, 16 + 32, 16, 16 + 32)
      await writeFile(path, duplicated)
      await assert.rejects(readBaseFile(path, 10), { code: 'STORE_CORRUPT' })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
