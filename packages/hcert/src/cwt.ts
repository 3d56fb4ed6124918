import { type CborEncodable, type CborMap, CborTag, type CborValue, decodeCbor, encodeCbor } from './cbor.ts'
import type { Dcc } from './dcc.ts'
import { HcertError } from './errors.ts'

/** The claims of a health-certificate CWT (hcert spec §2). Times are NumericDates: seconds since the epoch. */
export interface Cwt {
  readonly iss: string | undefined
  readonly iat: number | undefined
  readonly exp: number | undefined
  /** `hcert[1]`, the DCC payload, as plain JSON (CBOR maps become objects, tag-0 date-times their text). */
  readonly dcc: Dcc
}

const ISS = 1
const EXP = 4
const IAT = 6
const HCERT = -260
const EU_DCC_V1 = 1

/**
 * Parses a CWT payload. `hcert` (-260) must be a map holding exactly `{1: DCC}`, and the DCC a map; `iat` and `exp`
 * are read from integers, floats (some issuers emit them), tag-1 epoch dates and tag-0 date-time text.
 */
export function parseCwt(payload: Uint8Array): Cwt {
  const claims = decodeCbor(payload, { normalizeText: 'NFC' })
  if (!(claims instanceof Map)) throw new HcertError('CWT', 'CWT claims are not a map')
  const hcert = claims.get(HCERT)
  if (!(hcert instanceof Map)) throw new HcertError('CWT', 'CWT has no hcert (-260) claim map')
  if (hcert.size !== 1 || !hcert.has(EU_DCC_V1)) throw new HcertError('CWT', 'hcert claim must hold exactly {1: DCC}')
  const dcc = cborToJson(hcert.get(EU_DCC_V1))
  if (typeof dcc !== 'object' || dcc === null || Array.isArray(dcc))
    throw new HcertError('CWT', 'DCC payload is not a map')
  const iss = claims.get(ISS)
  if (iss !== undefined && typeof iss !== 'string') throw new HcertError('CWT', 'CWT iss is not a text string')
  return { iss, iat: numericDate(claims, IAT, 'iat'), exp: numericDate(claims, EXP, 'exp'), dcc: dcc as Dcc }
}

// The NumericDates a JavaScript Date can hold (±8.64e15 ms): beyond them, or NaN and ±Infinity, a date means nothing.
const MAX_NUMERIC_DATE = 8.64e12

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Math.abs(value) <= MAX_NUMERIC_DATE
}

function numericDate(claims: CborMap, key: number, name: string): number | undefined {
  const value = claims.get(key)
  if (value === undefined) return undefined
  if (isNumericDate(value)) return value
  if (value instanceof CborTag && value.tag === 1 && isNumericDate(value.value)) return value.value
  if (value instanceof CborTag && value.tag === 0 && typeof value.value === 'string') {
    const ms = Date.parse(value.value)
    if (!Number.isNaN(ms)) return ms / 1000
  }
  throw new HcertError('CWT', `CWT ${name} is not a NumericDate`)
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

/**
 * CBOR → JSON as the DCC needs it: maps become objects (integer keys as their decimal text), tag 0 date-time text is
 * unwrapped as the schema FAQ asks, tag 1 epoch dates become RFC 3339 text.
 */
export function cborToJson(value: CborValue): Json {
  // Text first: most of a DCC is text, and the checks below cost more than this one.
  if (typeof value === 'string') return value
  if (value instanceof Map) {
    const out: { [key: string]: Json } = {}
    value.forEach((item, key) => {
      // A DCC is text-keyed; a stray integer key is kept as its decimal text so nothing is silently dropped.
      // `__proto__` from the wire must become data, never this object's prototype.
      if (key === '__proto__')
        Object.defineProperty(out, key, {
          value: cborToJson(item),
          enumerable: true,
          writable: true,
          configurable: true,
        })
      else out[String(key)] = cborToJson(item)
    })
    return out
  }
  if (Array.isArray(value)) return value.map(cborToJson)
  if (value instanceof CborTag) {
    if (value.tag === 0 && typeof value.value === 'string') return value.value
    if (value.tag === 1 && typeof value.value === 'number') {
      if (!isNumericDate(value.value)) throw new HcertError('CWT', `Tag-1 date ${value.value} is not a NumericDate`)
      return new Date(value.value * 1000).toISOString()
    }
    return cborToJson(value.value)
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  if (typeof value === 'bigint') return Number(value)
  if (value === undefined) return null
  return value
}

/** Claims for a new certificate. NumericDates are whole seconds, as issuers must emit them. */
export interface CwtClaims {
  readonly iss: string
  readonly iat: number
  readonly exp: number
  readonly dcc: Dcc
}

/** Encodes CWT claims in the order `1 iss, 4 exp, 6 iat, -260 hcert`, integers only, definite-length maps. */
export function encodeCwt(claims: CwtClaims): Uint8Array {
  if (!Number.isSafeInteger(claims.iat) || !Number.isSafeInteger(claims.exp)) {
    throw new HcertError('CWT', 'iat and exp must be whole seconds')
  }
  return encodeCbor(
    new Map<number, CborEncodable>([
      [ISS, claims.iss],
      [EXP, claims.exp],
      [IAT, claims.iat],
      [HCERT, new Map([[EU_DCC_V1, claims.dcc as unknown as CborEncodable]])],
    ]),
  )
}
