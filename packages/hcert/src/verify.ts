import type { CoseSign1 } from './cose/parse.ts'
import { verifyCoseSignature } from './cose/verify.ts'
import { type Cwt, parseCwt } from './cwt.ts'
import { checkCwtValidity } from './cwt-validity.ts'
import { dccTypeOf } from './dcc.ts'
import { type DecodeOptions, decodeHc1ToCose } from './decode.ts'
import type { Dsc } from './dsc/import.ts'
import { HcertError } from './errors.ts'
import { keyUsageAllows } from './key-usage.ts'
import { KID_LENGTH, kidToBase64 } from './kid.ts'
import type { TrustStore } from './trust-store.ts'

export interface VerifyOptions extends DecodeOptions {
  /** The DSCs to trust, by kid. */
  readonly trustStore: TrustStore
  /** The validation instant: the caller's clock, never read here. */
  readonly at: Date
  /**
   * Accept kids of any length (default false: exactly 8 bytes, as the DCC specification requires). Trust lists that
   * serve non-derived kids (the Italian one does) need this.
   */
  readonly anyKidLength?: boolean
}

/** A certificate whose signature, key usage and validity window have all been checked. */
export interface VerifiedHc1 {
  readonly cose: CoseSign1
  readonly cwt: Cwt
  /** The DSC whose key verified the signature. */
  readonly dsc: Dsc
}

/**
 * Verifies an `HC1:` text: decodes it, finds the DSCs with its kid, checks the signature with each until one
 * verifies, and only then reads the payload, checks the DSC's key usage against the certificate type and the
 * validity window at `at`. Every failure is an `HcertError` naming the stage.
 *
 * @example const { cwt } = verifyHc1(qrText, { trustStore, at: new Date() })
 */
export function verifyHc1(text: string, options: VerifyOptions): VerifiedHc1 {
  return verifyCoseSign1(decodeHc1ToCose(text, options), options)
}

/** The same checks for a COSE_Sign1 already parsed (raw transports such as NFC carry COSE without `HC1:`). */
export function verifyCoseSign1(cose: CoseSign1, options: Omit<VerifyOptions, 'requirePrefix'>): VerifiedHc1 {
  const dsc = findSigner(cose, options.trustStore, options.anyKidLength)
  const cwt = parseCwt(cose.payload)
  const type = dccTypeOf(cwt.dcc)
  if (type === undefined) throw new HcertError('CWT', 'The DCC must hold exactly one of v, t, r')
  if (!keyUsageAllows(dsc.keyUsage, type)) {
    throw new HcertError('KEY_USAGE', `The signing DSC is not allowed to sign ${type} certificates`)
  }
  checkCwtValidity(cwt, options.at, dsc)
  return { cose, cwt, dsc }
}

/** The trusted DSC whose key verifies the signature, trying every DSC that shares the kid (8 bytes can collide). */
export function findSigner(cose: CoseSign1, trustStore: TrustStore, anyKidLength = false): Dsc {
  let algorithmError: HcertError | undefined
  for (const dsc of signerCandidates(cose, trustStore, anyKidLength)) {
    try {
      if (verifyCoseSignature(cose, dsc.publicKey)) return dsc
    } catch (error) {
      if (!(error instanceof HcertError)) throw error
      algorithmError = error
    }
  }
  throw algorithmError ?? new HcertError('SIGNATURE', 'The signature does not verify with any DSC of its kid')
}

/**
 * The trusted DSCs carrying the message's kid, in trust-store order: a `KID` error when the message has no kid (or,
 * unless `anyKidLength`, one that is not 8 bytes), `KID_UNKNOWN` when none is trusted. Shared by `findSigner` and
 * the browser's `findSignerWeb`.
 */
export function signerCandidates<Key>(
  cose: CoseSign1,
  trustStore: TrustStore<Key>,
  anyKidLength = false,
): readonly Dsc<Key>[] {
  if (cose.kid === undefined || cose.kid.length === 0)
    throw new HcertError('KID', 'No kid in the protected or unprotected header')
  if (!anyKidLength && cose.kid.length !== KID_LENGTH) {
    throw new HcertError('KID', `kid is ${cose.kid.length} bytes, not ${KID_LENGTH}`)
  }
  const candidates = trustStore.get(kidToBase64(cose.kid))
  if (!candidates || candidates.length === 0) {
    throw new HcertError('KID_UNKNOWN', `No trusted DSC has kid ${kidToBase64(cose.kid)}`)
  }
  return candidates
}
