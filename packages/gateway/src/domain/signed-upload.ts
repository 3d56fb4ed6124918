import { CmsError } from '../cms/errors.ts'
import { verifyCms } from '../cms/verify.ts'
import type { AuthenticatedCountry } from '../auth/authenticate.ts'
import { GatewayProblem } from '../problem.ts'
import type { GatewayServices } from '../services.ts'
import { thumbprintOf } from '../trust/fingerprint.ts'
import { findTrustedParty } from '../trust/trusted-parties.ts'

/** The DGCG codes one API area answers with for a CMS it cannot read, a bad signature, and a wrong uploader. */
export interface UploadProblemCodes {
  readonly unreadable: string
  readonly badSignature: string
  readonly wrongUploader: string
}

/** An upload whose CMS verified and whose signer is an UPLOAD certificate of the authenticated country. */
export interface SignedUpload {
  readonly content: Uint8Array
  readonly cms: Uint8Array
  readonly uploaderThumbprint: string
}

/**
 * Opens an uploaded body (base64 text of a CMS SignedData, §2.4) and makes the checks every upload shares: the CMS
 * parses, has one certificate and one signer, and verifies (§2.5 check 1); its signer is an integrity-checked UPLOAD
 * trusted party of the authenticated country (check 2). Everything else is the caller's.
 */
export async function openSignedUpload(
  services: GatewayServices,
  auth: AuthenticatedCountry,
  body: string,
  codes: UploadProblemCodes,
): Promise<SignedUpload> {
  const text = body.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    throw new GatewayProblem(400, codes.unreadable, 'CMS_UNREADABLE', 'The body is not base64 text of a CMS')
  }
  const cms = new Uint8Array(Buffer.from(text, 'base64'))
  let verified
  try {
    verified = await verifyCms(cms)
  } catch (error) {
    if (!(error instanceof CmsError)) throw error
    const code = error.code === 'CMS_SIGNATURE' ? codes.badSignature : codes.unreadable
    throw new GatewayProblem(400, code, error.code, 'The CMS was refused', error.message)
  }
  const uploaderThumbprint = thumbprintOf(verified.signerCertificate)
  const uploader = await findTrustedParty(services.db, services.anchor, {
    thumbprint: uploaderThumbprint,
    country: auth.country,
    type: 'UPLOAD',
  })
  if (!uploader) {
    throw new GatewayProblem(
      400,
      codes.wrongUploader,
      'UPLOADER_CERT_CHECK_FAILED',
      'The CMS is not signed by an UPLOAD certificate of the authenticated country',
    )
  }
  return { content: verified.content, cms, uploaderThumbprint }
}
