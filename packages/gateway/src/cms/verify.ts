import * as asn1js from 'asn1js'
import { pkijs } from './engine.ts'
import { CmsError } from './errors.ts'
import { toArrayBuffer } from './sign.ts'

export interface VerifiedCms {
  /** The signed content: the embedded one, or the detached one the caller gave. */
  readonly content: Uint8Array
  /** The DER of the one certificate the package carries, which made the signature. */
  readonly signerCertificate: Uint8Array
}

export interface VerifyCmsOptions {
  /** The content of a detached signature; without it the content must be embedded. */
  readonly detachedContent?: Uint8Array
}

/**
 * Checks a CMS SignedData the way the gateway does (gateway-and-trust.md §2.5, §8): a SignedData with exactly one
 * certificate and one SignerInfo, eContentType `data`, and a signature by that certificate's key over the content
 * (through the messageDigest signed attribute when there are signed attributes). No chain or time check: who the
 * signer is allowed to be is the caller's decision, from the returned certificate.
 *
 * @example const { content, signerCertificate } = await verifyCms(Buffer.from(body, 'base64'))
 */
export async function verifyCms(cms: Uint8Array, options: VerifyCmsOptions = {}): Promise<VerifiedCms> {
  let signedData: pkijs.SignedData
  try {
    const contentInfo = pkijs.ContentInfo.fromBER(toArrayBuffer(cms))
    if (contentInfo.contentType !== pkijs.ContentInfo.SIGNED_DATA) {
      throw new CmsError('CMS_NOT_SIGNED_DATA', `the CMS content type is ${contentInfo.contentType}, not SignedData`)
    }
    signedData = new pkijs.SignedData({ schema: contentInfo.content })
  } catch (error) {
    if (error instanceof CmsError) throw error
    throw new CmsError('CMS_PARSE', 'the body is not a DER CMS ContentInfo', { cause: error })
  }
  const certificates = signedData.certificates ?? []
  if (certificates.length !== 1 || !(certificates[0] instanceof pkijs.Certificate)) {
    throw new CmsError('CMS_STRUCTURE', `the CMS must carry exactly one certificate, not ${certificates.length}`)
  }
  if (signedData.signerInfos.length !== 1) {
    throw new CmsError('CMS_STRUCTURE', `the CMS must have exactly one signer, not ${signedData.signerInfos.length}`)
  }
  if (signedData.encapContentInfo.eContentType !== pkijs.ContentInfo.DATA) {
    throw new CmsError('CMS_CONTENT', 'the encapsulated content type must be data')
  }
  const embedded = embeddedContent(signedData.encapContentInfo.eContent)
  const content = options.detachedContent ?? embedded
  if (content === undefined) throw new CmsError('CMS_CONTENT', 'the CMS has no embedded content')
  if (
    options.detachedContent !== undefined &&
    embedded !== undefined &&
    !sameBytes(embedded, options.detachedContent)
  ) {
    throw new CmsError('CMS_CONTENT', 'the embedded content differs from the content it should sign')
  }
  let verified: boolean
  try {
    const result = await signedData.verify({
      signer: 0,
      checkChain: false,
      extendedMode: true,
      ...(options.detachedContent !== undefined ? { data: toArrayBuffer(options.detachedContent) } : {}),
    })
    verified = result.signatureVerified === true
  } catch (cause) {
    // pkijs throws (rather than returning false) when the signer is not found or a digest does not match.
    throw new CmsError('CMS_SIGNATURE', 'the CMS signature does not verify', { cause })
  }
  if (!verified) throw new CmsError('CMS_SIGNATURE', 'the CMS signature does not verify')
  const certificate = certificates[0]
  return { content, signerCertificate: new Uint8Array(certificate.toSchema().toBER()) }
}

/** The eContent bytes; a constructed (chunked BER) OCTET STRING is joined. Undefined for a detached signature. */
function embeddedContent(eContent: asn1js.OctetString | undefined): Uint8Array | undefined {
  if (eContent === undefined) return undefined
  if (!eContent.idBlock.isConstructed) return new Uint8Array(eContent.valueBlock.valueHexView)
  const parts = (eContent.valueBlock.value as asn1js.OctetString[]).map(
    (part) => new Uint8Array(part.valueBlock.valueHexView),
  )
  return new Uint8Array(Buffer.concat(parts))
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b))
}
