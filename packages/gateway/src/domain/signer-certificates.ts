import { X509Certificate } from 'node:crypto'
import type { AuthenticatedCountry } from '../auth/authenticate.ts'
import { detachCms } from '../cms/detach.ts'
import { GatewayProblem } from '../problem.ts'
import type { GatewayServices } from '../services.ts'
import { subjectCountries } from '../trust/distinguished-name.ts'
import { thumbprintOf } from '../trust/fingerprint.ts'
import { trustedParties } from '../trust/trusted-parties.ts'
import { recordAudit } from './audit.ts'
import { openSignedUpload, type SignedUpload } from './signed-upload.ts'

const DSC_CODES = { unreadable: '0x402', badSignature: '0x009', wrongUploader: '0x004' }

/** The DSC an upload carries, with its thumbprint. */
interface UploadedDsc extends SignedUpload {
  readonly der: Uint8Array
  readonly certificate: X509Certificate
  readonly thumbprint: string
}

/**
 * Adds a DSC (§2.5): the CMS checks and the uploader check, then the DSC's one `C=` is the authenticated country, one
 * of the country's onboarded CSCAs signed it, it is new (409 otherwise; a tombstone is replaced, so re-upload after
 * delete works) and its kid is unique. Stores the uploader's CMS, detached, as the DSC's `signature`. Every outcome is
 * audited. The DSC's validity dates are not checked, as in the reference (the API tests upload 10-second DSCs).
 */
export async function uploadSignerCertificate(
  services: GatewayServices,
  auth: AuthenticatedCountry,
  body: string,
): Promise<{ thumbprint: string }> {
  let uploader = ''
  try {
    const dsc = await openDsc(services, auth, body)
    uploader = dsc.uploaderThumbprint
    await checkIssuedByCsca(services, auth.country, dsc.certificate)
    const { db } = services
    const existing = await db
      .selectFrom('signer_information')
      .select(['id', 'signature'])
      .where('thumbprint', '=', dsc.thumbprint)
      .executeTakeFirst()
    if (existing?.signature) {
      throw new GatewayProblem(409, '0x002', 'ALREADY_EXIST_CHECK_FAILED', 'The DSC is already in the trust list')
    }
    const sameKid = await db
      .selectFrom('signer_information')
      .select('id')
      .where('thumbprint', 'like', `${dsc.thumbprint.slice(0, 16)}%`)
      .where('thumbprint', '!=', dsc.thumbprint)
      .executeTakeFirst()
    if (sameKid) {
      throw new GatewayProblem(400, '0x004', 'KID_CHECK_FAILED', 'Another certificate has the same kid')
    }
    const at = services.now().getTime()
    const signature = Buffer.from(detachCms(dsc.cms)).toString('base64')
    if (existing) {
      await db
        .updateTable('signer_information')
        .set({ signature, created_at: at, deleted_at: null })
        .where('id', '=', existing.id)
        .execute()
    } else {
      await db
        .insertInto('signer_information')
        .values({
          created_at: at,
          deleted_at: null,
          country: auth.country,
          thumbprint: dsc.thumbprint,
          raw_data: Buffer.from(dsc.der).toString('base64'),
          signature,
        })
        .execute()
    }
    await audit(services, auth, uploader, 'SUCCESS', `DSC ${dsc.thumbprint.slice(0, 16)} uploaded`)
    return { thumbprint: dsc.thumbprint }
  } catch (error) {
    if (error instanceof GatewayProblem) {
      const event = error.status === 409 ? 'EXIST_CHECK_FAILED' : 'UPLOAD_FAILED'
      await audit(services, auth, uploader, event, error.reason)
    }
    throw error
  }
}

/**
 * Deletes (revokes) a DSC (§2.5, last point): the CMS, uploader and country checks, then it must exist (404); the row
 * becomes a tombstone that deltas report with `rawData` null. No CSCA check, as in the reference.
 */
export async function deleteSignerCertificate(
  services: GatewayServices,
  auth: AuthenticatedCountry,
  body: string,
): Promise<void> {
  let uploader = ''
  try {
    const dsc = await openDsc(services, auth, body)
    uploader = dsc.uploaderThumbprint
    const deleted = await services.db
      .updateTable('signer_information')
      .set({ signature: null, deleted_at: services.now().getTime() })
      .where('thumbprint', '=', dsc.thumbprint)
      .where('country', '=', auth.country)
      .where('signature', 'is not', null)
      .executeTakeFirst()
    if (Number(deleted.numUpdatedRows) === 0) {
      throw new GatewayProblem(404, '0x005', 'EXIST_CHECK_FAILED', 'No such DSC in the trust list')
    }
    await audit(services, auth, uploader, 'SUCCESS', `DSC ${dsc.thumbprint.slice(0, 16)} deleted`)
  } catch (error) {
    if (error instanceof GatewayProblem) await audit(services, auth, uploader, 'DELETE_FAILED', error.reason)
    throw error
  }
}

/** Checks 1–3 of §2.5, shared by upload and delete: the CMS, its uploader, and the DSC's country of origin. */
async function openDsc(services: GatewayServices, auth: AuthenticatedCountry, body: string): Promise<UploadedDsc> {
  const upload = await openSignedUpload(services, auth, body, DSC_CODES)
  let certificate: X509Certificate
  try {
    certificate = new X509Certificate(upload.content)
  } catch {
    throw new GatewayProblem(400, '0x004', 'CERT_NOT_X509', 'The CMS content is not a DER X.509 certificate')
  }
  const der = new Uint8Array(certificate.raw)
  const countries = subjectCountries(certificate)
  if (countries.length !== 1 || countries[0] !== auth.country) {
    throw new GatewayProblem(
      400,
      '0x004',
      'COUNTRY_OF_ORIGIN_CHECK_FAILED',
      'The DSC subject must have exactly one C, the authenticated country',
    )
  }
  return { ...upload, der, certificate, thumbprint: thumbprintOf(der) }
}

/** Check 4 of §2.5: a plain signature check against one of the country's onboarded CSCAs (no path, time or DN). */
async function checkIssuedByCsca(services: GatewayServices, country: string, dsc: X509Certificate): Promise<void> {
  const cscas = await trustedParties(services.db, services.anchor, { type: 'CSCA', country })
  const issued = cscas.some((csca) => {
    try {
      return dsc.verify(csca.certificate.publicKey)
    } catch {
      return false
    }
  })
  if (!issued) {
    throw new GatewayProblem(400, '0x004', 'CSCA_CHECK_FAILED', 'No onboarded CSCA of the country signed the DSC')
  }
}

function audit(
  services: GatewayServices,
  auth: AuthenticatedCountry,
  uploader: string,
  event: string,
  description: string,
): Promise<void> {
  return recordAudit(services.db, {
    at: services.now(),
    country: auth.country,
    uploader,
    authentication: auth.thumbprint,
    event,
    description,
  })
}
