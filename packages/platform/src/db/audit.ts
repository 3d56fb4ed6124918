import type { Kysely } from 'kysely'
import type { Database } from './schema.ts'

/** One administrative act. */
export interface AuditEntry {
  at: number
  actor: string
  action: string
  subject?: string | null
  /** JSON-serialisable; never personal data beyond what the act needs. */
  details?: unknown
}

/** A stored audit entry. */
export interface StoredAuditEntry {
  id: number
  at: number
  actor: string
  action: string
  subject: string | null
  details: unknown
}

/**
 * Appends to the audit log. The log is insert-only by construction: this module offers no update or delete, and no
 * other repository touches the table.
 */
export async function appendAudit(db: Kysely<Database>, entry: AuditEntry): Promise<number> {
  const row = await db
    .insertInto('audit')
    .values({
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject ?? null,
      details: entry.details === undefined ? null : JSON.stringify(entry.details),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** The most recent entries first, optionally about one subject. */
export async function listAudit(
  db: Kysely<Database>,
  options: { subject?: string; limit?: number } = {},
): Promise<StoredAuditEntry[]> {
  let query = db.selectFrom('audit').selectAll()
  if (options.subject !== undefined) query = query.where('subject', '=', options.subject)
  const rows = await query
    .orderBy('id', 'desc')
    .limit(options.limit ?? 100)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    details: r.details === null ? null : JSON.parse(r.details),
  }))
}
