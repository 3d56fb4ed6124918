import type { Kysely } from 'kysely'
import type { Database } from './schema.ts'

/** A certificate's IO record (see migration 0003-io). */
export interface NewIoCertificate {
  uvci: string
  /** SHA-256 hex of the upper-case fiscal code. */
  cfSha256: string
  authCodeSealed: string
  createdAt: number
}

/** A certificate whose IO message a refresh sends again. */
export interface IoCertificateToResend {
  uvci: string
  fiscalCode: string
  kind: string
  authCodeSealed: string
}

const BATCH = 500

export async function insertIoCertificates(db: Kysely<Database>, rows: readonly NewIoCertificate[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insertInto('io_certificates')
      .values(
        rows.slice(i, i + BATCH).map((r) => ({
          uvci: r.uvci,
          cf_sha256: r.cfSha256,
          auth_code_sealed: r.authCodeSealed,
          created_at: r.createdAt,
        })),
      )
      .execute()
  }
}

/** The IO records of a hashed fiscal code, whatever their certificates' state. */
export async function ioRecordsOf(
  db: Kysely<Database>,
  cfSha256: string,
): Promise<{ uvci: string; authCodeSealed: string }[]> {
  const rows = await db
    .selectFrom('io_certificates')
    .select(['uvci', 'auth_code_sealed'])
    .where('cf_sha256', '=', cfSha256)
    .execute()
  return rows.map((row) => ({ uvci: row.uvci, authCodeSealed: row.auth_code_sealed }))
}

/** The certificates of a hashed fiscal code that are neither revoked nor technically expired at `at` (epoch ms). */
export async function ioCertificatesToResend(
  db: Kysely<Database>,
  cfSha256: string,
  at: number,
): Promise<IoCertificateToResend[]> {
  const rows = await db
    .selectFrom('io_certificates as io')
    .innerJoin('certificates as c', 'c.uvci', 'io.uvci')
    .select(['c.uvci', 'c.fiscal_code', 'c.kind', 'io.auth_code_sealed'])
    .where('io.cf_sha256', '=', cfSha256)
    .where('c.revoked_at', 'is', null)
    .where('c.exp', '>', Math.floor(at / 1000))
    .orderBy('c.issued_at')
    .orderBy('c.uvci')
    .execute()
  return rows.map((r) => ({
    uvci: r.uvci,
    fiscalCode: r.fiscal_code,
    kind: r.kind,
    authCodeSealed: r.auth_code_sealed,
  }))
}

/**
 * Makes each IO message due again at `at` with a fresh payload: a new `io` outbox row, or the existing row of that key
 * re-armed (delivered rows have had their payload scrubbed; dead ones get a new chance). Keeping one row per key is
 * what lets the receiver recognise a message it already has.
 */
export async function rearmIoMessages(
  db: Kysely<Database>,
  messages: readonly { idempotencyKey: string; payload: unknown }[],
  at: number,
): Promise<void> {
  for (const message of messages) {
    const payload = JSON.stringify(message.payload)
    await db
      .insertInto('outbox')
      .values({
        kind: 'io',
        idempotency_key: message.idempotencyKey,
        payload,
        next_attempt_at: at,
        claimed_until: null,
        done_at: null,
        last_error: null,
        created_at: at,
      })
      .onConflict((oc) =>
        oc.column('idempotency_key').doUpdateSet({
          payload,
          next_attempt_at: at,
          claimed_until: null,
          done_at: null,
          last_error: null,
          attempts: 0,
        }),
      )
      .execute()
  }
}
