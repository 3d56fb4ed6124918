/**
 * The Italian codice fiscale of a person (issuance-and-io.md §6.1): 16 characters, check character over the first
 * 15 with the official odd/even tables, omocodia substitutions accepted. And the two hashes under which a fiscal code
 * may leave the platform.
 *
 * Only the 16-character personal form is accepted: the 11-digit temporary codes identify no certificate holder here
 * (IO refuses them too).
 */
import { createHash, createHmac } from 'node:crypto'
import { DomainError, type Problem } from './errors.ts'

/** A codice fiscale whose shape, date and check character have been verified; upper case. */
export type FiscalCode = string & { readonly __fiscalCode: true }

// Positions 7, 8, 10, 11, 13, 14, 15 may hold a digit or its omocodia letter (L=0 … V=9).
const SHAPE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/
const OMOCODIA = 'LMNPQRSTUV'
const OMOCODIA_POSITIONS = [6, 7, 9, 10, 12, 13, 14]
// Values of 0–9 and A–Z at odd (1-based) positions; a digit and the letter of the same index share a value.
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]

/**
 * The check character of the first 15 characters of a codice fiscale (upper case, omocodia letters kept: the
 * check is computed on the code as written).
 *
 * @example fiscalCodeCheckCharacter('RSSMRA85T10A562') // 'S'
 */
export function fiscalCodeCheckCharacter(first15: string): string {
  let sum = 0
  for (let i = 0; i < 15; i++) {
    const character = first15.charAt(i)
    const index = /[0-9]/.test(character) ? Number(character) : character.charCodeAt(0) - 65
    // 1-based odd positions are 0-based even indices.
    sum += i % 2 === 0 ? (ODD[index] ?? 0) : index
  }
  return String.fromCharCode(65 + (sum % 26))
}

/**
 * Every fault of `input` as a codice fiscale (empty when valid): `FISCAL_CODE_TYPE`, `FISCAL_CODE_LENGTH`,
 * `FISCAL_CODE_SHAPE`, `FISCAL_CODE_DAY`, `FISCAL_CODE_CHECK_CHARACTER`. Input is trimmed and upper-cased first.
 * `path` prefixes the problems' paths (the field the code came from).
 *
 * @example fiscalCodeProblems('RSSMRA85T10A562X')[0]?.code // 'FISCAL_CODE_CHECK_CHARACTER'
 */
export function fiscalCodeProblems(input: unknown, path = ''): Problem[] {
  if (typeof input !== 'string') {
    return [{ path, code: 'FISCAL_CODE_TYPE', message: 'the fiscal code must be a string' }]
  }
  const code = input.trim().toUpperCase()
  if (code.length !== 16) {
    return [{ path, code: 'FISCAL_CODE_LENGTH', message: `a fiscal code has 16 characters, not ${code.length}` }]
  }
  if (!SHAPE.test(code)) {
    return [{ path, code: 'FISCAL_CODE_SHAPE', message: 'the fiscal code does not have the shape AAAAAA00A00A000A' }]
  }
  // Day 1–31 for men, 41–71 for women (omocodia letters decoded first).
  const day = Number(decodeOmocodia(code).slice(9, 11))
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) {
    return [{ path, code: 'FISCAL_CODE_DAY', message: `the fiscal code's day ${day} is neither 1–31 nor 41–71` }]
  }
  const expected = fiscalCodeCheckCharacter(code)
  if (code.charAt(15) !== expected) {
    return [{ path, code: 'FISCAL_CODE_CHECK_CHARACTER', message: 'the fiscal code check character is wrong' }]
  }
  return []
}

/**
 * A valid codice fiscale, trimmed and upper-cased; `DomainError('FISCAL_CODE_INVALID')` (with the fault in
 * `problems`) otherwise.
 *
 * @example parseFiscalCode(' rssmra85t10a562s ') // 'RSSMRA85T10A562S'
 */
export function parseFiscalCode(input: unknown): FiscalCode {
  const problems = fiscalCodeProblems(input)
  if (problems.length > 0) {
    throw new DomainError('FISCAL_CODE_INVALID', problems[0]?.message ?? 'invalid fiscal code', { problems })
  }
  return (input as string).trim().toUpperCase() as FiscalCode
}

/**
 * True when `input` is a valid codice fiscale (after trimming and upper-casing).
 *
 * @example isFiscalCode('PRVPRV25A01H501B') // true
 */
export function isFiscalCode(input: unknown): boolean {
  return fiscalCodeProblems(input).length === 0
}

/**
 * The code with its omocodia letters turned back into digits, for reading the date and place (never for the check
 * character, which is computed on the code as written).
 *
 * @example decodeOmocodia('RSSMRA85T1LA562S') // 'RSSMRA85T10A562S'
 */
export function decodeOmocodia(code: string): string {
  const characters = code.split('')
  for (const position of OMOCODIA_POSITIONS) {
    const index = OMOCODIA.indexOf(characters[position] ?? '')
    if (index >= 0) characters[position] = String(index)
  }
  return characters.join('')
}

/**
 * The keyed hash under which a fiscal code leaves the platform (logs, analytics, other services): HMAC-SHA-256 with
 * the platform's secret `pepper`, lower-case hex. Keyed, because fiscal codes are few and structured enough that a
 * plain digest can be reversed by enumeration.
 *
 * @example hashFiscalCode(cf, pepper) // 64 hex digits, the same for the same (cf, pepper)
 */
export function hashFiscalCode(fiscalCode: FiscalCode, pepper: string | Uint8Array): string {
  if (pepper.length === 0) throw new DomainError('PEPPER_INVALID', 'the pepper must not be empty')
  return createHmac('sha256', pepper).update(fiscalCode, 'utf8').digest('hex')
}

/**
 * Plain SHA-256 of a text as lower-case hex. The IO bridge identifies a citizen by `sha256Hex` of the upper-case
 * fiscal code (`cfSHA256`, issuance-and-io.md §2.1), so the platform computes the same to match it.
 *
 * @example sha256Hex('RSSMRA85T10A562S') // 64 hex digits
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}
