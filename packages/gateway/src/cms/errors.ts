/** Why a CMS package was refused; callers branch on the code, never on the message. */
export type CmsErrorCode =
  /** Not DER/BER, or not a ContentInfo. */
  | 'CMS_PARSE'
  /** A ContentInfo, but not SignedData. */
  | 'CMS_NOT_SIGNED_DATA'
  /** Not exactly one certificate, or not exactly one SignerInfo (the gateway's rule for every upload). */
  | 'CMS_STRUCTURE'
  /** The encapsulated content is not of type `data`, or it is missing where it must be embedded. */
  | 'CMS_CONTENT'
  /** The signature (or the messageDigest signed attribute) does not match. */
  | 'CMS_SIGNATURE'
  /** The signer's key cannot be used (an algorithm we do not support). */
  | 'CMS_KEY'

export class CmsError extends Error {
  override name = 'CmsError'
  readonly code: CmsErrorCode

  constructor(code: CmsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}
