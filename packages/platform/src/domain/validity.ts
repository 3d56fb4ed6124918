/**
 * The technical validity of a certificate: its CWT `iat` and `exp`.
 *
 * - vaccination and recovery: `exp` at most 540 days (18 months) after issuance (issue 4: "a new QR may be issued
 *   after 540 days"), the longest a DSC lives;
 * - test: sampling + 48 h (antigen) or + 72 h (molecular);
 * - every kind: never after the signing DSC's notAfter, so no certificate outlives the key that vouches for it.
 */
import { DomainError } from './errors.ts'

/** The longest technical validity of a vaccination or recovery certificate, in days. */
export const TECHNICAL_VALIDITY_DAYS = 540
/** Validity of a negative test certificate from sampling, in hours. */
export const TEST_VALIDITY_HOURS = Object.freeze({ antigen: 48, molecular: 72 })

const DAY_SECONDS = 86_400

/** The validity dates of one DSC that matter here. */
export interface DscValidity {
  readonly notAfter: Date
}

/** The two DSCs the platform signs with. */
export interface SigningDscs {
  readonly ordinary: DscValidity
  readonly recoveryOnly: DscValidity
}

/**
 * `iat` and `exp` in seconds: `exp` = the earliest of `end` and the DSC's notAfter. Throws
 * `DomainError('SIGNER_EXPIRED')` when the DSC is no longer valid at `at`, `DomainError('INSTANT_INVALID')` for an
 * invalid `at`.
 *
 * @example cwtValidity(at, at.getTime() / 1000 + 540 * 86400, dscs.ordinary) // { iat, exp }
 */
export function cwtValidity(at: Date, endSeconds: number, dsc: DscValidity): { iat: number; exp: number } {
  const iat = epochSeconds(at)
  const notAfter = Math.floor(dsc.notAfter.getTime() / 1000)
  if (!(notAfter > iat)) {
    throw new DomainError('SIGNER_EXPIRED', `the DSC expired on ${dsc.notAfter.toISOString()}`)
  }
  return { iat, exp: Math.min(Math.floor(endSeconds), notAfter) }
}

/**
 * The end of the technical validity of a vaccination or recovery certificate issued at `at`, in seconds.
 *
 * @example longValidityEnd(at) === epochSeconds(at) + 540 * 86400
 */
export function longValidityEnd(at: Date): number {
  return epochSeconds(at) + TECHNICAL_VALIDITY_DAYS * DAY_SECONDS
}

/**
 * Seconds since the epoch of a valid `Date` (`DomainError('INSTANT_INVALID')` otherwise).
 *
 * @example epochSeconds(new Date('1970-01-01T00:01:00.900Z')) // 60
 */
export function epochSeconds(at: Date): number {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new DomainError('INSTANT_INVALID', 'the instant is not a valid Date')
  }
  return Math.floor(at.getTime() / 1000)
}
