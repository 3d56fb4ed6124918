import { HcertError } from './errors.ts'

/**
 * The CBOR subset a certificate uses (RFC 8949), decoded strictly and within bounds, and encoded in preferred form
 * (shortest heads, definite lengths) so that the bytes an issuer signs are canonical and reproducible.
 *
 * Our own small codec rather than a general library: a certificate is a few hundred bytes, every byte of it is
 * attacker-controlled on the verifier side, and the signed bytes must never depend on a library's encoding choices.
 */
export type CborValue =
  number | bigint | string | boolean | null | undefined | Uint8Array | CborValue[] | CborMap | CborTag

export type CborMap = Map<CborValue, CborValue>

/** A tagged item (`tag(value)`); tag 0 date-times and tag 1 epoch dates are kept as tags for the caller to read. */
export class CborTag {
  readonly tag: number
  readonly value: CborValue
  constructor(tag: number, value: CborValue) {
    this.tag = tag
    this.value = value
  }
}

/** Deepest nesting of arrays, maps and tags accepted: a certificate needs about 8, hostile input gets an error. */
export const MAX_CBOR_DEPTH = 32

const utf8 = new TextDecoder('utf-8', { fatal: true })
const BREAK = Symbol('break')

/** Decodes exactly one CBOR item filling `bytes`; anything malformed, truncated, trailing or too deep is a `CBOR` error. */
export interface DecodeCborOptions {
  readonly maxDepth?: number
  /** Normalise non-ASCII text to this Unicode form (DCC names arrive decomposed from some issuers). */
  readonly normalizeText?: 'NFC'
}

export function decodeCbor(bytes: Uint8Array, options: DecodeCborOptions = {}): CborValue {
  const reader = new Reader(bytes, options.maxDepth ?? MAX_CBOR_DEPTH, options.normalizeText)
  const value = reader.item(0)
  if (value === BREAK) throw new HcertError('CBOR', 'Unexpected CBOR break code')
  if (reader.offset !== bytes.length) {
    throw new HcertError('CBOR', `${bytes.length - reader.offset} trailing bytes after the CBOR item`)
  }
  return value
}

/** Buffer's native slicer (what `toString('latin1')` calls after its argument checks); untyped in @types/node. */
type Latin1Slicing = Buffer & { latin1Slice(start: number, end: number): string }

class Reader {
  offset = 0
  readonly bytes: Buffer
  readonly view: DataView
  readonly maxDepth: number
  readonly normalizeText: 'NFC' | undefined

  constructor(bytes: Uint8Array, maxDepth: number, normalizeText: 'NFC' | undefined) {
    // A Buffer view (no copy) for its native latin1 slicing of ASCII text.
    this.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.maxDepth = maxDepth
    this.normalizeText = normalizeText
  }

  need(n: number): void {
    if (this.offset + n > this.bytes.length) throw new HcertError('CBOR', 'CBOR data ends inside an item')
  }

  /** Reads the argument of a head; returns -1 for the indefinite-length marker. */
  argument(info: number): number | bigint {
    if (info < 24) return info
    const at = this.offset
    switch (info) {
      case 24:
        this.need(1)
        this.offset += 1
        return this.view.getUint8(at)
      case 25:
        this.need(2)
        this.offset += 2
        return this.view.getUint16(at)
      case 26:
        this.need(4)
        this.offset += 4
        return this.view.getUint32(at)
      case 27: {
        this.need(8)
        this.offset += 8
        const big = this.view.getBigUint64(at)
        return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big
      }
      case 31:
        return -1
      default:
        throw new HcertError('CBOR', `Reserved CBOR additional information ${info}`)
    }
  }

  length(info: number): number {
    const n = this.argument(info)
    if (typeof n === 'bigint' || n > this.bytes.length) throw new HcertError('CBOR', 'CBOR length beyond the input')
    return n
  }

