import { DrlError } from './errors.ts'

/** Bytes in one DRL entry: a SHA-256 digest. */
export const DRL_HASH_BYTES = 32

/** Length of an entry as the protocol writes it: base64 of 32 bytes, padded. */
export const DRL_HASH_BASE64_LENGTH = 44

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const SEXTET = new Int8Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) SEXTET[ALPHABET.charCodeAt(i)] = i

function sextet(code: number): number {
  return code < 128 ? (SEXTET[code] as number) : -1
}

/**
 * Decodes a 44-character base64 entry into `out` at `offset` (32 bytes). Returns false for anything else: a wrong
 * length, a missing `=`, a character outside the standard alphabet (base64url is not the protocol's).
 *
 * Hand-written rather than `Buffer.from(text, 'base64')`: that one silently skips bad characters and allocates, and
 * this runs once per lookup and once per downloaded entry (10 million of them in a full sync).
 *
 * @example decodeDrlHashInto('M00Bb3Vc1txYxTqG4YOIL47BT1L7BTRYh8il7dQsh7c=', bytes, 0) // true
 */
export function decodeDrlHashInto(text: string, out: Uint8Array, offset: number): boolean {
  if (text.length !== DRL_HASH_BASE64_LENGTH || text.charCodeAt(43) !== 61) return false
  let o = offset
  for (let i = 0; i < 40; i += 4) {
    const a = sextet(text.charCodeAt(i))
    const b = sextet(text.charCodeAt(i + 1))
    const c = sextet(text.charCodeAt(i + 2))
    const d = sextet(text.charCodeAt(i + 3))
    if ((a | b | c | d) < 0) return false
    const v = (a << 18) | (b << 12) | (c << 6) | d
    out[o++] = v >>> 16
    out[o++] = (v >>> 8) & 255
    out[o++] = v & 255
  }
  const a = sextet(text.charCodeAt(40))
  const b = sextet(text.charCodeAt(41))
  const c = sextet(text.charCodeAt(42))
  if ((a | b | c) < 0) return false
  // The last character carries 2 padding bits; a non-zero value there is a sloppy but unambiguous encoding of the
  // same 32 bytes, so it is accepted rather than failing a whole downloaded chunk over it.
  const v = (a << 18) | (b << 12) | (c << 6)
  out[o++] = v >>> 16
  out[o] = (v >>> 8) & 255
  return true
}

/**
 * The raw 32-byte records of a list of base64 entries, one after the other (the form the store and its files use).
 * Anything that is not an entry is a `DRL_HASH` error naming its position.
 *
 * @example drlHashesToBytes(chunk.revokedUcvi).length // 32 × entries
 */
export function drlHashesToBytes(hashes: readonly unknown[]): Uint8Array {
  const bytes = new Uint8Array(hashes.length * DRL_HASH_BYTES)
  for (const [i, hash] of hashes.entries()) {
    if (typeof hash !== 'string' || !decodeDrlHashInto(hash, bytes, i * DRL_HASH_BYTES)) {
      throw new DrlError('DRL_HASH', `Entry ${i} is not a base64 SHA-256: ${JSON.stringify(hash)?.slice(0, 60)}`)
    }
  }
  return bytes
}

/** Base64 of one 32-byte record at `offset`. */
export function encodeDrlHash(bytes: Uint8Array, offset = 0): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + offset, DRL_HASH_BYTES).toString('base64')
}
