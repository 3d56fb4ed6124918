import { randomUUID } from 'node:crypto'
import type { AuthenticatedCountry } from '../auth/authenticate.ts'
import { GatewayProblem } from '../problem.ts'
import type { GatewayServices } from '../services.ts'
import { recordAudit } from './audit.ts'
import { openSignedUpload } from './signed-upload.ts'
import { formatTimestamp } from './trust-list.ts'

const BATCH_CODES = { unreadable: '0x300', badSignature: '0x300', wrongUploader: '0x301' }
export const HASH_TYPES = ['UCI', 'COUNTRYCODEUCI', 'SIGNATURE'] as const
/** Most entries in one batch, and most batches in one `GET /revocation-list` answer (§2.4, §2.7). */
export const MAX_BATCH_ENTRIES = 1000
export const MAX_BATCHES_PER_PAGE = 1000

export interface BatchListItem {
  readonly batchId: string
  readonly country: string
  readonly date: string
  readonly deleted: boolean
}

/**
 * Adds a revocation batch (§2.7): a CMS by an UPLOAD certificate of the authenticated country, embedding
 * `{country, expires, kid, hashType, entries: [{hash}]}` with 1–1000 entries of base64 128-bit hashes; the country
 * must be the authenticated one (403) and `expires` in the future. Returns the new batch ID.
 */
export async function uploadRevocationBatch(
  services: GatewayServices,
  auth: AuthenticatedCountry,
  body: string,
): Promise<string> {
  const upload = await openSignedUpload(services, auth, body, BATCH_CODES)
  let batch: unknown
  try {
    batch = JSON.parse(Buffer.from(upload.content).toString('utf8'))
  } catch {
    throw new GatewayProblem(400, '0x302', 'INVALID_JSON', 'The CMS content is not one JSON document')
  }
  const problems = checkBatch(batch)
  if (problems.length > 0) {
    throw new GatewayProblem(400, '0x302', 'INVALID_BATCH', 'The batch does not match the schema', problems.join('; '))
  }
  const { country, expires, kid, hashType } = batch as {
    country: string
    expires: string
    kid: string
    hashType: string
  }
  if (country !== auth.country) {
    throw new GatewayProblem(403, '0x303', 'INVALID_COUNTRY', 'The batch is not of the authenticated country')
  }
  const now = services.now().getTime()
  if (Date.parse(expires) <= now) throw new GatewayProblem(400, '0x304', 'EXPIRED', 'The batch has already expired')
  const batchId = randomUUID()
  await services.db
    .insertInto('revocation_batch')
    .values({
      batch_id: batchId,
      country,
      changed: now,
      expires: Date.parse(expires),
      deleted: 0,
      hash_type: hashType,
      kid,
      signed_batch: Buffer.from(upload.cms).toString('base64'),
    })
    .execute()
  await audit(services, auth, upload.uploaderThumbprint, 'CREATED', `revocation batch ${batchId}`)
  return batchId
}

/**
 * Batch metadata changed at or after `since` (which must not be in the future), oldest first, 1000 at most with
 * `more` when there are others (§2.4).
 */
export async function listRevocationBatches(
  services: GatewayServices,
  since: Date,
): Promise<{ more: boolean; batches: BatchListItem[] }> {
  if (since.getTime() > services.now().getTime()) {
    throw new GatewayProblem(400, '0x305', 'DATE_IN_FUTURE', 'If-Modified-Since must not be in the future')
  }
  const rows = await services.db
    .selectFrom('revocation_batch')
    .select(['batch_id', 'country', 'changed', 'deleted'])
    .where('changed', '>=', since.getTime())
    .orderBy('changed')
    .orderBy('id')
    .limit(MAX_BATCHES_PER_PAGE + 1)
    .execute()
  return {
    more: rows.length > MAX_BATCHES_PER_PAGE,
    batches: rows.slice(0, MAX_BATCHES_PER_PAGE).map((row) => ({
      batchId: row.batch_id,
      country: row.country,
      date: formatTimestamp(row.changed),
      deleted: row.deleted === 1,
    })),
  }
}