  item(depth: number): CborValue | typeof BREAK {
    if (depth > this.maxDepth) throw new HcertError('CBOR', `CBOR nesting deeper than ${this.maxDepth}`)
    this.need(1)
    const head = this.bytes[this.offset++] as number
    const major = head >> 5
    const info = head & 0x1f
    switch (major) {
      case 0: {
        const n = this.argument(info)
        if (n === -1) throw new HcertError('CBOR', 'Indefinite-length integer')
        return n
      }
      case 1: {
        const n = this.argument(info)
        if (n === -1) throw new HcertError('CBOR', 'Indefinite-length integer')
        return typeof n === 'bigint' ? -1n - n : -1 - n
      }
      case 2:
      case 3: {
        if (info === 31) return this.chunkedString(major, depth)
        const n = this.length(info)
        this.need(n)
        const start = this.offset
        this.offset += n
        // Byte strings are plain views (never Buffers, whatever the input was) so callers always get one type.
        if (major === 2) return new Uint8Array(this.bytes.buffer, this.bytes.byteOffset + start, n)
        return this.text(start, this.offset)
      }
      case 4: {
        const out: CborValue[] = []
        if (info === 31) {
          for (let v = this.item(depth + 1); v !== BREAK; v = this.item(depth + 1)) out.push(v)
          return out
        }
        const n = this.length(info)
        for (let i = 0; i < n; i++) out.push(this.defined(depth + 1))
        return out
      }
      case 5: {
        const out: CborMap = new Map()
        const indefinite = info === 31
        const n = indefinite ? Number.POSITIVE_INFINITY : this.length(info)
        for (let i = 0; i < n; i++) {
          const key = this.item(depth + 1)
          if (key === BREAK) {
            if (indefinite) return out
            throw new HcertError('CBOR', 'Unexpected CBOR break code')
          }
          if (typeof key === 'object' && key !== null) throw new HcertError('CBOR', 'CBOR map key is not a scalar')
          // A duplicate shows as a set that does not grow: one hash lookup instead of two.
          const size = out.size
          out.set(key, this.defined(depth + 1))
          if (out.size === size) throw new HcertError('CBOR', `Duplicate CBOR map key ${String(key)}`)
        }
        return out
      }
      case 6: {
        const tag = this.argument(info)
        if (tag === -1 || typeof tag === 'bigint') throw new HcertError('CBOR', 'Invalid CBOR tag')
        return new CborTag(tag, this.defined(depth + 1))
      }
      default:
        return this.simple(info)
    }
  }

  defined(depth: number): CborValue {
    const value = this.item(depth)
    if (value === BREAK) throw new HcertError('CBOR', 'Unexpected CBOR break code')
    return value
  }

  chunkedString(major: number, depth: number): CborValue {
    const chunks: Uint8Array[] = []
    for (;;) {
      this.need(1)
      const head = this.bytes[this.offset] as number
      if (head === 0xff) {
        this.offset++
        break
      }
      if (head >> 5 !== major || (head & 0x1f) === 31) throw new HcertError('CBOR', 'Bad chunk in indefinite string')
      chunks.push(this.item(depth + 1) as Uint8Array)
    }
    if (major === 3) return (chunks as unknown as string[]).join('')
    return new Uint8Array(Buffer.concat(chunks))
  }

  text(start: number, end: number): string {
    const bytes = this.bytes
    let ascii = true
    for (let i = start; i < end; i++) {
      if ((bytes[i] as number) > 0x7f) {
        ascii = false
        break
      }
    }
    // Certificates are mostly ASCII, which is valid UTF-8 and already in every normal form.
    if (ascii) return (bytes as Latin1Slicing).latin1Slice(start, end)
    let text: string
    try {
      text = utf8.decode(bytes.subarray(start, end))
    } catch (cause) {
      throw new HcertError('CBOR', 'CBOR text string is not valid UTF-8', { cause })
    }
    return this.normalizeText ? text.normalize(this.normalizeText) : text
  }

  simple(info: number): CborValue | typeof BREAK {
    switch (info) {
      case 20:
        return false
      case 21:
        return true
      case 22:
        return null
      case 23:
        return undefined
      case 25: {
        this.need(2)
        const v = halfToNumber(this.view.getUint16(this.offset))
        this.offset += 2
        return v
      }
      case 26: {
        this.need(4)
        const v = this.view.getFloat32(this.offset)
        this.offset += 4
        return v
      }
      case 27: {
        this.need(8)
        const v = this.view.getFloat64(this.offset)
        this.offset += 8
        return v
      }
      case 31:
        return BREAK
      default:
        throw new HcertError('CBOR', `Unsupported CBOR simple value ${info}`)
    }
  }
}

function halfToNumber(half: number): number {
  const exponent = (half >> 10) & 0x1f
  const mantissa = half & 0x3ff
  const sign = half & 0x8000 ? -1 : 1
  if (exponent === 0) return sign * mantissa * 2 ** -24
  if (exponent === 31) return mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY
  return sign * (mantissa + 1024) * 2 ** (exponent - 25)
}

