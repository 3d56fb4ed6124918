import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { withTransaction } from '../db/transaction.ts'

/** A foreign DSC the connector accepted, as the verifier API serves it. */
export interface GatewayDsc {
  readonly id: number
  readonly thumbprint: string
  readonly kid: string
  readonly country: string
  /** Base64 DER. */
  readonly rawData: string
}

/** Where the trust-list download stands: what `/v1/admin/gateway` reports. */
export interface GatewaySyncState {
  readonly lastAttemptAt: Date
  readonly lastSuccessAt: Date | null
  readonly lastError: string | null
  readonly accepted: number
  readonly rejected: number
}

const TRUST_LIST_JOB = 'trust-list'

/** The accepted foreign DSCs, in id order (the verifier API's update order). */
export async function listGatewayDscs(db: Kysely<Database>): Promise<GatewayDsc[]> {
  const rows = await db.selectFrom('gateway_dscs').selectAll().orderBy('id').execute()
  return rows.map((row) => ({
    id: Number(row.id),
    thumbprint: row.thumbprint,
    kid: row.kid,
    country: row.country,
    rawData: row.raw_data,
  }))
}

/**
 * Replaces the accepted DSCs with the result of a good download, in one transaction: rows still accepted stay as they
 * are (same id), the others go, new ones are added; and the job's state records the success.
 */
export async function replaceGatewayDscs(
  db: Kysely<Database>,
  accepted: readonly Omit<GatewayDsc, 'id'>[],
  rejected: number,
  at: Date,
): Promise<void> {
  await withTransaction(db, async (trx) => {
    const keep = new Set(accepted.map((dsc) => dsc.thumbprint))
    const stored = await trx.selectFrom('gateway_dscs').select('thumbprint').execute()
    const gone = stored.map((row) => row.thumbprint).filter((thumbprint) => !keep.has(thumbprint))
    if (gone.length > 0) await trx.deleteFrom('gateway_dscs').where('thumbprint', 'in', gone).execute()
    const known = new Set(stored.map((row) => row.thumbprint))
    const added = accepted.filter((dsc) => !known.has(dsc.thumbprint))
    if (added.length > 0) {
      await trx
        .insertInto('gateway_dscs')
        .values(
          added.map((dsc) => ({
            thumbprint: dsc.thumbprint,
            kid: dsc.kid,
            country: dsc.country,
            raw_data: dsc.rawData,
            added_at: at.getTime(),
          })),
        )
        .execute()
    }
    await saveState(trx, { at, success: true, error: null, accepted: accepted.length, rejected })
  })
}

/** Records a failed download: the accepted DSCs stay in service, and the failure is reported with its time. */
export async function recordGatewayFailure(db: Kysely<Database>, error: string, at: Date): Promise<void> {
  await saveState(db, { at, success: false, error: error.slice(0, 500) })
}

export async function gatewaySyncState(db: Kysely<Database>): Promise<GatewaySyncState | undefined> {
  const row = await db.selectFrom('gateway_sync').selectAll().where('job', '=', TRUST_LIST_JOB).executeTakeFirst()
  if (!row) return undefined
  return {
    lastAttemptAt: new Date(row.last_attempt_at),
    lastSuccessAt: row.last_success_at === null ? null : new Date(row.last_success_at),
    lastError: row.last_error,
    accepted: row.accepted,
    rejected: row.rejected,
  }
}

async function saveState(
  db: Kysely<Database>,
  state: { at: Date; success: boolean; error: string | null; accepted?: number; rejected?: number },
): Promise<void> {
  const at = state.at.getTime()
  const counts = state.success ? { accepted: state.accepted ?? 0, rejected: state.rejected ?? 0 } : {}
  await db
    .insertInto('gateway_sync')
    .values({
      job: TRUST_LIST_JOB,
      last_attempt_at: at,
      last_success_at: state.success ? at : null,
      last_error: state.error,
      accepted: state.accepted ?? 0,
      rejected: state.rejected ?? 0,
    })
    .onConflict((oc) =>
      oc.column('job').doUpdateSet({
        last_attempt_at: at,
        last_error: state.error,
        ...(state.success ? { last_success_at: at } : {}),
        ...counts,
      }),
    )
    .execute()
}
