import type { Kysely } from 'kysely'
import type { CertificateRow, Database } from './schema.ts'

/** A certificate to store. */
export interface NewCertificate {
  uvci: string
  fiscalCode: string
  /** `v`, `t` or `r`. */
  kind: string
  dn?: number | null
  sd?: number | null
  /** The DCC payload (JSON-serialisable). */
  payload: unknown
  hc1: string
  /** `AUTHCODE`, `CUN`, `NRFE` or `NUCG`. */
  codeType: string
  /** The code's hash: the code itself is never stored. */
  codeHash: string
  /** The signer's kid, base64. */
  signer: string
  iat: number
  exp: number
  issuedAt: number
  /** The event that produced it (`events.id`), null for re-issues. */
  eventRef?: number | null
}

/** A stored certificate. */
export interface Certificate {
  uvci: string
  fiscalCode: string
  kind: string
  dn: number | null
  sd: number | null
  payload: unknown
  hc1: string
  codeType: string
  codeHash: string
  signer: string
  iat: number
  exp: number
  issuedAt: number
  eventRef: number | null
  supersededBy: string | null
  revokedAt: number | null
  revokeReason: string | null
}

/** Rows per INSERT (17 columns a row: far below both engines' bound-parameter limits). */
const BATCH = 200

/** Stores certificates (a UVCI or code hash already present is a constraint error: both must be unique). */
export async function insertCertificates(db: Kysely<Database>, certificates: readonly NewCertificate[]): Promise<void> {
  for (let i = 0; i < certificates.length; i += BATCH) {
    await db
      .insertInto('certificates')
      .values(certificates.slice(i, i + BATCH).map(toRow))
      .execute()
  }
}

/** Stores one certificate. */
export async function insertCertificate(db: Kysely<Database>, certificate: NewCertificate): Promise<void> {
  await insertCertificates(db, [certificate])
}

export async function findCertificateByUvci(db: Kysely<Database>, uvci: string): Promise<Certificate | undefined> {
  const row = await db.selectFrom('certificates').selectAll().where('uvci', '=', uvci).executeTakeFirst()
  return row === undefined ? undefined : fromRow(row)
}

export async function findCertificateByCodeHash(
  db: Kysely<Database>,
  codeHash: string,
): Promise<Certificate | undefined> {
  const row = await db.selectFrom('certificates').selectAll().where('code_hash', '=', codeHash).executeTakeFirst()
  return row === undefined ? undefined : fromRow(row)
}

/** Every certificate of a person, in issuance order. */
export async function findCertificatesByFiscalCode(db: Kysely<Database>, fiscalCode: string): Promise<Certificate[]> {
  return findCertificatesByFiscalCodes(db, [fiscalCode])
}

/** Every certificate of these persons, in issuance order. */
export async function findCertificatesByFiscalCodes(
  db: Kysely<Database>,
  fiscalCodes: readonly string[],
): Promise<Certificate[]> {
  const found: Certificate[] = []
  for (let i = 0; i < fiscalCodes.length; i += BATCH) {
    const rows = await db
      .selectFrom('certificates')
      .selectAll()
      .where(
        'fiscal_code',
        'in',
        fiscalCodes.slice(i, i + BATCH).map((code) => code.toUpperCase()),
      )
      .orderBy('issued_at')
      .orderBy('uvci')
      .execute()
    for (const row of rows) found.push(fromRow(row))
  }
  return found
}

/**
 * Marks `uvci` as replaced by `byUvci` (a re-issue: the old certificate stays valid to its own end). Returns false when
 * there is no such certificate or it is already superseded, so a resumed re-issue job can tell work done from work to do.
 */
export async function markSuperseded(db: Kysely<Database>, uvci: string, byUvci: string): Promise<boolean> {
  const result = await db
    .updateTable('certificates')
    .set({ superseded_by: byUvci })
    .where('uvci', '=', uvci)
    .where('superseded_by', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Marks a certificate revoked. Returns false when there is no such certificate or it was already revoked. */
export async function revokeCertificate(
  db: Kysely<Database>,
  uvci: string,
  at: number,
  reason: string,
): Promise<boolean> {
  const result = await db
    .updateTable('certificates')
    .set({ revoked_at: at, revoke_reason: reason })
    .where('uvci', '=', uvci)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

function toRow(c: NewCertificate): Omit<CertificateRow, 'superseded_by' | 'revoked_at' | 'revoke_reason'> {
  return {
    uvci: c.uvci,
    fiscal_code: c.fiscalCode.toUpperCase(),
    kind: c.kind,
    dn: c.dn ?? null,
    sd: c.sd ?? null,
    payload: JSON.stringify(c.payload),
    hc1: c.hc1,
    code_type: c.codeType,
    code_hash: c.codeHash,
    signer: c.signer,
    iat: c.iat,
    exp: c.exp,
    issued_at: c.issuedAt,
    event_ref: c.eventRef ?? null,
  }
}

function fromRow(row: CertificateRow): Certificate {
  return {
    uvci: row.uvci,
    fiscalCode: row.fiscal_code,
    kind: row.kind,
    dn: row.dn,
    sd: row.sd,
    payload: JSON.parse(row.payload),
    hc1: row.hc1,
    codeType: row.code_type,
    codeHash: row.code_hash,
    signer: row.signer,
    iat: row.iat,
    exp: row.exp,
    issuedAt: row.issued_at,
    eventRef: row.event_ref,
    supersededBy: row.superseded_by,
    revokedAt: row.revoked_at,
    revokeReason: row.revoke_reason,
  }
}