/** A value the encoder accepts: CBOR values plus plain JSON objects (encoded as text-keyed maps, in key order). */
export type CborEncodable =
  | CborValue
  | readonly CborEncodable[]
  | ReadonlyMap<CborEncodable, CborEncodable>
  | { readonly [key: string]: CborEncodable }

const utf8Encoder = new TextEncoder()

/**
 * Encodes in preferred serialisation: shortest argument, definite lengths, integers as integers, other numbers as
 * float64. Map order is the caller's insertion order (CWT and DCC maps have no order rule).
 */
export function encodeCbor(value: CborEncodable): Uint8Array {
  const writer = new Writer()
  writer.write(value)
  return writer.finish()
}

class Writer {
  buffer = Buffer.allocUnsafe(512)
  view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.length)
  offset = 0

  ensure(n: number): void {
    if (this.offset + n <= this.buffer.length) return
    const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.offset + n))
    next.set(this.buffer)
    this.buffer = next
    this.view = new DataView(next.buffer, next.byteOffset, next.length)
  }

  head(major: number, n: number | bigint): void {
    this.ensure(9)
    const m = major << 5
    if (typeof n === 'bigint' || n > 0xffffffff) {
      this.buffer[this.offset++] = m | 27
      this.view.setBigUint64(this.offset, BigInt(n))
      this.offset += 8
    } else if (n < 24) {
      this.buffer[this.offset++] = m | n
    } else if (n < 0x100) {
      this.buffer[this.offset++] = m | 24
      this.buffer[this.offset++] = n
    } else if (n < 0x10000) {
      this.buffer[this.offset++] = m | 25
      this.view.setUint16(this.offset, n)
      this.offset += 2
    } else {
      this.buffer[this.offset++] = m | 26
      this.view.setUint32(this.offset, n)
      this.offset += 4
    }
  }

  bytes(major: number, data: Uint8Array): void {
    this.head(major, data.length)
    this.ensure(data.length)
    this.buffer.set(data, this.offset)
    this.offset += data.length
  }

  /** A text string. Most DCC text is ASCII: that is written in place, without the array TextEncoder makes per call. */
  text(value: string): void {
    const length = value.length
    for (let i = 0; i < length; i++) {
      if (value.charCodeAt(i) > 0x7f) {
        this.bytes(3, utf8Encoder.encode(value))
        return
      }
    }
    this.head(3, length)
    this.ensure(length)
    for (let i = 0; i < length; i++) this.buffer[this.offset++] = value.charCodeAt(i)
  }

  write(value: CborEncodable): void {
    if (typeof value === 'number') {
      // -0 is an integer to JavaScript but not to CBOR: it stays a float so that it round-trips.
      if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
        if (value >= 0) this.head(0, value)
        else this.head(1, -1 - value)
      } else {
        this.ensure(9)
        this.buffer[this.offset++] = 0xfb
        this.view.setFloat64(this.offset, value)
        this.offset += 8
      }
    } else if (typeof value === 'string') {
      this.text(value)
    } else if (typeof value === 'bigint') {
      if (value >= 0n) this.head(0, value)
      else this.head(1, -1n - value)
    } else if (value === false || value === true || value === null || value === undefined) {
      this.ensure(1)
      this.buffer[this.offset++] = value === false ? 0xf4 : value === true ? 0xf5 : value === null ? 0xf6 : 0xf7
    } else if (value instanceof Uint8Array) {
      this.bytes(2, value)
    } else if (Array.isArray(value)) {
      this.head(4, value.length)
      for (const item of value as readonly CborEncodable[]) this.write(item)
    } else if (value instanceof Map) {
      this.head(5, value.size)
      for (const [k, v] of value) {
        this.write(k)
        this.write(v)
      }
    } else if (value instanceof CborTag) {
      this.head(6, value.tag)
      this.write(value.value)
    } else {
      const entries = Object.entries(value as { readonly [key: string]: CborEncodable }).filter(
        ([, v]) => v !== undefined,
      )
      this.head(5, entries.length)
      for (const [k, v] of entries) {
        this.bytes(3, utf8Encoder.encode(k))
        this.write(v)
      }
    }
  }

  finish(): Uint8Array {
    const out = Buffer.from(this.buffer.subarray(0, this.offset))
    return new Uint8Array(out.buffer, out.byteOffset, out.length)
  }
}
