import type { AuthenticatedCountry } from '../auth/authenticate.ts'
import { detachCms } from '../cms/detach.ts'
import { verifyCms } from '../cms/verify.ts'
import { GatewayProblem } from '../problem.ts'
import type { GatewayServices } from '../services.ts'
import { recordAudit } from './audit.ts'
import { openSignedUpload } from './signed-upload.ts'

/** The kinds of stored CMS package a country can re-sign (the reference's `CmsPackageTypeDto`). */
export const CMS_PACKAGE_TYPES = ['DSC', 'REVOCATION_LIST', 'VALIDATION_RULE'] as const
export type CmsPackageType = (typeof CMS_PACKAGE_TYPES)[number]

/** One stored CMS package of a country (`CmsPackageDto`): the CMS as stored (base64), its row id and its kind. */
export interface CmsPackage {
  readonly cms: string
  readonly entityId: number
  readonly type: CmsPackageType
}

const MIGRATION_CODES = { unreadable: '0x260', badSignature: '0x260', wrongUploader: '0x260' }

/**
 * The authenticated country's stored CMS packages (`GET /cms-migration`, §2.4): its DSCs in force (the uploader's
 * detached CMS), its validation rules (every version) and its revocation batches not deleted, in the reference's
 * order (DSCs, batches, rules), each by row id. A country that rotated its UPLOAD certificate finds here the packages
 * signed by the old one, to re-sign them with `POST`.
 */
export async function cmsPackagesOf(services: GatewayServices, country: string): Promise<CmsPackage[]> {
  const { db } = services
  const dscs = await db
    .selectFrom('signer_information')
    .select(['id', 'signature'])
    .where('country', '=', country)
    .where('signature', 'is not', null)
    .orderBy('id')
    .execute()
  const batches = await db
    .selectFrom('revocation_batch')
    .select(['id', 'signed_batch'])
    .where('country', '=', country)
    .where('deleted', '=', 0)
    .orderBy('id')
    .execute()
  const rules = await db
    .selectFrom('validation_rule')
    .select(['id', 'cms'])
    .where('country', '=', country)
    .orderBy('id')
    .execute()
  return [
    ...dscs.map((row) => ({ cms: row.signature as string, entityId: Number(row.id), type: 'DSC' as const })),
    ...batches.map((row) => ({ cms: row.signed_batch, entityId: Number(row.id), type: 'REVOCATION_LIST' as const })),
    ...rules.map((row) => ({ cms: row.cms, entityId: Number(row.id), type: 'VALIDATION_RULE' as const })),
  ]
}

/**
 * Replaces the CMS of a stored package with one re-signed by a current UPLOAD certificate (`POST /cms-migration`).
 * The new CMS is checked as an upload is (§2.5 checks 1–2: it parses, verifies, and its signer is an UPLOAD
 * certificate of the authenticated country), the package must be the country's (unknown → 404, another country's →
 * 400), and the signed content must be exactly what was stored (400): migration re-signs, it never changes data.
 */
export async function migrateCmsPackage(
  services: GatewayServices,
  auth: AuthenticatedCountry,
  update: CmsPackage,
): Promise<void> {
  const upload = await openSignedUpload(services, auth, update.cms, MIGRATION_CODES)
  const stored = await storedPackage(services, update)
  if (stored.country !== auth.country) {
    throw new GatewayProblem(400, '0x260', 'INVALID_COUNTRY', 'The package is not of the authenticated country')
  }
  if (!Buffer.from(upload.content).equals(stored.content)) {
    throw new GatewayProblem(400, '0x260', 'PAYLOAD_CHANGED', 'The re-signed CMS must carry the stored content')
  }
  const cms = Buffer.from(upload.cms).toString('base64')
  const { db } = services
  switch (update.type) {
    case 'DSC':
      await db
        .updateTable('signer_information')
        .set({ signature: Buffer.from(detachCms(upload.cms)).toString('base64') })
        .where('id', '=', update.entityId)
        .execute()
      break
    case 'REVOCATION_LIST':
      await db.updateTable('revocation_batch').set({ signed_batch: cms }).where('id', '=', update.entityId).execute()
      break
    case 'VALIDATION_RULE':
      await db.updateTable('validation_rule').set({ cms }).where('id', '=', update.entityId).execute()
      break
  }
  await recordAudit(db, {
    at: services.now(),
    country: auth.country,
    uploader: upload.uploaderThumbprint,
    authentication: auth.thumbprint,
    event: 'CMS_MIGRATED',
    description: `${update.type} ${update.entityId}`,
  })
}

/** The country and the signed content of a stored package; 404 when there is none of that kind and id. */
async function storedPackage(
  services: GatewayServices,
  { type, entityId }: CmsPackage,
): Promise<{ country: string; content: Buffer }> {
  const { db } = services
  let found: { country: string; content: Buffer } | undefined
  if (type === 'DSC') {
    const row = await db
      .selectFrom('signer_information')
      .select(['country', 'raw_data'])
      .where('id', '=', entityId)
      .where('signature', 'is not', null)
      .executeTakeFirst()
    if (row) found = { country: row.country, content: Buffer.from(row.raw_data, 'base64') }
  } else {
    const row =
      type === 'REVOCATION_LIST'
        ? await db
            .selectFrom('revocation_batch')
            .select(['country', 'signed_batch as cms'])
            .where('id', '=', entityId)
            .where('deleted', '=', 0)
            .executeTakeFirst()
        : await db
            .selectFrom('validation_rule')
            .select(['country', 'cms'])
            .where('id', '=', entityId)
            .executeTakeFirst()
    if (row) {
      // The stored CMS verified at upload; only its content is wanted now, whoever signed it.
      const { content } = await verifyCms(Buffer.from(row.cms, 'base64'))
      found = { country: row.country, content: Buffer.from(content) }
    }
  }
  if (!found) throw new GatewayProblem(404, '0x261', 'PACKAGE_NOT_FOUND', `No ${type} package ${entityId}`)
  return found
}