/** The signed batch (base64 CMS): 404 when unknown, 410 when deleted. */
export async function downloadRevocationBatch(services: GatewayServices, batchId: string): Promise<string> {
  const row = await services.db
    .selectFrom('revocation_batch')
    .select(['signed_batch', 'deleted'])
    .where('batch_id', '=', batchId)
    .executeTakeFirst()
  if (!row) throw new GatewayProblem(404, '0x306', 'BATCH_NOT_FOUND', 'No such revocation batch')
  if (row.deleted) throw new GatewayProblem(410, '0x307', 'BATCH_GONE', 'The revocation batch was deleted')
  return row.signed_batch
}

/**
 * Deletes a batch: the CMS embeds `{"batchId": "<uuid>"}`; another country's batch → 403, unknown → 404, already
 * deleted → 410. The row stays, marked deleted, so `GET /revocation-list` reports the deletion.
 */
export async function deleteRevocationBatch(
  services: GatewayServices,
  auth: AuthenticatedCountry,
  body: string,
): Promise<void> {
  const upload = await openSignedUpload(services, auth, body, BATCH_CODES)
  let batchId: unknown
  try {
    batchId = (JSON.parse(Buffer.from(upload.content).toString('utf8')) as { batchId?: unknown }).batchId
  } catch {
    throw new GatewayProblem(400, '0x302', 'INVALID_JSON', 'The CMS content is not one JSON document')
  }
  if (typeof batchId !== 'string') throw new GatewayProblem(400, '0x302', 'INVALID_BATCH', 'batchId is missing')
  const row = await services.db
    .selectFrom('revocation_batch')
    .select(['country', 'deleted'])
    .where('batch_id', '=', batchId)
    .executeTakeFirst()
  if (!row) throw new GatewayProblem(404, '0x306', 'BATCH_NOT_FOUND', 'No such revocation batch')
  if (row.country !== auth.country) {
    throw new GatewayProblem(403, '0x303', 'INVALID_COUNTRY', 'The batch is not of the authenticated country')
  }
  if (row.deleted) throw new GatewayProblem(410, '0x307', 'BATCH_GONE', 'The revocation batch was already deleted')
  await services.db
    .updateTable('revocation_batch')
    .set({ deleted: 1, changed: services.now().getTime() })
    .where('batch_id', '=', batchId)
    .execute()
  await audit(services, auth, upload.uploaderThumbprint, 'DELETED', `revocation batch ${batchId}`)
}

/** Every schema violation of a batch document (§2.7). */
function checkBatch(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['the batch must be a JSON object']
  const batch = value as Record<string, unknown>
  const problems: string[] = []
  if (typeof batch.country !== 'string' || !/^[A-Z]{2}$/.test(batch.country)) problems.push('country is not 2 letters')
  if (typeof batch.expires !== 'string' || Number.isNaN(Date.parse(batch.expires)))
    problems.push('expires is not a date-time')
  if (typeof batch.kid !== 'string' || (batch.kid !== 'UNKNOWN_KID' && !/^[A-Za-z0-9+/]{11}=?$/.test(batch.kid))) {
    problems.push('kid is not base64 of 8 bytes nor UNKNOWN_KID')
  }
  if (!HASH_TYPES.includes(batch.hashType as (typeof HASH_TYPES)[number])) {
    problems.push(`hashType is not one of ${HASH_TYPES.join(', ')}`)
  }
  const entries = batch.entries
  if (!Array.isArray(entries) || entries.length < 1 || entries.length > MAX_BATCH_ENTRIES) {
    problems.push(`entries must hold 1 to ${MAX_BATCH_ENTRIES} hashes`)
  } else if (
    !entries.every((entry) => /^[A-Za-z0-9+/]{22}==$/.test(String((entry as { hash?: unknown } | null)?.hash)))
  ) {
    problems.push('every entry hash is base64 of 16 bytes (24 characters ending in ==)')
  }
  return problems
}

function audit(
  services: GatewayServices,
  auth: AuthenticatedCountry,
  uploader: string,
  event: string,
  description: string,
) {
  return recordAudit(services.db, {
    at: services.now(),
    country: auth.country,
    uploader,
    authentication: auth.thumbprint,
    event,
    description,
  })
}
