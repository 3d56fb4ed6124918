import type { IoDatabase } from './database.ts'

/** A message a service sent to a citizen. */
export interface InboxMessage {
  readonly id: string
  readonly fiscalCode: string
  readonly serviceId: string
  readonly subject: string
  readonly markdown: string
  /** `eu_covid_cert.auth_code`: present on certificate messages only. */
  readonly euCovidAuthCode: string | undefined
  readonly timeToLive: number
  readonly createdAt: number
  readonly readAt: number | undefined
}

type Row = {
  id: string
  fiscal_code: string
  service_id: string
  subject: string
  markdown: string
  eu_covid_auth_code: string | null
  time_to_live: number
  created_at: number
  read_at: number | null
}

/**
 * Stores a message; a second submission with the same service and idempotency key stores nothing and returns the
 * first message's id (the platform's outbox may send a message twice after a crash or a refresh).
 */
export function insertMessage(
  db: IoDatabase,
  message: Omit<InboxMessage, 'readAt'>,
  idempotencyKey: string | undefined,
): { id: string; created: boolean } {
  const result = db
    .prepare(
      `insert into messages (id, fiscal_code, service_id, subject, markdown, eu_covid_auth_code, time_to_live,
         idempotency_key, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (service_id, idempotency_key) do nothing`,
    )
    .run(
      message.id,
      message.fiscalCode,
      message.serviceId,
      message.subject,
      message.markdown,
      message.euCovidAuthCode ?? null,
      message.timeToLive,
      idempotencyKey ?? null,
      message.createdAt,
    )
  if (Number(result.changes) === 1) return { id: message.id, created: true }
  const first = db
    .prepare('select id from messages where service_id = ? and idempotency_key = ?')
    .get(message.serviceId, idempotencyKey ?? null) as { id: string }
  return { id: first.id, created: false }
}

/** A citizen's inbox, newest first. */
export function listInbox(db: IoDatabase, fiscalCode: string): InboxMessage[] {
  const rows = db
    .prepare('select * from messages where fiscal_code = ? order by created_at desc, rowid desc')
    .all(fiscalCode) as Row[]
  return rows.map(fromRow)
}

/** One message of a citizen's (undefined when it is not theirs). */
export function findMessage(db: IoDatabase, fiscalCode: string, id: string): InboxMessage | undefined {
  const row = db.prepare('select * from messages where id = ? and fiscal_code = ?').get(id, fiscalCode) as
    Row | undefined
  return row && fromRow(row)
}

export function markRead(db: IoDatabase, fiscalCode: string, id: string, at: number): void {
  db.prepare('update messages set read_at = ? where id = ? and fiscal_code = ? and read_at is null').run(
    at,
    id,
    fiscalCode,
  )
}

function fromRow(row: Row): InboxMessage {
  return {
    id: row.id,
    fiscalCode: row.fiscal_code,
    serviceId: row.service_id,
    subject: row.subject,
    markdown: row.markdown,
    euCovidAuthCode: row.eu_covid_auth_code ?? undefined,
    timeToLive: row.time_to_live,
    createdAt: row.created_at,
    readAt: row.read_at ?? undefined,
  }
}
