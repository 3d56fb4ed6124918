import { deflateSync } from 'node:zlib'
import { HcertError } from './errors.ts'
import { inflateRaw } from './inflate-raw.ts'

/**
 * The largest inflated COSE message accepted. A version-40 QR code holds at most 4,296 alphanumeric characters,
 * i.e. about 2.9 kB of compressed data; no honest certificate inflates beyond a few kilobytes, so 64 KiB rejects a
 * zip bomb long before it costs memory while leaving room for raw (non-QR) transports.
 */
export const MAX_INFLATED_BYTES = 64 * 1024

/** zlib-compresses (RFC 1950) at the best level, header `78 DA`, as issuers do. */
export function deflate(bytes: Uint8Array): Uint8Array {
  return asUint8Array(deflateSync(bytes, { level: 9 }))
}

// One output window for every call of the default size: allocating 64 KiB per certificate would cost more than
// inflating it. Safe because inflation is synchronous (each worker thread has its own module instance).
let window: Uint8Array | undefined

/**
 * Inflates a zlib stream. A missing or invalid zlib header (raw COSE, raw deflate, garbage), a corrupt stream, bytes
 * after it or a wrong Adler-32 checksum is a `ZLIB` error; output beyond `maxBytes` is `ZLIB_TOO_LARGE`, raised
 * as soon as the cap is reached.
 */
export function inflate(bytes: Uint8Array, maxBytes: number = MAX_INFLATED_BYTES): Uint8Array {
  // RFC 1950 header: CM = 8 (deflate), CINFO ≤ 7, FCHECK makes the 16-bit header a multiple of 31, no preset dictionary.
  const cmf = bytes[0]
  const flg = bytes[1]
  if (
    cmf === undefined ||
    flg === undefined ||
    (cmf & 0x0f) !== 8 ||
    cmf >> 4 > 7 ||
    (cmf * 256 + flg) % 31 !== 0 ||
    flg & 0x20
  ) {
    throw new HcertError('ZLIB', 'Not a zlib stream (RFC 1950 header missing or invalid)')
  }
  window ??= new Uint8Array(MAX_INFLATED_BYTES)
  const out = maxBytes === MAX_INFLATED_BYTES ? window : new Uint8Array(maxBytes)
  const { length, end } = inflateRaw(bytes.subarray(2), out)
  if (end + 2 + 4 !== bytes.length) {
    throw new HcertError('ZLIB', `zlib stream has ${bytes.length - end - 2} bytes after its data, not 4 (Adler-32)`)
  }
  const trailer = end + 2
  const expected =
    (bytes[trailer] as number) * 2 ** 24 +
    ((bytes[trailer + 1] as number) << 16) +
    (((bytes[trailer + 2] as number) << 8) | (bytes[trailer + 3] as number))
  const inflated = out.subarray(0, length)
  if (adler32(inflated) !== expected) throw new HcertError('ZLIB', 'zlib Adler-32 checksum mismatch')
  // Copied out of the shared window into Buffer's pool.
  return asUint8Array(Buffer.from(inflated))
}

/** RFC 1950 §8.2; sums are reduced every 5,552 bytes, the most that cannot overflow 32 bits. */
function adler32(data: Uint8Array): number {
  let a = 1
  let b = 0
  for (let i = 0; i < data.length;) {
    const end = Math.min(i + 5552, data.length)
    for (; i < end; i++) {
      a += data[i] as number
      b += a
    }
    a %= 65521
    b %= 65521
  }
  return b * 65536 + a
}

/** A plain view of a Buffer, so the library hands out one byte type whatever Node returns. */
function asUint8Array(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}
