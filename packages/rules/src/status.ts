/**
 * The statuses a verification ends in (italian-verification-rules.md §2) and the stable reason codes that say why.
 *
 * The status is what the Italian apps show; the reason is for logs, support and tests, so that two NOT_VALIDs with
 * different causes can be told apart without reading messages. Both are plain strings, stable across releases.
 */

/**
 * Every status of the full model. Presentation may collapse some of them (`displayStatus`); the rules never do.
 *
 * @example if (result.status === Status.TEST_NEEDED) askForTest()
 */
export const Status = Object.freeze({
  /** Valid in the scan mode used. Green. */
  VALID: 'VALID',
  /** Invalid: bad signature, blacklisted, a type the mode refuses, a positive test, a non-EMA vaccine, … Red. */
  NOT_VALID: 'NOT_VALID',
  /** The validity window has not started yet. Red. */
  NOT_VALID_YET: 'NOT_VALID_YET',
  /** The validity window has ended (status added by the reference on 2022-02-14). Red. */
  EXPIRED: 'EXPIRED',
  /** The UVCI's hash is in the Italian revocation list (DRL). Red. */
  REVOKED: 'REVOKED',
  /** Not an EU DCC: nothing could be decoded, no identifier, an unreadable test time or exemption date. Red. */
  NOT_EU_DCC: 'NOT_EU_DCC',
  /** Valid only together with a negative test: used by the removed 2G and BOOSTER modes. Yellow. */
  TEST_NEEDED: 'TEST_NEEDED',
})

export type Status = (typeof Status)[keyof typeof Status]

/**
 * Why a status was given. A closed set: callers may switch over it exhaustively.
 *
 * Reasons of the signature/decoding stage (§3.2–3.3) come through `failedVerificationResult`; all others come from
 * `applyItalianRules`.
 */
export type ReasonCode =
  // Verification failures (§3.4 precondition 2), reported by the verifier after hcert refused the certificate.
  /** The text or image could not be decoded: prefix, Base45, zlib, CBOR, COSE or CWT structure. */
  | 'DECODE'
  /** The payload violates the DCC schema. */
  | 'SCHEMA'
  /** No DSC in the trust list carries the certificate's kid (or the kid is missing). */
  | 'KID_UNKNOWN'
  /** The signature does not verify with the DSC of its kid, or uses an algorithm the DSC cannot have made. */
  | 'SIGNATURE'
  /** The DSC's extended key usage does not allow the certificate's type (test, vaccination, recovery). */
  | 'KEY_USAGE'
  /** The CWT `exp` is in the past. */
  | 'CWT_EXPIRED'
  /** The CWT `iat` is in the future. */
  | 'CWT_NOT_YET_VALID'

  // Preconditions (§3.4, items 1, 3 and 4).
  /** The identifier (`ci`) the preconditions use is empty or missing; a payload with no group at all ends here. */
  | 'UVCI_EMPTY'
  /** The UVCI is in the settings `black_list_uvci` (exact, case-sensitive match). NOT_VALID, not REVOKED. */
  | 'BLACKLISTED'
  /** base64(SHA-256(UVCI)) is in the revocation list. */
  | 'REVOKED'

  // Outcomes of the day and hour windows, shared by every certificate type.
  /** Inside the validity window, and nothing else stands in the way. */
  | 'WITHIN_WINDOW'
  /** Before the first day (or instant) of the validity window. */
  | 'WINDOW_NOT_STARTED'
  /** After the last day (or instant) of the validity window. */
  | 'WINDOW_ENDED'
  /** A date the rules need (`dt`, `df`, `du`, or `fr` in SCHOOL mode) or the test's `sc` cannot be read. */
  | 'DATE_INVALID'

  // Vaccination (§4, §5.1).
  /** `mp` (medicinal product) is empty or missing. */
  | 'VACCINATION_PRODUCT_EMPTY'
  /** `dn` or `sd` is not a whole number ≥ 1. */
  | 'VACCINATION_DOSES_INVALID'
  /** A not-complete cycle (`dn < sd`) of a vaccine that is not EMA-authorised: refused before any date check. */
  | 'VACCINATION_NOT_COMPLETE_NOT_EMA'
  /** A complete cycle or booster inside its window, but the vaccine is not EMA-authorised. */
  | 'NOT_EMA'

  // Tests (§5.3).
  /** `tr` is 260373001 (detected): refused before any date check. */
  | 'TEST_POSITIVE'
  /** `tt` is neither molecular (LP6464-4) nor rapid antigen (LP217198-3). */
  | 'TEST_TYPE_UNKNOWN'

  // What a (historical) scan mode refuses or asks for (§6).
  /** BOOSTER, SCHOOL, ENTRY_ITALY: a not-complete vaccination cycle is never enough. */
  | 'MODE_REQUIRES_COMPLETE_CYCLE'
  /** DOUBLE_SCAN: only a test is accepted on the second scan. */
  | 'MODE_REQUIRES_TEST'
  /** 2G, BOOSTER, SCHOOL, and WORK for people aged 50 or more: a test alone is not accepted. */
  | 'MODE_EXCLUDES_TEST'
  /** ENTRY_ITALY: an Italian exemption does not allow entry. */
  | 'MODE_EXCLUDES_EXEMPTION'
  /** TEST_NEEDED in BOOSTER mode: a complete cycle without booster, a recovery that is not "bis", an exemption. */
  | 'TEST_NEEDED_NOT_BOOSTER'
  /** TEST_NEEDED: a non-EMA booster (2G abroad, BOOSTER) or a non-EMA complete cycle abroad (2G). */
  | 'TEST_NEEDED_NOT_EMA'
  /** TEST_NEEDED in 2G: an EMA complete cycle abroad past `dt + vaccine_end_day_complete_IT`, up to the extended end. */
  | 'TEST_NEEDED_EXTENDED_WINDOW'

