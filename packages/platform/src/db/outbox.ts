import type { Kysely } from 'kysely'
import { dialectOf } from '@greenpass/storage'
import type { Database, OutboxRow } from './schema.ts'

/** The channels a notification goes through. */
export type OutboxKind = 'email' | 'sms' | 'io'

/** A notification to send, written in the same transaction as what it announces. */
export interface NewOutboxMessage {
  kind: OutboxKind
  /** Unique: enqueuing the same key twice stores one message; senders pass it on so receivers can drop resends. */
  idempotencyKey: string
  /** JSON-serialisable. */
  payload: unknown
}

/** A message handed to a worker by {@link claimDue}. */
export interface OutboxMessage {
  id: number
  kind: OutboxKind
  idempotencyKey: string
  payload: unknown
  /** Attempts so far, this one included (claiming counts as an attempt, so a message that crashes workers is seen). */
  attempts: number
  nextAttemptAt: number
  claimedUntil: number
  lastError: string | null
  createdAt: number
}

/** Rows per INSERT. */
const BATCH = 500

/**
 * Stores messages due at `at`. Pass the transaction that stores what they announce: then a message exists exactly when
 * its certificate does. A key already present is skipped. Returns how many were new.
 */
export async function enqueue(
  db: Kysely<Database>,
  messages: NewOutboxMessage | readonly NewOutboxMessage[],
  at: number,
): Promise<number> {
  const list: readonly NewOutboxMessage[] = Array.isArray(messages) ? messages : [messages as NewOutboxMessage]
  let added = 0
  for (let i = 0; i < list.length; i += BATCH) {
    const rows = await db
      .insertInto('outbox')
      .values(
        list.slice(i, i + BATCH).map((m) => ({
          kind: m.kind,
          idempotency_key: m.idempotencyKey,
          payload: JSON.stringify(m.payload),
          next_attempt_at: at,
          claimed_until: null,
          done_at: null,
          last_error: null,
          created_at: at,
        })),
      )
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('id')
      .execute()
    added += rows.length
  }
  return added
}

/**
 * Claims up to `limit` messages due at `now` (not done, attempt time reached, no live lease), oldest due first, and
 * leases them for `leaseMs`: no other claimer gets them before `now + leaseMs`. A worker that dies holding a lease
 * loses it when the lease ends, and the message is claimed again: never lost, possibly sent twice (hence the
 * idempotency key).
 *
 * One atomic UPDATE … RETURNING on both engines. On PostgreSQL the candidate rows are picked `FOR UPDATE SKIP LOCKED`,
 * so concurrent workers on any number of nodes take disjoint rows without waiting on one another; on SQLite the
 * statement runs under the database's single write lock, which already makes it exclusive.
 */
export async function claimDue(
  db: Kysely<Database>,
  now: number,
  limit: number,
  leaseMs: number,
): Promise<OutboxMessage[]> {
  const postgres = dialectOf(db) === 'postgres'
  const rows = await db
    .updateTable('outbox')
    .set((eb) => ({ claimed_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', () => {
      const due = db
        .selectFrom('outbox')
        .select('id')
        .where('done_at', 'is', null)
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
      return postgres ? due.forUpdate().skipLocked() : due
    })
    .returningAll()
    .execute()
  // RETURNING gives no order: hand them out in the order they were chosen.
  return rows.sort((a, b) => a.next_attempt_at - b.next_attempt_at || a.id - b.id).map(toMessage)
}

/**
 * Marks a message sent and scrubs its payload: a notification carries the citizen's code in clear, which may live
 * in the database only until it is delivered (the idempotency key stays, so a late resend is still recognised).
 * Returns false when it does not exist or was already done.
 */
export async function complete(db: Kysely<Database>, id: number, at: number): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ done_at: at, claimed_until: null, last_error: null, payload: '{}' })
    .where('id', '=', id)
    .where('done_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Gives a failed message back, due again at `nextAttemptAt` (see {@link backoffDelayMs}), keeping the error. */
export async function retryLater(
  db: Kysely<Database>,
  id: number,
  nextAttemptAt: number,
  error: string,
): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ next_attempt_at: nextAttemptAt, claimed_until: null, last_error: error.slice(0, 2_000) })
    .where('id', '=', id)
    .where('done_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Options of {@link backoffDelayMs}. */
export interface BackoffOptions {
  /** Delay after the first failure (default 1 s). */
  baseMs?: number
  /** Longest delay (default 1 h): an outage of any length is retried at least hourly. */
  maxMs?: number
  /** A number in [0, 1) to spread retries (default 0.5, no spread); pass `Math.random()` in production. */
  jitter?: number
}

/**
 * Exponential backoff: base × 2^(attempts − 1), capped, with ±50 % jitter from `jitter` so that workers retrying after
 * the same outage do not all come back in the same millisecond. Deterministic for a given `jitter`.
 */
export function backoffDelayMs(attempts: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 1_000
  const max = options.maxMs ?? 3_600_000
  const exponential = Math.min(max, base * 2 ** Math.max(0, Math.min(attempts - 1, 40)))
  return Math.round(Math.min(max, exponential * (0.5 + (options.jitter ?? 0.5))))
}

/** Counts of messages by state at `now`, for readiness and metrics. */
export async function outboxCounts(
  db: Kysely<Database>,
  now: number,
): Promise<{ pending: number; due: number; done: number }> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => [
      eb.fn.count<number>(eb.case().when('done_at', 'is', null).then(1).end()).as('pending'),
      eb.fn
        .count<number>(
          eb
            .case()
            .when(eb.and([eb('done_at', 'is', null), eb('next_attempt_at', '<=', now)]))
            .then(1)
            .end(),
        )
        .as('due'),
      eb.fn.count<number>('done_at').as('done'),
    ])
    .executeTakeFirstOrThrow()
  return { pending: Number(row.pending), due: Number(row.due), done: Number(row.done) }
}

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    kind: row.kind as OutboxKind,
    idempotencyKey: row.idempotency_key,
    payload: JSON.parse(row.payload),
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    claimedUntil: row.claimed_until ?? 0,
    lastError: row.last_error,
    createdAt: row.created_at,
  }
}
