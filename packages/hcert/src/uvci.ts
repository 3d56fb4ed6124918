/**
 * UVCI, the unique vaccination certificate / assertion identifier (`ci` of every DCC entry): make ours, read
 * anyone's.
 *
 * **Verifiers never reject a foreign UVCI for its shape or checksum.** The EU guideline makes the check character
 * optional and says it "must not be relied upon for validating the certificate", and real issuers deviate widely
 * (lower-case `urn:uvci:`, no prefix, `/` for `:`, checksums that are not Luhn mod N: hcert-format.md §12.8).
 * A verifier may show `describeUvci`; only an issuer checks shapes, its own, with `checkUvciShape`.
 *
 * Two shapes are made here:
 * - EU (hcert-format.md §10): `URN:UVCI:01:<CC>:<issuer/>opaque#<check>`, check = Luhn mod 38 over the whole text;
 * - Italian (issuance-and-io.md §6.2): `01IT` + 32 upper-case hex + `#` + one Luhn-10 digit, no prefix.
 */
import { HcertError } from './errors.ts'

/** The Luhn-mod-N character set of the guideline, in code-point order: A=0 … Z=25, 0=26 … 9=35, `/`=36, `:`=37. */
const LUHN_MOD_N_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:'
const N = LUHN_MOD_N_ALPHABET.length

