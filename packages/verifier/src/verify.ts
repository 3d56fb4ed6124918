import {
  checkCwtValidity,
  type Cwt,
  type CoseSign1,
  dccTypeOf,
  decodeHc1ToCose,
  type Dsc,
  findSigner,
  HcertError,
  keyUsageAllows,
  kidToBase64,
  parseCwt,
  type TrustStore,
} from '@greenpass/hcert'
import {
  applyItalianRules,
  euRevocationHashes,
  euRevocationSubjectOf,
  failedVerificationResult,
  preconditionUvci,
  type RulesResult,
  type ScanMode,
  type Settings,
  selectEntry,
} from '@greenpass/rules'
import type { EuRevocationLists } from './eu-revocation/lists.ts'

/** What a verifier needs, offline: the DSCs, the settings, the revocation list. */
export interface VerifierData {
  readonly trustStore: TrustStore
  readonly settings: Settings
  /** The DRL: whether a base64 SHA-256 UVCI hash is revoked. */
  readonly isRevoked?: (uvciHash: string) => boolean
  /** Other countries' revocation lists (through the gateway): looked up by the signer's kid and the §5.1 hashes. */
  readonly euRevocation?: Pick<EuRevocationLists, 'isRevoked'>
}

export interface VerifyCertificateOptions {
  readonly mode: ScanMode
  /** The validation instant, from the caller's clock. */
  readonly at: Date
  /** For DOUBLE_SCAN: the mode of the scan that asked for a test. */
  readonly previousMode?: ScanMode
}

/** The holder's name as printed on the certificate (to compare with an identity document). */
export interface HolderName {
  readonly familyName: string | null
  readonly givenName: string | null
  readonly standardisedFamilyName: string | null
  readonly standardisedGivenName: string | null
}

/** The outcome of one scan: the rules' status and reason, and the few data a verifier shows. */
export interface VerificationResult extends RulesResult {
  readonly mode: ScanMode
  readonly person: HolderName | null
  readonly dateOfBirth: string | null
  readonly kid: string | null
  /** The issuing country: the CWT `iss`, else the country of the certificate's entry. */
  readonly country: string | null
  /** Why decoding or verification failed (error code and message), for diagnostics; never shown to a holder. */
  readonly detail?: string
}

/**
 * Verifies a scanned `HC1:` text the way VerificaC19 does (italian-verification-rules.md §3): decode; an empty UVCI
 * is NOT_EU_DCC; a failed signature, key usage or CWT validity is NOT_VALID (NOT_EU_DCC when nothing decoded);
 * then the blacklist, the DRL and the rules of the scan mode. Pure: no clock, no I/O.
 *
 * @example verifyCertificate(qrText, data, { mode: ScanMode.BASE, at: new Date() }).status // 'VALID'
 */
export function verifyCertificate(
  text: string,
  data: VerifierData,
  options: VerifyCertificateOptions,
): VerificationResult {
  const scan = decodeScan(text, options)
  if ('result' in scan) return scan.result
  let dsc: Dsc
  try {
    dsc = findSigner(scan.cose, data.trustStore, true)
  } catch (error) {
    return refused(scan, error)
  }
  return judge(scan, dsc, data)
}

/** A scan decoded down to its claims, before the signature is checked. */
export interface DecodedScan {
  readonly cose: CoseSign1
  readonly cwt: Cwt
  readonly options: VerifyCertificateOptions
  readonly shown: ReturnType<typeof shownData>
}

/** First step of `verifyCertificate` (shared with the browser's `verifyCertificateWeb`): decode, or NOT_EU_DCC. */
export function decodeScan(
  text: string,
  options: VerifyCertificateOptions,
): DecodedScan | { readonly result: VerificationResult } {
  try {
    const cose = decodeHc1ToCose(text)
    const cwt = parseCwt(cose.payload)
    return { cose, cwt, options, shown: shownData(cwt, cose, options.mode) }
  } catch (error) {
    return {
      result: { ...failedVerificationResult(false, 'DECODE'), ...nothingShown(options.mode), detail: describe(error) },
    }
  }
}

/**
 * Last step, once the signer is known: its key usage and the CWT validity (a failure is `refused`), then the
 * blacklist, the DRL and the rules. `uvciHash` is the DRL hash when the caller computed it already (the browser).
 */
export function judge(
  scan: DecodedScan,
  dsc: Pick<Dsc, 'keyUsage'>,
  data: Pick<VerifierData, 'settings' | 'isRevoked' | 'euRevocation'>,
  uvciHash?: string,
): VerificationResult {
  const { cwt, options } = scan
  try {
    // Exemptions (`e`) are outside the EU types: no key usage applies to them.
    const type = dccTypeOf(cwt.dcc)
    if (type !== undefined && !keyUsageAllows(dsc.keyUsage, type)) {
      throw new HcertError('KEY_USAGE', `The signing DSC is not allowed to sign ${type} certificates`)
    }
    checkCwtValidity(cwt, options.at)
  } catch (error) {
    return refused(scan, error)
  }
  const rules = applyItalianRules({
    dcc: cwt.dcc as Record<string, unknown>,
    settings: data.settings,
    at: options.at,
    mode: options.mode,
    previousMode: options.previousMode,
    isRevoked: data.isRevoked,
    revokedAbroad: data.euRevocation?.isRevoked(
      scan.shown.kid,
      euRevocationHashes(euRevocationSubjectOf(scan.cose, cwt)),
    ),
    keyUsage: dsc.keyUsage,
    ...(uvciHash === undefined ? {} : { uvciHash }),
  })
  return { ...rules, ...scan.shown }
}

/** The result when the signer, its key usage or the CWT validity failed (§3.4 items 1–2). */
export function refused(scan: DecodedScan, error: unknown): VerificationResult {
  const uvci = preconditionUvci(scan.cwt.dcc)
  // The reference reports an empty UVCI before a failed signature (§3.4, precondition 1 before 2).
  if (uvci === '') return { ...failedVerificationResult(false, 'UVCI_EMPTY'), ...scan.shown }
  const code = error instanceof HcertError ? error.code : 'DECODE'
  const failed = failedVerificationResult(true, code)
  const certificateType = selectEntry(scan.cwt.dcc)?.type ?? null
  return { ...failed, certificateType, uvci, ...scan.shown, detail: describe(error) }
}

function nothingShown(mode: ScanMode) {
  return { mode, person: null, dateOfBirth: null, kid: null, country: null }
}

function shownData(cwt: Cwt, cose: CoseSign1, mode: ScanMode) {
  const { nam, dob } = cwt.dcc
  const entry = (cwt.dcc.v ?? cwt.dcc.r ?? cwt.dcc.t ?? (cwt.dcc.e as { co?: string }[] | undefined))?.[0]
  return {
    mode,
    person: {
      familyName: nam?.fn ?? null,
      givenName: nam?.gn ?? null,
      standardisedFamilyName: nam?.fnt ?? null,
      standardisedGivenName: nam?.gnt ?? null,
    },
    dateOfBirth: typeof dob === 'string' ? dob : null,
    kid: cose.kid ? kidToBase64(cose.kid) : null,
    country: cwt.iss ?? entry?.co ?? null,
  }
}

function describe(error: unknown): string {
  return error instanceof HcertError ? `${error.code}: ${error.message}` : String(error)
}
