import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { deflateRawSync, deflateSync, constants as zlibConstants } from 'node:zlib'
import fc from 'fast-check'
import { deflate, HcertError, inflate, MAX_INFLATED_BYTES } from '../src/index.ts'

describe('zlib', () => {
  it('inflates what it deflates, with the 78 DA header issuers use', () => {
    const data = new TextEncoder().encode('a certificate, '.repeat(20))
    const compressed = deflate(data)
    assert.deepEqual([...compressed.subarray(0, 2)], [0x78, 0xda])
    assert.deepEqual(inflate(compressed), data)
  })

  it('accepts the default-level 78 9C header too', () => {
    const compressed = deflateSync(Buffer.from('hello'), { level: 6 })
    assert.equal(compressed[1], 0x9c)
    assert.equal(Buffer.from(inflate(compressed)).toString(), 'hello')
  })

  it('refuses a stream without a zlib header: raw COSE (corpus Z2) and raw deflate', () => {
    assert.throws(() => inflate(Uint8Array.of(0xd2, 0x84, 0x4d, 0xa2)), { code: 'ZLIB' })
    assert.throws(() => inflate(deflateRawSync(Buffer.from('hello'))), { code: 'ZLIB' })
    assert.throws(() => inflate(new Uint8Array(0)), { code: 'ZLIB' })
  })

  it('refuses garbage after a good header (corpus Z1) and a bad checksum', () => {
    assert.throws(() => inflate(Uint8Array.of(0x78, 0xda, 0x35, 0x87, 0x01, 0x02)), { code: 'ZLIB' })
    const good = Buffer.from(deflate(Buffer.from('hello world')))
    good[good.length - 1] = (good.at(-1) as number) ^ 0xff
    assert.throws(() => inflate(good), { code: 'ZLIB' })
  })

  it('inflates an empty stream to nothing', () => {
    assert.equal(inflate(deflateSync(Buffer.alloc(0))).length, 0)
  })

  it('stops a zip bomb at the cap instead of filling memory', () => {
    const bomb = deflateSync(Buffer.alloc(1024 * 1024))
    assert.ok(bomb.length < 2_000)
    assert.throws(() => inflate(bomb), { code: 'ZLIB_TOO_LARGE' })
    assert.throws(() => inflate(deflateSync(Buffer.alloc(50 * 1024 * 1024))), { code: 'ZLIB_TOO_LARGE' })
    assert.throws(() => inflate(deflateSync(Buffer.alloc(MAX_INFLATED_BYTES + 1))), { code: 'ZLIB_TOO_LARGE' })
    assert.equal(inflate(deflateSync(Buffer.alloc(MAX_INFLATED_BYTES))).length, MAX_INFLATED_BYTES)
  })
})

describe('inflate against node:zlib', () => {
  const strategies = [
    zlibConstants.Z_DEFAULT_STRATEGY,
    zlibConstants.Z_FILTERED,
    zlibConstants.Z_HUFFMAN_ONLY,
    zlibConstants.Z_RLE,
    zlibConstants.Z_FIXED,
  ]
  // Text-like data compresses into dynamic blocks with long codes; random bytes into stored blocks.
  const data = fc.oneof(
    fc.uint8Array({ maxLength: 3000 }),
    fc.string({ maxLength: 3000 }).map((s) => new TextEncoder().encode(s)),
    fc
      .array(fc.constantFrom('Rossi', 'Mario', ' ', '2021-06-01', 'EU/1/20/1528', '\u00e8', 'x'), { maxLength: 600 })
      .map((words) => new TextEncoder().encode(words.join(''))),
  )

  it('inflates whatever node:zlib deflates, at every level and strategy', () => {
    fc.assert(
      fc.property(data, fc.integer({ min: 0, max: 9 }), fc.constantFrom(...strategies), (bytes, level, strategy) => {
        const compressed = deflateSync(bytes, { level, strategy })
        assert.deepEqual(Buffer.from(inflate(compressed)), Buffer.from(bytes))
      }),
      { numRuns: 400 },
    )
  })

  it('turns any corruption of a stream into a ZLIB error (or the same bytes), never anything else', () => {
    const original = new TextEncoder().encode('Ministero della Salute, Comirnaty EU/1/20/1528 '.repeat(12))
    const compressed = deflateSync(original)
    fc.assert(
      fc.property(fc.nat(compressed.length - 1), fc.integer({ min: 0, max: 255 }), (index, value) => {
        const mutated = Buffer.from(compressed)
        mutated[index] = value
        try {
          assert.deepEqual(Buffer.from(inflate(mutated)), Buffer.from(original))
        } catch (error) {
          assert.ok(error instanceof HcertError && error.code.startsWith('ZLIB'), String(error))
        }
      }),
      { numRuns: 3000 },
    )
  })

  it('refuses bytes after the checksum and a truncated stream', () => {
    const compressed = deflateSync(Buffer.from('hello hello hello'))
    assert.throws(() => inflate(Buffer.concat([compressed, Buffer.of(0)])), { code: 'ZLIB' })
    for (let cut = 2; cut < compressed.length; cut++) {
      assert.throws(
        () => inflate(compressed.subarray(0, cut)),
        (e) => e instanceof HcertError && e.code === 'ZLIB',
      )
    }
  })

  it('stops exactly at the cap, stored blocks included', () => {
    for (const level of [0, 9]) {
      const bytes = Buffer.alloc(1000, 7)
      assert.equal(inflate(deflateSync(bytes, { level }), 1000).length, 1000)
      assert.throws(() => inflate(deflateSync(bytes, { level }), 999), { code: 'ZLIB_TOO_LARGE' })
    }
  })
})
