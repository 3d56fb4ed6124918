import type { Kysely } from 'kysely'
import { claimDue, complete, type Database, retryLater } from './db/index.ts'
import type { OutboxQueue } from './notify/index.ts'

/**
 * The dispatcher's queue over the outbox table. The table counts a claim as an attempt (so a message that crashes
 * workers shows up); the dispatcher counts failures recorded so far: one less.
 */
export function databaseOutboxQueue(db: Kysely<Database>): OutboxQueue {
  return {
    async claimDue(now, limit, leaseMs) {
      const messages = await claimDue(db, now.getTime(), limit, leaseMs)
      return messages.map((m) => ({
        id: String(m.id),
        kind: m.kind,
        idempotencyKey: m.idempotencyKey,
        payload: m.payload,
        attempts: m.attempts - 1,
      }))
    },
    async complete(id, now) {
      await complete(db, Number(id), now.getTime())
    },
    async retryLater(id, nextAttemptAt, error) {
      await retryLater(db, Number(id), nextAttemptAt.getTime(), error)
    },
  }
}