const ALL_REASON_CODES = [
  'DECODE',
  'SCHEMA',
  'KID_UNKNOWN',
  'SIGNATURE',
  'KEY_USAGE',
  'CWT_EXPIRED',
  'CWT_NOT_YET_VALID',
  'UVCI_EMPTY',
  'BLACKLISTED',
  'REVOKED',
  'WITHIN_WINDOW',
  'WINDOW_NOT_STARTED',
  'WINDOW_ENDED',
  'DATE_INVALID',
  'VACCINATION_PRODUCT_EMPTY',
  'VACCINATION_DOSES_INVALID',
  'VACCINATION_NOT_COMPLETE_NOT_EMA',
  'NOT_EMA',
  'TEST_POSITIVE',
  'TEST_TYPE_UNKNOWN',
  'MODE_REQUIRES_COMPLETE_CYCLE',
  'MODE_REQUIRES_TEST',
  'MODE_EXCLUDES_TEST',
  'MODE_EXCLUDES_EXEMPTION',
  'TEST_NEEDED_NOT_BOOSTER',
  'TEST_NEEDED_NOT_EMA',
  'TEST_NEEDED_EXTENDED_WINDOW',
] as const satisfies readonly ReasonCode[]

// Compile-time proof that the list above names every code of the union: a code added to one but not the other
// makes this assignment a type error.
const _everyReasonListed: Exclude<ReasonCode, (typeof ALL_REASON_CODES)[number]> extends never ? true : never = true

/** Every reason code, in the order of the union above (for exhaustive tests and documentation). */
export const REASON_CODES: readonly ReasonCode[] = Object.freeze([...ALL_REASON_CODES])

const REASONS: ReadonlySet<string> = new Set(ALL_REASON_CODES)

/** Whether `value` is one of the reason codes. */
export function isReasonCode(value: unknown): value is ReasonCode {
  return typeof value === 'string' && REASONS.has(value)
}

/** A rule's decision: the status and why. */
export interface Outcome {
  readonly status: Status
  readonly reason: ReasonCode
}

/** Shorthand for the decisions the rule files return. */
export function outcome(status: Status, reason: ReasonCode): Outcome {
  return { status, reason }
}
