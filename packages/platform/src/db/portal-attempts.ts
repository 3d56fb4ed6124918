import type { Kysely } from 'kysely'
import { dialectOf } from '@greenpass/storage'
import type { Database } from './schema.ts'
import { withTransaction } from './transaction.ts'

/** A subject's attempt counters (see `portal/attempt-policy.ts`). */
export interface StoredAttempts {
  readonly windowStart: number
  readonly attempts: number
  readonly failures: number
  readonly lockedUntil: number | null
}

/** The counters of these subjects (absent subjects never tried). */
export async function findAttempts(
  db: Kysely<Database>,
  subjects: readonly string[],
): Promise<Map<string, StoredAttempts>> {
  if (subjects.length === 0) return new Map()
  let query = db
    .selectFrom('portal_attempts')
    .selectAll()
    .where('subject', 'in', [...subjects])
  // Inside a transaction on PostgreSQL, hold the rows until it ends: two nodes counting the same subject at once
  // then add up instead of overwriting each other.
  if (db.isTransaction && dialectOf(db) === 'postgres') query = query.forUpdate()
  const rows = await query.execute()
  return new Map(
    rows.map((row) => [
      row.subject,
      { windowStart: row.window_start, attempts: row.attempts, failures: row.failures, lockedUntil: row.locked_until },
    ]),
  )
}

/**
 * Reads the counters of `subjects`, lets `next` compute their new values, and stores them, in one transaction.
 *
 * @example await updateAttempts(db, ['ip:…', 'card:…'], now, (state) => recordAttempt(state, now, false, limits))
 */
export async function updateAttempts(
  db: Kysely<Database>,
  subjects: readonly string[],
  at: number,
  next: (subject: string, state: StoredAttempts | undefined) => StoredAttempts,
): Promise<void> {
  await withTransaction(db, async (trx) => {
    const current = await findAttempts(trx, subjects)
    for (const subject of subjects) {
      const state = next(subject, current.get(subject))
      const row = {
        window_start: state.windowStart,
        attempts: state.attempts,
        failures: state.failures,
        locked_until: state.lockedUntil,
        updated_at: at,
      }
      await trx
        .insertInto('portal_attempts')
        .values({ subject, ...row })
        .onConflict((oc) => oc.column('subject').doUpdateSet(row))
        .execute()
    }
  })
}

/**
 * Deletes the counters of subjects not seen since `before` whose lock-out (if any) had ended by then: their window
 * is long over, so they decide nothing any more and only keep keyed hashes of addresses and cards around. Returns how
 * many rows went.
 */
export async function purgeAttempts(db: Kysely<Database>, before: number): Promise<number> {
  const result = await db
    .deleteFrom('portal_attempts')
    .where('updated_at', '<', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', before)]))
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
