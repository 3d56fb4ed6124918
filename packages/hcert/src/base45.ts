import { HcertError } from './errors.ts'

/** RFC 9285 alphabet: the QR alphanumeric character set, in QR order. */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'

const VALUE_OF = new Int8Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) VALUE_OF[ALPHABET.charCodeAt(i)] = i

/**
 * Base45-encodes bytes (RFC 9285): two bytes become three characters, a final byte two.
 *
 * @example encodeBase45(new TextEncoder().encode('AB')) // 'BB8'
 */
export function encodeBase45(bytes: Uint8Array): string {
  const chars: string[] = []
  const pairs = bytes.length - (bytes.length % 2)
  for (let i = 0; i < pairs; i += 2) {
    const n = (bytes[i] as number) * 256 + (bytes[i + 1] as number)
    chars.push(
      ALPHABET[n % 45] as string,
      ALPHABET[Math.floor(n / 45) % 45] as string,
      ALPHABET[Math.floor(n / 2025)] as string,
    )
  }
  if (pairs < bytes.length) {
    const n = bytes[pairs] as number
    chars.push(ALPHABET[n % 45] as string, ALPHABET[Math.floor(n / 45)] as string)
  }
  return chars.join('')
}

/**
 * Decodes Base45 strictly: a character outside the alphabet, a three-character group above 65535, a two-character
 * group above 255 or a length of 1 (mod 3) is a `BASE45` error. Spaces belong to the alphabet and are kept.
 *
 * @example decodeBase45('BB8') // Uint8Array [0x41, 0x42]
 */
export function decodeBase45(text: string): Uint8Array {
  if (text.length % 3 === 1) throw new HcertError('BASE45', `Base45 length ${text.length} leaves a single character`)
  const length = Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0)
  // From Buffer's pool: a fresh ArrayBuffer per certificate costs more than decoding it.
  const pooled = Buffer.allocUnsafe(length)
  const out = new Uint8Array(pooled.buffer, pooled.byteOffset, length)
  let o = 0
  for (let i = 0; i < text.length; i += 3) {
    const c = valueAt(text, i)
    const d = valueAt(text, i + 1)
    if (i + 2 < text.length) {
      const n = c + d * 45 + valueAt(text, i + 2) * 2025
      if (n > 0xffff) throw new HcertError('BASE45', `Base45 group at ${i} encodes ${n}, above 65535`)
      out[o++] = n >> 8
      out[o++] = n & 0xff
    } else {
      const n = c + d * 45
      if (n > 0xff) throw new HcertError('BASE45', `Base45 final group encodes ${n}, above 255`)
      out[o++] = n
    }
  }
  return out
}

function valueAt(text: string, index: number): number {
  const code = text.charCodeAt(index)
  // Past the table (code 128 and up) the typed array gives undefined: not Base45 either.
  const value = VALUE_OF[code] ?? -1
  if (value < 0) throw new HcertError('BASE45', `Character ${JSON.stringify(text[index])} at ${index} is not Base45`)
  return value
}