const EU_PREFIX = 'URN:UVCI:'
const ITALIAN_SHAPE = /^01IT([0-9A-F]{32})#([0-9])$/
// Optional prefix, version, country, then `/`- or `:`-separated components, then an optional check character.
const EU_SHAPE = /^(URN:UVCI:)?(\d{2}):([A-Z]{2,10}):([A-Z0-9]+(?:[/:][A-Z0-9]+)*)(?:#([A-Z0-9/:]))?$/
const COMPONENT = /^[A-Z0-9]+(?:\/[A-Z0-9]+)*$/

/** The longest `ci` schema 1.3.x accepts (50 before 1.3.0). */
const MAX_UVCI_LENGTH = 80

/**
 * The Luhn-mod-N check character (N = 38) of `input`, over the guideline's character set
 * `ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:`. The whole text counts, `URN:UVCI:` prefix included.
 *
 * Throws `HcertError('UVCI')` for a character outside the set (lower case, `#`, …).
 *
 * @example
 * luhnModNCheckCharacter('URN:UVCI:01:NL:187/37512422923') // 'Z'
 */
export function luhnModNCheckCharacter(input: string): string {
  const codePoints = toCodePoints(input)
  if (codePoints === undefined) {
    throw new HcertError('UVCI', `UVCI holds a character outside ${LUHN_MOD_N_ALPHABET}`)
  }
  // Generating: the rightmost character gets factor 2 (it will sit left of the check character).
  const remainder = luhnSum(codePoints, 2) % N
  return LUHN_MOD_N_ALPHABET.charAt((N - remainder) % N)
}

/**
 * True when `uvciWithCheck` ends in `#` plus a correct Luhn-mod-N check character over everything before the `#`.
 * False (never a throw) for no `#`, more than one check character, or characters outside the set.
 *
 * @example
 * hasValidLuhnModN('URN:UVCI:01:SE:EHM/V12916227TFJJ#Q') // true
 * hasValidLuhnModN('URN:UVCI:01:SE:EHM/V12916227TFJJ#R') // false
 */
export function hasValidLuhnModN(uvciWithCheck: string): boolean {
  const hash = uvciWithCheck.lastIndexOf('#')
  if (hash < 0 || hash !== uvciWithCheck.length - 2) return false
  const codePoints = toCodePoints(uvciWithCheck.slice(0, hash) + uvciWithCheck.slice(hash + 1))
  // Validating: the check character itself is included and gets factor 1.
  return codePoints !== undefined && luhnSum(codePoints, 1) % N === 0
}

function toCodePoints(text: string): number[] | undefined {
  const codePoints: number[] = []
  for (const character of text) {
    const codePoint = LUHN_MOD_N_ALPHABET.indexOf(character)
    if (codePoint < 0) return undefined
    codePoints.push(codePoint)
  }
  return codePoints
}

// Walk from the right, factor alternating 2/1 from `firstFactor`; add the base-N digit sum of each product.
function luhnSum(codePoints: readonly number[], firstFactor: 1 | 2): number {
  let factor = firstFactor
  let sum = 0
  for (let i = codePoints.length - 1; i >= 0; i--) {
    const product = factor * (codePoints[i] ?? 0)
    sum += Math.floor(product / N) + (product % N)
    factor = factor === 2 ? 1 : 2
  }
  return sum
}

/**
 * An EU-format UVCI with a Luhn-mod-N check character: `URN:UVCI:01:<CC>:<issuer/>opaque#<check>`.
 *
 * Inputs are upper-cased; `issuer` and `opaque` may hold `/`-separated components of `A–Z0–9`. Throws
 * `HcertError('UVCI')` for other characters, a country that is not two letters, or a result longer than 80.
 *
 * @example
 * makeEuUvci({ country: 'nl', issuer: '187', opaque: '37512422923' }) // 'URN:UVCI:01:NL:187/37512422923#Z'
 */
export function makeEuUvci(parts: { country: string; issuer?: string; opaque: string }): string {
  const country = parts.country.toUpperCase()
  const opaque = parts.opaque.toUpperCase()
  const issuer = parts.issuer?.toUpperCase()
  // Reserved longer codes such as UNHCR exist in the guideline; greenpass issues only for ISO alpha-2 countries.
  if (!/^[A-Z]{2}$/.test(country)) throw new HcertError('UVCI', `UVCI country must be two letters A–Z: ${country}`)
  if (!COMPONENT.test(opaque)) throw new HcertError('UVCI', `UVCI opaque part must be A–Z, 0–9 and /: ${opaque}`)
  if (issuer !== undefined && !COMPONENT.test(issuer)) {
    throw new HcertError('UVCI', `UVCI issuer part must be A–Z, 0–9 and /: ${issuer}`)
  }
  const body = `${EU_PREFIX}01:${country}:${issuer === undefined ? '' : `${issuer}/`}${opaque}`
  const uvci = `${body}#${luhnModNCheckCharacter(body)}`
  if (uvci.length > MAX_UVCI_LENGTH) {
    throw new HcertError('UVCI', `UVCI is ${uvci.length} characters long, the schema allows ${MAX_UVCI_LENGTH}`)
  }
  return uvci
}

/**
 * An Italian-format UVCI: `01IT` + the 16 random bytes as 32 upper-case hex digits + `#` + a Luhn-10 digit.
 * The randomness is the caller's (e.g. `crypto.getRandomValues(new Uint8Array(16))`); throws `HcertError('UVCI')`
 * unless exactly 16 bytes are given.
 *
 * @example
 * makeItalianUvci(new Uint8Array(16)) // '01IT00000000000000000000000000000000#' + italianUvciCheckDigit('01IT000…0')
 */
export function makeItalianUvci(random16: Uint8Array): string {
  if (random16.length !== 16) {
    throw new HcertError('UVCI', `an Italian UVCI needs 16 random bytes, got ${random16.length}`)
  }
  const hex = Array.from(random16, (byte) => byte.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()
  const body = `01IT${hex}`
  return `${body}#${italianUvciCheckDigit(body)}`
}

/**
 * The check digit greenpass puts on Italian UVCIs: ISO/IEC 7812-1 Luhn over the decimal expansion of `body`,
 * each character replaced by its base-36 value written in decimal (`0`–`9` stay, `A` → `10` … `F` → `15`,
 * `I` → `18`, `T` → `29`). So `01IT` reads `0 1 18 29`.
 *
 * DPCM Allegato D asks for "LUHN-10 on all previous fields" without the character mapping, and the Italian
 * platform's variant is not reproducible from public samples (no tried variant beats chance on the 9 known
 * UVCIs; issuance-and-io.md §6.2): this digit is ours, and other Italian UVCIs are not expected to match it.
 *
 * Throws `HcertError('UVCI')` for characters outside `0–9A–Z`.
 *
 * @example
 * italianUvciCheckDigit('01IT' + '0'.repeat(32)) // a single digit '0'–'9'
 */
export function italianUvciCheckDigit(body: string): string {
  let digits = ''
  for (const character of body) {
    if (!/^[0-9A-Z]$/.test(character)) {
      throw new HcertError('UVCI', `Italian UVCI body holds a character outside 0–9 and A–Z: ${character}`)
    }
    digits += Number.parseInt(character, 36).toString(10)
  }
  // Generating: the rightmost digit of the body is doubled (the check digit will sit to its right).
  let sum = 0
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let value = Number(digits[i]) * (double ? 2 : 1)
    if (value > 9) value -= 9
    sum += value
  }
  return String((10 - (sum % 10)) % 10)
}

/** A UVCI of the EU shape, read. */
export interface EuUvci {
  readonly kind: 'eu'
  /** True when the text starts with `URN:UVCI:` (optional in the guideline). */
  readonly prefixed: boolean
  /** Two digits, `01` so far. */
  readonly version: string
  readonly country: string
  /** Everything between the country and the `#`, e.g. `187/37512422923`. */
  readonly payload: string
  /** The check character after `#`, if any. */
  readonly checkCharacter: string | undefined
  /** Luhn mod N over the whole text: `absent` when there is no `#`. */
  readonly checksum: 'valid' | 'invalid' | 'absent'
}

/** A UVCI of the Italian shape, read. Its check digit is not verified (see `italianUvciCheckDigit`). */
export interface ItalianUvci {
  readonly kind: 'italian'
  readonly version: '01'
  readonly country: 'IT'
  /** The 32 upper-case hex digits. */
  readonly random: string
  readonly checkDigit: string
}

/** A UVCI read by `parseUvci`. */
export type ParsedUvci = EuUvci | ItalianUvci

/**
 * Reads a UVCI of the canonical EU shape (`[URN:UVCI:]01:<CC>:<payload>[#<check>]`, upper case) or of the Italian
 * shape (`01IT<32 hex>#<digit>`). Throws `HcertError('UVCI')` for anything else: use it on UVCIs we issue,
 * `describeUvci` on foreign ones.
 *
 * @example
 * parseUvci('URN:UVCI:01:NL:187/37512422923#Z')
 * // { kind: 'eu', prefixed: true, version: '01', country: 'NL', payload: '187/37512422923',
 * //   checkCharacter: 'Z', checksum: 'valid' }
 * parseUvci('01ITE7300E1AB2A84C719004F103DCB1F70A#6').kind // 'italian'
 */
export function parseUvci(text: string): ParsedUvci {
  const italian = ITALIAN_SHAPE.exec(text)
  if (italian !== null) {
    return { kind: 'italian', version: '01', country: 'IT', random: italian[1] ?? '', checkDigit: italian[2] ?? '' }
  }
  const eu = EU_SHAPE.exec(text)
  if (eu === null) throw new HcertError('UVCI', 'not a UVCI of the EU or the Italian shape')
  const checkCharacter = eu[5]
  return {
    kind: 'eu',
    prefixed: eu[1] !== undefined,
    version: eu[2] ?? '',
    country: eu[3] ?? '',
    payload: eu[4] ?? '',
    checkCharacter,
    checksum: checkCharacter === undefined ? 'absent' : hasValidLuhnModN(text) ? 'valid' : 'invalid',
  }
}

/**
 * Reads a UVCI and requires the given shape; throws `HcertError('UVCI')` otherwise. For `'eu'` the prefix is
 * required too (we always write it); the checksum is reported, not required.
 *
 * @example
 * checkUvciShape('01ITA65E2BD36C9E4900B0273D2E7C92EEB9#1', 'italian').random // 'A65E2BD3…EEB9'
 * checkUvciShape('01ITA65E2BD36C9E4900B0273D2E7C92EEB9#1', 'eu') // throws HcertError('UVCI')
 */
export function checkUvciShape(text: string, kind: 'italian'): ItalianUvci
export function checkUvciShape(text: string, kind: 'eu'): EuUvci
export function checkUvciShape(text: string, kind: 'italian' | 'eu'): ParsedUvci {
  const parsed = parseUvci(text)
  if (parsed.kind !== kind) throw new HcertError('UVCI', `UVCI has the ${parsed.kind} shape, not the ${kind} one`)
  if (parsed.kind === 'eu' && !parsed.prefixed) throw new HcertError('UVCI', `UVCI lacks the ${EU_PREFIX} prefix`)
  return parsed
}

/** What can be said about any UVCI, without judging it. */
export interface UvciDescription {
  /** Starts with `URN:UVCI:`, in any case. */
  readonly prefix: boolean
  /**
   * The issuing country (upper-cased) as written after the version, or else the first `:`/`/`-separated field of
   * two capitals; `undefined` when there is neither.
   */
  readonly country: string | undefined
  /**
   * Luhn mod N over the whole text as given: `absent` without `#`; `unverifiable` for the Italian shape, whose
   * national check digit cannot be reproduced.
   */
  readonly checksum: 'valid' | 'invalid' | 'absent' | 'unverifiable'
  /** Matches `^01IT[0-9A-F]{32}#[0-9]$`. */
  readonly italianShape: boolean
}

/**
 * Describes any text found in a `ci` field. Never throws and never judges: a verifier must not reject a
 * certificate for what this says (see the module comment).
 *
 * @example
 * describeUvci('urn:uvci:01:BG:UFR5PLGKU8WDSZK7#0')
 * // { prefix: true, country: 'BG', checksum: 'invalid', italianShape: false }
 * describeUvci('01ITE7300E1AB2A84C719004F103DCB1F70A#6')
 * // { prefix: false, country: 'IT', checksum: 'unverifiable', italianShape: true }
 */
export function describeUvci(text: string): UvciDescription {
  const prefix = text.slice(0, EU_PREFIX.length).toUpperCase() === EU_PREFIX
  const rest = prefix ? text.slice(EU_PREFIX.length) : text
  const italianShape = ITALIAN_SHAPE.test(text)
  // `01:NL:…`, `01/PT/…`, or with no separator (`01ES10V…`, `01IT…`): then the country is two letters. Failing
  // those, the first field of two capitals (FR also issued `dgci:V1:FR:…:36`).
  const country = (
    /^\d{2}[:/]([A-Za-z]{2,10})(?:[:/#]|$)/.exec(rest)?.[1] ??
    /^\d{2}([A-Za-z]{2})/.exec(rest)?.[1] ??
    /(?:^|[:/])([A-Z]{2})(?:[:/#]|$)/.exec(rest)?.[1]
  )?.toUpperCase()
  const checksum = !text.includes('#')
    ? 'absent'
    : italianShape
      ? 'unverifiable'
      : hasValidLuhnModN(text)
        ? 'valid'
        : 'invalid'
  return { prefix, country, checksum, italianShape }
}
