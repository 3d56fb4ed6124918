/**
 * Every failure of the format library is an `HcertError` with a stable `code`.
 * Callers branch on `code`, never on `message`; the codes name the pipeline stage that refused the input.
 */
export type HcertErrorCode =
  /** The text does not start with the `HC1:` context identifier. */
  | 'HC1_PREFIX'
  /** Not valid Base45 (RFC 9285): a character outside the alphabet, a group out of range, a bad length. */
  | 'BASE45'
  /** Not a valid zlib stream (header, data or checksum). */
  | 'ZLIB'
  /** The zlib stream inflates beyond the cap: a zip bomb, or not a certificate. */
  | 'ZLIB_TOO_LARGE'
  /** Not well-formed CBOR, or CBOR beyond the size and nesting bounds. */
  | 'CBOR'
  /** CBOR, but not a COSE_Sign1 structure (or bad header parameters: alg, kid). */
  | 'COSE'
  /** The COSE algorithm is not ES256 or PS256, or does not match the key. */
  | 'COSE_ALG'
  /** The COSE payload is not a well-formed CWT with an `hcert` claim holding exactly `{1: DCC}`. */
  | 'CWT'
  /** The CWT `exp` is before the validation instant, or after the DSC's notAfter. */
  | 'CWT_EXPIRED'
  /** The CWT `iat` is after the validation instant, or before the DSC's notBefore. */
  | 'CWT_NOT_YET_VALID'
  /** No kid in either header, or a kid that is not 8 bytes. */
  | 'KID'
  /** No certificate in the trust store carries the kid. */
  | 'KID_UNKNOWN'
  /** No certificate that carries the kid verifies the signature. */
  | 'SIGNATURE'
  /** The DSC's extended key usage does not allow the certificate's type (test, vaccination, recovery). */
  | 'KEY_USAGE'
  /** A signing key or DSC that cannot be used (wrong type, unparsable certificate). */
  | 'KEY'
  /** The DCC payload violates the schema of its version (every violation is listed in `violations`). */
  | 'SCHEMA'
  /** A UVCI that does not have the shape asked for. */
  | 'UVCI'
  /** The payload cannot be rendered as a QR code (too long, not alphanumeric). */
  | 'QR_RENDER'
  /** No QR code could be read from the image, or the image is not a PNG/JPEG. */
  | 'QR_READ'

/** One schema violation: where (a JSON pointer into the DCC) and what. */
export interface SchemaViolation {
  path: string
  keyword: string
  message: string
}

export class HcertError extends Error {
  override name = 'HcertError'
  readonly code: HcertErrorCode
  readonly violations: readonly SchemaViolation[] | undefined

  constructor(
    code: HcertErrorCode,
    message: string,
    options?: { cause?: unknown; violations?: readonly SchemaViolation[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.violations = options?.violations
  }
}

/** True when `error` is an `HcertError`, optionally with the given code. */
export function isHcertError(error: unknown, code?: HcertErrorCode): error is HcertError {
  return error instanceof HcertError && (code === undefined || error.code === code)
}
