/**
 * The entry point of the Italian rules (italian-verification-rules.md §3.4–3.5): the preconditions, the choice of the
 * entry to judge, and the rules of the scan mode. Pure: the certificate, the signer's key usage, the settings, the
 * instant and the revocation lookup all come in through `RulesInput`.
 *
 * Signature, key usage and CWT validity are not checked here: the verifier does that with hcert first and, when it
 * fails, reports `failedVerificationResult` (§3.4 item 2) instead of calling `applyItalianRules`.
 */
import type { HcertErrorCode } from '@greenpass/hcert'
import { romeDay } from './calendar.ts'
import type { KeyUsage, RuleContext } from './context.ts'
import { RulesError } from './errors.ts'
import { field } from './fields.ts'
import { modeOutcome } from './modes.ts'
import { uvciHash } from './revocation.ts'
import { isScanMode, type ScanMode } from './scan-mode.ts'
import { type CertificateType, preconditionUvci, selectEntry } from './selection.ts'
import type { Settings } from './settings.ts'
import { isReasonCode, type ReasonCode, Status } from './status.ts'

export interface RulesInput {
  /** The decoded payload as JSON (`hcert[1]`), including the Italian `e` array if present. */
  readonly dcc: Record<string, unknown>
  /** The DCC key usage of the DSC that verified the signature (hcert `Dsc.keyUsage`): decides recovery bis. */
  readonly keyUsage: KeyUsage
  readonly settings: Settings
  /** The validation instant. Never read from the clock. */
  readonly at: Date
  readonly mode: ScanMode
  /** DOUBLE_SCAN only: the mode of the first scan (a molecular test is shorter after BOOSTER). */
  readonly previousMode?: ScanMode
  /**
   * The revocation list: true when this base64 SHA-256 UVCI hash is revoked. Absent, or settings `DRL_SYNC_ACTIVE`
   * false → no revocation check.
   */
  readonly isRevoked?: (uvciHashBase64: string) => boolean
  /**
   * `uvciHash` of the identifier, when the caller has it already: the browser computes it with WebCrypto, which is
   * asynchronous, before calling these synchronous rules. Omitted: computed here.
   */
  readonly uvciHash?: string
  /**
   * True when an EU revocation list (another country's, downloaded through the gateway) lists the certificate: the
   * caller computes its hashes (`euRevocationHashes`) and looks them up under the signer's kid. REVOKED as well.
   */
  readonly revokedAbroad?: boolean
}

export interface RulesResult {
  readonly status: Status
  readonly reason: ReasonCode
  /** The type of the entry judged; null when there is none (nothing decoded, or no group). */
  readonly certificateType: CertificateType | null
  /** The identifier the preconditions used (`''` when none). */
  readonly uvci: string
}

/**
 * The Italian status of a verified certificate, in this order:
 * 1. the identifier (`e[0].ci`, else `v[0]`, `t[0]`, `r[0]`) is empty → NOT_EU_DCC (a payload without any group ends
 *    here);
 * 2. it is in the settings blacklist → NOT_VALID (not REVOKED);
 * 3. its hash is in the revocation list (when `DRL_SYNC_ACTIVE`), or an EU revocation list has it → REVOKED;
 * 4. the rules of `mode` for `v.last()`, else `r.first()`, else `t.first()`, else `e.last()`.
 *
 * Throws only `RulesError`: incomplete settings (`SETTINGS_MISSING_KEY`, `SETTINGS_INVALID`), an unknown mode
 * (`SCAN_MODE_UNKNOWN`) or an invalid instant (`INSTANT_INVALID`). Any payload, however malformed, gets a status.
 *
 * @example
 * const { status } = applyItalianRules({ dcc: cwt.dcc, keyUsage: dsc.keyUsage, settings, at: new Date(), mode: '3G' })
 */
export function applyItalianRules(input: RulesInput): RulesResult {
  const { dcc, settings, at, mode, previousMode } = input
  if (!isScanMode(mode)) throw new RulesError('SCAN_MODE_UNKNOWN', `Unknown scan mode ${JSON.stringify(mode)}`)
  if (previousMode !== undefined && !isScanMode(previousMode)) {
    throw new RulesError('SCAN_MODE_UNKNOWN', `Unknown previous scan mode ${JSON.stringify(previousMode)}`)
  }
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new RulesError('INSTANT_INVALID', 'The validation instant must be a valid Date')
  }

  const selected = selectEntry(dcc)
  const certificateType = selected?.type ?? null
  const uvci = preconditionUvci(dcc)
  const result = (status: Status, reason: ReasonCode): RulesResult => ({ status, reason, certificateType, uvci })

  if (uvci === '' || selected === undefined) return result(Status.NOT_EU_DCC, 'UVCI_EMPTY')
  if (settings.blackList.has(uvci)) return result(Status.NOT_VALID, 'BLACKLISTED')
  if (input.isRevoked !== undefined && settings.drlSyncActive && input.isRevoked(input.uvciHash ?? uvciHash(uvci))) {
    return result(Status.REVOKED, 'REVOKED')
  }
  if (input.revokedAbroad === true) return result(Status.REVOKED, 'REVOKED')

  const context: RuleContext = {
    settings,
    at: at.getTime(),
    today: romeDay(at),
    keyUsage: input.keyUsage,
    dateOfBirth: field(dcc, 'dob'),
  }
  const { status, reason } = modeOutcome(selected, mode, previousMode, context)
  return result(status, reason)
}

/**
 * The result when the signature, key usage, schema or CWT check failed (§3.4 item 2): NOT_VALID if the CBOR payload
 * was decoded, NOT_EU_DCC if nothing could be decoded. An hcert error code is accepted as the reason and mapped by
 * `verificationFailureReason`.
 *
 * @example failedVerificationResult(true, error.code) // { status: 'NOT_VALID', reason: 'SIGNATURE', … }
 */
export function failedVerificationResult(decoded: boolean, reason: ReasonCode | HcertErrorCode): RulesResult {
  return {
    status: decoded ? Status.NOT_VALID : Status.NOT_EU_DCC,
    reason: isReasonCode(reason) ? reason : verificationFailureReason(reason),
    certificateType: null,
    uvci: '',
  }
}

/**
 * The reason code for an hcert failure, so that the verifier reports every refusal with a stable reason.
 *
 * @example verificationFailureReason('CWT_EXPIRED') // 'CWT_EXPIRED'
 */
export function verificationFailureReason(code: HcertErrorCode): ReasonCode {
  switch (code) {
    case 'SCHEMA':
      return 'SCHEMA'
    case 'KID':
    case 'KID_UNKNOWN':
      return 'KID_UNKNOWN'
    case 'SIGNATURE':
    case 'COSE_ALG':
    case 'KEY':
      return 'SIGNATURE'
    case 'KEY_USAGE':
      return 'KEY_USAGE'
    case 'CWT_EXPIRED':
      return 'CWT_EXPIRED'
    case 'CWT_NOT_YET_VALID':
      return 'CWT_NOT_YET_VALID'
    case 'HC1_PREFIX':
    case 'BASE45':
    case 'ZLIB':
    case 'ZLIB_TOO_LARGE':
    case 'CBOR':
    case 'COSE':
    case 'CWT':
    case 'UVCI':
    case 'QR_RENDER':
    case 'QR_READ':
      return 'DECODE'
  }
}
