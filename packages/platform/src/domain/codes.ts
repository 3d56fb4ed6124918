/**
 * The citizen codes: every certificate gets its own, sent by SMS and email, and typed (with the tessera sanitaria)
 * on the portal to fetch the certificate (issuance-and-io.md §4).
 *
 * | code     | certificate    | format                                                                   |
 * |----------|----------------|--------------------------------------------------------------------------|
 * | AUTHCODE | vaccination    | 10 characters of `ABCDEFGHJKLMNPQRSTUVWXYZ23456789` (format unpublished: ours) |
 * | CUN      | molecular test | `CUN-` + 10 characters of the same alphabet (the press says "10 alphanumerics") |
 * | NRFE     | antigen test   | 17 digits                                                                |
 * | NUCG     | recovery       | 10 characters of the same alphabet (format unpublished: ours)            |
 *
 * The alphabet leaves out `I O 0 1`, which people misread when copying from an SMS, and has 32 letters, so each
 * random byte gives one character without bias (byte mod 32). 10 characters carry 50 bits.
 *
 * Codes are stored hashed only: `codeLookupHash` = HMAC-SHA-256(pepper, SHA-256-hex(code)). The inner SHA-256 is
 * what lets the same row be found from the code typed on the portal and from the SHA-256 of the code that the IO
 * bridge forwards (`authCodeSHA256`, issuance-and-io.md §2.1); the outer HMAC is what makes a stolen table useless
 * (50 bits of code, or 17 digits, can be enumerated against a plain digest).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { DomainError } from './errors.ts'
import { sha256Hex } from './fiscal-code.ts'
import { type RandomSource, randomBytes } from './random.ts'

/** The four kinds of citizen code. */
export const CodeType = Object.freeze({
  AUTHCODE: 'AUTHCODE',
  CUN: 'CUN',
  NRFE: 'NRFE',
  NUCG: 'NUCG',
})

export type CodeType = (typeof CodeType)[keyof typeof CodeType]

/** The unambiguous alphabet of AUTHCODE, CUN and NUCG: A–Z and 2–9 without I and O (32 characters). */
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

const CODE_LENGTH = 10
const NRFE_DIGITS = 17
const CUN_PREFIX = 'CUN-'

const FORMATS: Readonly<Record<CodeType, RegExp>> = {
  AUTHCODE: /^[A-HJ-NP-Z2-9]{10}$/,
  CUN: /^CUN-[A-HJ-NP-Z2-9]{10}$/,
  NRFE: /^[0-9]{17}$/,
  NUCG: /^[A-HJ-NP-Z2-9]{10}$/,
}

/**
 * A new code of `type` from the injected random source.
 *
 * @example generateCode('CUN', random) // 'CUN-7KQ2MZXH4A'
 * @example generateCode('NRFE', random) // '04718822910365027'
 */
export function generateCode(type: CodeType, random: RandomSource): string {
  switch (type) {
    case CodeType.AUTHCODE:
    case CodeType.NUCG:
      return alphabetCode(random)
    case CodeType.CUN:
      return CUN_PREFIX + alphabetCode(random)
    case CodeType.NRFE:
      return digitCode(random)
  }
}

/**
 * The canonical form of a code as a citizen may type it (spaces around, lower case): trimmed and upper-cased.
 *
 * @example normalizeCode(' cun-7kq2mzxh4a ') // 'CUN-7KQ2MZXH4A'
 */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase()
}

/**
 * True when `code` (normalised) has the format of `type`.
 *
 * @example isCodeOfType('CUN-7KQ2MZXH4A', 'CUN') // true
 */
export function isCodeOfType(code: string, type: CodeType): boolean {
  return FORMATS[type].test(normalizeCode(code))
}

/**
 * The hash under which a code is stored and looked up: HMAC-SHA-256(pepper, SHA-256-hex(normalised code)), hex.
 *
 * @example codeLookupHash('CUN-7KQ2MZXH4A', pepper) === codeLookupHashFromSha256(sha256Hex('CUN-7KQ2MZXH4A'), pepper)
 */
export function codeLookupHash(code: string, pepper: string | Uint8Array): string {
  return codeLookupHashFromSha256(sha256Hex(normalizeCode(code)), pepper)
}

/**
 * The lookup hash from the SHA-256 (hex, either case) of the normalised code, as the IO bridge sends it; throws
 * `DomainError('CODE_INVALID')` unless it is 64 hex digits.
 *
 * @example codeLookupHashFromSha256(body.authCodeSHA256, pepper)
 */
export function codeLookupHashFromSha256(sha256hex: string, pepper: string | Uint8Array): string {
  if (!/^[0-9a-fA-F]{64}$/.test(sha256hex)) {
    throw new DomainError('CODE_INVALID', 'a code SHA-256 is 64 hexadecimal digits')
  }
  if (pepper.length === 0) throw new DomainError('PEPPER_INVALID', 'the pepper must not be empty')
  return createHmac('sha256', pepper).update(sha256hex.toLowerCase(), 'utf8').digest('hex')
}

/**
 * Compares two hashes (or any secrets) in time independent of where they differ, so a lookup endpoint does not leak
 * a matching prefix. Texts of different lengths are unequal (the length is not secret: every hash has 64 digits).
 *
 * @example constantTimeEqual(codeLookupHash(typed, pepper), stored.codeHash)
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  return left.length === right.length && timingSafeEqual(left, right)
}

function alphabetCode(random: RandomSource): string {
  // 32 = 2^5 characters: the low five bits of a byte choose one with no bias.
  return Array.from(randomBytes(random, CODE_LENGTH), (byte) => CODE_ALPHABET.charAt(byte & 31)).join('')
}

// Rejection sampling: bytes 250–255 are dropped so that each digit has probability exactly 1/10. A source that keeps
// returning them (broken) ends in RANDOM_INVALID instead of a loop.
function digitCode(random: RandomSource): string {
  let digits = ''
  for (let round = 0; round < 8 && digits.length < NRFE_DIGITS; round++) {
    for (const byte of randomBytes(random, NRFE_DIGITS)) {
      if (byte < 250 && digits.length < NRFE_DIGITS) digits += String(byte % 10)
    }
  }
  if (digits.length < NRFE_DIGITS) {
    throw new DomainError('RANDOM_INVALID', 'the random source gave too few usable bytes for an NRFE')
  }
  return digits
}
