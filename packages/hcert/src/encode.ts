import { encodeBase45 } from './base45.ts'
import { type CoseSigner, signCoseSign1 } from './cose/sign.ts'
import { encodeCwt } from './cwt.ts'
import type { Dcc } from './dcc.ts'
import { HcertError } from './errors.ts'
import { HC1_PREFIX } from './prefix.ts'
import { deflate } from './zlib.ts'

export interface EncodeOptions {
  readonly signer: CoseSigner
  /** Issuing country (ISO 3166-1 alpha-2), the CWT `iss`. */
  readonly iss: string
  /** Issued at and expiry: instants chosen by the caller. Sub-second parts are dropped. */
  readonly iat: Date
  readonly exp: Date
  /** The DSC's notAfter: a certificate must never outlive its signer (hcert spec §6.1). */
  readonly signerNotAfter?: Date
}

/**
 * Signs a DCC and encodes it for a QR code: CWT → COSE_Sign1 → zlib → Base45 → `HC1:`.
 * The payload is not schema-checked here; issuers check it first with `checkDccSchema`.
 *
 * @example const hc1 = encodeHc1(dcc, { signer, iss: 'IT', iat, exp })
 */
export function encodeHc1(dcc: Dcc, options: EncodeOptions): string {
  return HC1_PREFIX + encodeBase45(deflate(signDcc(dcc, options)))
}

/** Signs a DCC as a COSE_Sign1 (the raw form carried by NFC and APIs). */
export function signDcc(dcc: Dcc, options: EncodeOptions): Uint8Array {
  const iat = Math.floor(options.iat.getTime() / 1000)
  const exp = Math.floor(options.exp.getTime() / 1000)
  if (exp <= iat) throw new HcertError('CWT', 'exp must be after iat')
  if (options.signerNotAfter && options.exp > options.signerNotAfter) {
    throw new HcertError('CWT_EXPIRED', 'exp is after the signing DSC notAfter')
  }
  return signCoseSign1(encodeCwt({ iss: options.iss, iat, exp, dcc }), options.signer)
}
