import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { deflateRawSync, deflateSync } from 'node:zlib'
import { deflate, inflate, MAX_INFLATED_BYTES } from '../src/index.ts'

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
