import type { Kysely } from 'kysely'
import type { Database, EventRow } from './schema.ts'
import { withTransaction } from './transaction.ts'

/** A health event as received from a facility. */
export interface NewEvent {
  facilityId: string
  /** The facility's own id for the event: `(facilityId, eventId)` is what makes intake idempotent. */
  eventId: string
  kind: string
  fiscalCode: string
  /** The event as received (JSON-serialisable). */
  payload: unknown
  receivedAt: number
}

/** What {@link insertEventIfAbsent} did: stored the event, or found it already there with its outcome. */
export type EventInsert =
  { inserted: true; id: number } | { inserted: false; id: number; outcome: unknown; receivedAt: number }

/**
 * Stores the event unless `(facilityId, eventId)` is already stored, in which case it returns the stored outcome.
 *
 * Call it inside the transaction that stores what the event produces (see {@link recordEventOnce}). Under
 * concurrency the unique constraint decides: on PostgreSQL the second inserter waits for the first transaction, then
 * either finds its committed row or, if it rolled back, inserts; on SQLite writers are serialised by the write lock.
 */
export async function insertEventIfAbsent(db: Kysely<Database>, event: NewEvent): Promise<EventInsert> {
  const inserted = await db
    .insertInto('events')
    .values({
      facility_id: event.facilityId,
      event_id: event.eventId,
      kind: event.kind,
      fiscal_code: event.fiscalCode.toUpperCase(),
      payload: JSON.stringify(event.payload),
      received_at: event.receivedAt,
      outcome: null,
    })
    .onConflict((oc) => oc.columns(['facility_id', 'event_id']).doNothing())
    .returning('id')
    .executeTakeFirst()
  if (inserted !== undefined) return { inserted: true, id: inserted.id }
  const existing = await db
    .selectFrom('events')
    .select(['id', 'outcome', 'received_at'])
    .where('facility_id', '=', event.facilityId)
    .where('event_id', '=', event.eventId)
    .executeTakeFirstOrThrow()
  return {
    inserted: false,
    id: existing.id,
    outcome: existing.outcome === null ? null : JSON.parse(existing.outcome),
    receivedAt: existing.received_at,
  }
}

/** Records what an event produced (JSON-serialisable): the answer repeated when the event comes again. */
export async function setEventOutcome(db: Kysely<Database>, id: number, outcome: unknown): Promise<void> {
  await db
    .updateTable('events')
    .set({ outcome: JSON.stringify(outcome) })
    .where('id', '=', id)
    .execute()
}

/**
 * Intake of one event, exactly once: in one transaction, stores the event and runs `produce` (which stores the
 * certificates and outbox rows through the `trx` it gets) and records its outcome. When the event is already stored,
 * `produce` is not called and the stored outcome is returned. If `produce` throws, nothing of the event is kept.
 */
export async function recordEventOnce<T>(
  db: Kysely<Database>,
  event: NewEvent,
  produce: (trx: Kysely<Database>, eventRef: number) => Promise<T>,
): Promise<{ fresh: boolean; outcome: T }> {
  return withTransaction(db, async (trx) => {
    const result = await insertEventIfAbsent(trx, event)
    if (!result.inserted) return { fresh: false, outcome: result.outcome as T }
    const outcome = await produce(trx, result.id)
    await setEventOutcome(trx, result.id, outcome)
    return { fresh: true, outcome }
  })
}

/** A stored event. */
export interface StoredEvent {
  id: number
  facilityId: string
  eventId: string
  kind: string
  fiscalCode: string
  payload: unknown
  receivedAt: number
  outcome: unknown
}

/** The stored event `(facilityId, eventId)`, or undefined. */
export async function findEvent(
  db: Kysely<Database>,
  facilityId: string,
  eventId: string,
): Promise<StoredEvent | undefined> {
  const row = await db
    .selectFrom('events')
    .selectAll()
    .where('facility_id', '=', facilityId)
    .where('event_id', '=', eventId)
    .executeTakeFirst()
  return row === undefined ? undefined : storedEvent(row)
}

/** Every event of a person, oldest first (the history the issuance rules read). */
export async function findEventsByFiscalCode(db: Kysely<Database>, fiscalCode: string): Promise<StoredEvent[]> {
  return findEventsByFiscalCodes(db, [fiscalCode])
}

/** Parameters per `IN (…)` list: far below SQLite's and PostgreSQL's bound-parameter limits. */
const IN_LIST = 500

/** Every event of these persons, oldest first (per person, the order of {@link findEventsByFiscalCode}). */
export async function findEventsByFiscalCodes(
  db: Kysely<Database>,
  fiscalCodes: readonly string[],
): Promise<StoredEvent[]> {
  const found: StoredEvent[] = []
  for (let i = 0; i < fiscalCodes.length; i += IN_LIST) {
    const rows = await db
      .selectFrom('events')
      .selectAll()
      .where(
        'fiscal_code',
        'in',
        fiscalCodes.slice(i, i + IN_LIST).map((code) => code.toUpperCase()),
      )
      .orderBy('received_at')
      .orderBy('id')
      .execute()
    for (const row of rows) found.push(storedEvent(row))
  }
  return found
}

/** A new event with what it produced, for {@link insertEvents}. */
export interface RecordedEvent extends NewEvent {
  outcome: unknown
}

/**
 * Stores events with their outcomes, one statement per few hundred, and returns their ids by event id. All must be
 * new: a `(facilityId, eventId)` already stored is a constraint error (batch intake checks first, inside the same
 * transaction, and falls back to one event at a time should a concurrent writer win the race).
 */
export async function insertEvents(
  db: Kysely<Database>,
  events: readonly RecordedEvent[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>()
  for (let i = 0; i < events.length; i += IN_LIST / 5) {
    const rows = await db
      .insertInto('events')
      .values(
        events.slice(i, i + IN_LIST / 5).map((event) => ({
          facility_id: event.facilityId,
          event_id: event.eventId,
          kind: event.kind,
          fiscal_code: event.fiscalCode.toUpperCase(),
          payload: JSON.stringify(event.payload),
          received_at: event.receivedAt,
          outcome: JSON.stringify(event.outcome),
        })),
      )
      .returning(['id', 'event_id'])
      .execute()
    for (const row of rows) ids.set(row.event_id, row.id)
  }
  return ids
}

/** The outcomes of those of `eventIds` that `facilityId` has already sent, by event id. */
export async function findEventOutcomes(
  db: Kysely<Database>,
  facilityId: string,
  eventIds: readonly string[],
): Promise<Map<string, unknown>> {
  const outcomes = new Map<string, unknown>()
  for (let i = 0; i < eventIds.length; i += IN_LIST) {
    const rows = await db
      .selectFrom('events')
      .select(['event_id', 'outcome'])
      .where('facility_id', '=', facilityId)
      .where('event_id', 'in', eventIds.slice(i, i + IN_LIST))
      .execute()
    for (const row of rows) outcomes.set(row.event_id, row.outcome === null ? null : JSON.parse(row.outcome))
  }
  return outcomes
}

function storedEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    facilityId: row.facility_id,
    eventId: row.event_id,
    kind: row.kind,
    fiscalCode: row.fiscal_code,
    payload: JSON.parse(row.payload),
    receivedAt: row.received_at,
    outcome: row.outcome === null ? null : JSON.parse(row.outcome),
  }
}
