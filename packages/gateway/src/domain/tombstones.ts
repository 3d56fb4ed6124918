import type { GatewayServices } from '../services.ts'

/** How long a deleted DSC or revocation batch stays visible to deltas (`dgc.signer-information.delete-threshold`). */
export const TOMBSTONE_RETENTION_MS = 14 * 86_400_000

/**
 * Purges the tombstones older than the retention (§2.4, §2.7): DSCs deleted before `now - retention` (the rows
 * deltas report with `rawData` null) and revocation batches marked deleted before it. A client that syncs less often
 * than the retention must download the full list again, as with the reference.
 */
export async function purgeTombstones(
  services: GatewayServices,
  retentionMs = TOMBSTONE_RETENTION_MS,
): Promise<{ signerCertificates: number; revocationBatches: number }> {
  const before = services.now().getTime() - retentionMs
  const dscs = await services.db
    .deleteFrom('signer_information')
    .where('signature', 'is', null)
    .where('deleted_at', '<', before)
    .executeTakeFirst()
  const batches = await services.db
    .deleteFrom('revocation_batch')
    .where('deleted', '=', 1)
    .where('changed', '<', before)
    .executeTakeFirst()
  return { signerCertificates: Number(dscs.numDeletedRows), revocationBatches: Number(batches.numDeletedRows) }
}
