import { type KeyObject, X509Certificate } from 'node:crypto'
import type { DccType } from '../dcc.ts'
import { HcertError } from '../errors.ts'
import { dccKeyUsage } from '../key-usage.ts'
import { kidOf, kidToBase64 } from '../kid.ts'

/**
 * A Document Signer Certificate ready for verification: its public key is parsed once here, not on every check
 * (re-parsing per verification costs more than the signature check itself). `Key` is Node's `KeyObject`; the browser
 * build holds a WebCrypto `CryptoKey` instead (`importWebDsc`).
 */
export interface Dsc<Key = KeyObject> {
  readonly kid: Uint8Array
  /** The kid as trust lists write it (base64). */
  readonly kidBase64: string
  readonly publicKey: Key
  readonly notBefore: Date | undefined
  readonly notAfter: Date | undefined
  readonly keyUsage: ReadonlySet<DccType> | 'any'
  /** The certificate itself, when the DSC came from one (trust lists of bare keys have none). */
  readonly certificate: X509Certificate | undefined
}

/**
 * Builds a `Dsc` from a certificate in DER, base64 DER (as trust lists ship it) or PEM. An unparsable certificate is
 * a `KEY` error.
 *
 * `kid` overrides the computed one: trust lists are authoritative for kids, and some serve kids that are not derived
 * from the certificate (the Italian list has UK DSCs under ASCII kids such as `d3ByZGtleTI=`).
 *
 * @example const dsc = importDsc(testCase.TESTCTX.CERTIFICATE)
 */
export function importDsc(certificate: Uint8Array | string, options: { kid?: Uint8Array } = {}): Dsc {
  let x509: X509Certificate
  try {
    const input =
      typeof certificate === 'string' && !certificate.includes('-----BEGIN')
        ? Buffer.from(certificate.replace(/\s+/g, ''), 'base64')
        : certificate
    x509 = new X509Certificate(input)
  } catch (cause) {
    throw new HcertError('KEY', `Not an X.509 certificate: ${(cause as Error).message}`, { cause })
  }
  const kid = options.kid ?? kidOf(x509.raw)
  return {
    kid,
    kidBase64: kidToBase64(kid),
    publicKey: x509.publicKey,
    notBefore: x509.validFromDate,
    notAfter: x509.validToDate,
    keyUsage: dccKeyUsage(x509.keyUsage),
    certificate: x509,
  }
}
