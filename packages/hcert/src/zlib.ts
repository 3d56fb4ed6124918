import { deflateSync, inflateSync } from 'node:zlib'
import { HcertError } from './errors.ts'

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

/**
 * Inflates a zlib stream. A missing or invalid zlib header (raw COSE, raw deflate, garbage) or a corrupt stream is a
 * `ZLIB` error; output beyond `maxBytes` is `ZLIB_TOO_LARGE`.
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
  try {
    return asUint8Array(inflateSync(bytes, { maxOutputLength: maxBytes }))
  } catch (cause) {
    if ((cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new HcertError('ZLIB_TOO_LARGE', `zlib stream inflates beyond ${maxBytes} bytes`, { cause })
    }
    throw new HcertError('ZLIB', `Corrupt zlib stream: ${(cause as Error).message}`, { cause })
  }
}

/** A plain view of a Buffer, so the library hands out one byte type whatever Node returns. */
function asUint8Array(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}
