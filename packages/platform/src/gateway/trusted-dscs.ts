import { X509Certificate } from 'node:crypto'
import { CmsError, kidBase64Of, thumbprintOf, type TrustListItem, verifyCms } from '@greenpass/gateway/client'
import type { GatewayDsc } from './repository.ts'

/** Why a downloaded entry was not trusted (counted and reported, never served). */
export type RejectionReason = 'NOT_SIGNED_BY_TRUST_ANCHOR' | 'NO_ONBOARDED_CSCA' | 'UPLOAD_SIGNATURE' | 'MALFORMED'

export interface TrustSelection {
  readonly accepted: Omit<GatewayDsc, 'id'>[]
  readonly rejected: { readonly thumbprint: string; readonly reason: RejectionReason }[]
}

interface Party {
  readonly country: string
  readonly certificate: X509Certificate
  readonly thumbprint: string
}

/**
 * Keeps the downloaded DSCs a national backend may trust, as dgc-lib's download connector does (§3.1), not taking
 * the gateway's word for anything:
 * 1. CSCA and UPLOAD entries count only when the trust anchor's detached CMS over them verifies (signer == anchor);
 * 2. a DSC needs a trusted CSCA of its own country whose subject is the DSC's issuer and whose key verifies it;
 * 3. and its `signature` (the uploader's detached CMS) must verify over it, made by a trusted UPLOAD certificate of
 *    that same country — so a DSC slipped into the gateway's table, or uploaded with another country's key, is refused.
 * Tombstones (deleted DSCs) are simply absent from the result.
 */
export async function selectTrustedDscs(
  list: { csca: readonly TrustListItem[]; upload: readonly TrustListItem[]; dsc: readonly TrustListItem[] },
  trustAnchorDer: Uint8Array,
): Promise<TrustSelection> {
  const anchor = thumbprintOf(trustAnchorDer)
  const cscas = await anchoredParties(list.csca, anchor)
  const uploads = await anchoredParties(list.upload, anchor)
  const accepted: Omit<GatewayDsc, 'id'>[] = []
  const rejected: TrustSelection['rejected'][number][] = []
  for (const item of list.dsc) {
    if (item.rawData === null) continue
    const reason = await dscProblem(item, cscas, uploads)
    if (reason) rejected.push({ thumbprint: item.thumbprint, reason })
    else {
      const der = new Uint8Array(Buffer.from(item.rawData, 'base64'))
      accepted.push({
        thumbprint: thumbprintOf(der),
        kid: kidBase64Of(der),
        country: item.country,
        rawData: item.rawData,
      })
    }
  }
  return { accepted, rejected }
}

async function dscProblem(
  item: TrustListItem,
  cscas: readonly Party[],
  uploads: readonly Party[],
): Promise<RejectionReason | undefined> {
  let dsc: X509Certificate
  try {
    dsc = new X509Certificate(Buffer.from(item.rawData ?? '', 'base64'))
  } catch {
    return 'MALFORMED'
  }
  const issuedBy = cscas.some(
    (csca) =>
      csca.country === item.country && csca.certificate.subject === dsc.issuer && safeVerify(dsc, csca.certificate),
  )
  if (!issuedBy) return 'NO_ONBOARDED_CSCA'
  if (!item.signature) return 'UPLOAD_SIGNATURE'
  try {
    const { signerCertificate } = await verifyCms(Buffer.from(item.signature, 'base64'), {
      detachedContent: new Uint8Array(dsc.raw),
    })
    const signer = thumbprintOf(signerCertificate)
    if (!uploads.some((upload) => upload.country === item.country && upload.thumbprint === signer))
      return 'UPLOAD_SIGNATURE'
  } catch (error) {
    if (error instanceof CmsError) return 'UPLOAD_SIGNATURE'
    throw error
  }
  return undefined
}

/** The entries whose detached CMS verifies over their DER and was made by the trust anchor. */
async function anchoredParties(items: readonly TrustListItem[], anchor: string): Promise<Party[]> {
  const parties: Party[] = []
  for (const item of items) {
    if (!item.rawData || !item.signature) continue
    try {
      const der = new Uint8Array(Buffer.from(item.rawData, 'base64'))
      const { signerCertificate } = await verifyCms(Buffer.from(item.signature, 'base64'), { detachedContent: der })
      if (thumbprintOf(signerCertificate) !== anchor) continue
      parties.push({ country: item.country, certificate: new X509Certificate(der), thumbprint: thumbprintOf(der) })
    } catch (error) {
      if (!(error instanceof CmsError) && !(error instanceof TypeError) && !isCertificateError(error)) throw error
    }
  }
  return parties
}

function safeVerify(dsc: X509Certificate, csca: X509Certificate): boolean {
  try {
    return dsc.verify(csca.publicKey)
  } catch {
    return false
  }
}

/** node:crypto's error for bytes that are not a certificate. */
function isCertificateError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_OSSL')
}
