import type { EmailSender } from './email.ts'
import { messageIdFor } from './email.ts'
import { isNotifyError, NotifyError } from './errors.ts'
import type { SmsSender } from './sms.ts'

/**
 * One notification waiting in the outbox. `attempts` counts the failed deliveries recorded so far (the queue adds one
 * on every `retryLater`); a claim whose worker died before answering does not count.
 */
export interface OutboxJob {
  id: string
  kind: 'email' | 'sms' | 'io'
  idempotencyKey: string
  payload: unknown
  attempts: number
}

/**
 * The outbox table, as the dispatcher needs it (the database code implements it).
 * - `claimDue` hands out up to `limit` jobs due at `now` and leases them for `leaseMs`: a job whose worker dies comes
 *   back after the lease, which is how nothing is lost (and why a job may be sent twice, with the same key).
 * - `complete` marks the job sent for good.
 * - `retryLater` records a failure (attempts + 1, the error) and makes the job due again at `nextAttemptAt`.
 */
export interface OutboxQueue {
  claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxJob[]>
  complete(id: string, now: Date): Promise<void>
  retryLater(id: string, nextAttemptAt: Date, error: string): Promise<void>
}

/** The payload of an `email` job; the Message-ID is made from the job's idempotency key, so it never changes. */
export interface EmailJobPayload {
  readonly from: string
  readonly to: string
  readonly subject: string
  readonly text: string
}

/** The payload of an `sms` job. */
export interface SmsJobPayload {
  readonly from: string
  readonly to: string
  readonly text: string
}

/** Delivers `io` jobs (the IO services API); the payload is its own business. */
export interface IoSender {
  send(payload: unknown, idempotencyKey: string): Promise<void>
}

export interface BackoffPolicy {
  /** Delay after the first failure, ms (doubled for each further failure). */
  readonly baseMs: number
  /** Longest delay, ms. */
  readonly maxMs: number
  /** After this many failed attempts the job is dead. */
  readonly maxAttempts: number
  /** A number in [0, 1): the jitter, so many failed jobs do not all come back at the same instant. */
  readonly random: () => number
}

/** Where dead jobs are parked: `retryLater` to this instant takes them out of the queue for good (but keeps them). */
export const DEAD_LETTER_AT = new Date('9999-12-31T00:00:00.000Z')
/** Prefix of the error recorded on a dead job. */
export const DEAD_PREFIX = 'DEAD: '

export interface DispatcherOptions {
  readonly queue: OutboxQueue
  readonly senders: { readonly email: EmailSender; readonly sms: SmsSender; readonly io?: IoSender }
  readonly now: () => Date
  readonly backoff: BackoffPolicy
  /** The Message-ID domain (default `greenpass.local`). */
  readonly messageIdDomain?: string
  /** Jobs claimed per round (default 50). */
  readonly batchSize?: number
  /** The lease on claimed jobs, ms (default 60 s): longer than a send can take (the senders time out at 10 s). */
  readonly leaseMs?: number
  /** Told about a round that failed as a whole (the queue unreachable); the loop goes on. */
  readonly onError?: (error: unknown) => void
}

export interface DispatchRound {
  readonly claimed: number
  readonly sent: number
  readonly retried: number
  readonly dead: number
}

export interface Dispatcher {
  /** Claims one batch of due jobs and delivers them. */
  runOnce(): Promise<DispatchRound>
  /** Runs rounds every `intervalMs`, at once again while batches come back full. */
  start(intervalMs: number): void
  /** Stops the loop and waits for the round in progress. */
  stop(): Promise<void>
}

/**
 * The outbox dispatcher: claims due jobs, sends each through its channel, then completes it or schedules a retry
 * (exponential backoff with jitter; dead after `maxAttempts`, or at once for a permanent refusal). A job is completed
 * only after its receiver accepted it, so a crash in between sends it again, with the same idempotency key and
 * Message-ID, which the receivers use to drop the copy.
 *
 * @example
 * const dispatcher = createDispatcher({ queue, senders: { email, sms }, now: () => new Date(),
 *   backoff: { baseMs: 5_000, maxMs: 3_600_000, maxAttempts: 12, random: Math.random } })
 * dispatcher.start(1_000)
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { queue, senders, now, backoff } = options
  const domain = options.messageIdDomain ?? 'greenpass.local'
  const batchSize = options.batchSize ?? 50
  const leaseMs = options.leaseMs ?? 60_000

  async function deliver(job: OutboxJob): Promise<void> {
    switch (job.kind) {
      case 'email': {
        const payload = emailPayload(job.payload)
        return senders.email.send({ ...payload, messageId: messageIdFor(job.idempotencyKey, domain) })
      }
      case 'sms': {
        const payload = smsPayload(job.payload)
        return senders.sms.send({ ...payload, idempotencyKey: job.idempotencyKey })
      }
      case 'io':
        if (!senders.io) throw new NotifyError('CHANNEL_UNAVAILABLE', 'io', 'No IO sender configured')
        return senders.io.send(job.payload, job.idempotencyKey)
      default:
        throw new NotifyError('PAYLOAD_INVALID', 'email', `Unknown outbox job kind ${String(job.kind)}`)
    }
  }

  async function handle(job: OutboxJob): Promise<'sent' | 'retried' | 'dead'> {
    try {
      await deliver(job)
    } catch (error) {
      const failures = job.attempts + 1
      const message = describe(error)
      // An unknown error (a bug in a sender) is treated as retryable: giving up on a citizen's code is the worse mistake.
      const retryable = !isNotifyError(error) || error.retryable || error.code === 'CHANNEL_UNAVAILABLE'
      if (!retryable || failures >= backoff.maxAttempts) {
        await queue.retryLater(job.id, DEAD_LETTER_AT, `${DEAD_PREFIX}after ${failures} attempt(s): ${message}`)
        return 'dead'
      }
      await queue.retryLater(job.id, new Date(now().getTime() + retryDelayMs(failures, backoff)), message)
      return 'retried'
    }
    await queue.complete(job.id, now())
    return 'sent'
  }

  async function runOnce(): Promise<DispatchRound> {
    const jobs = await queue.claimDue(now(), batchSize, leaseMs)
    const outcomes = await Promise.all(jobs.map(handle))
    return {
      claimed: jobs.length,
      sent: outcomes.filter((outcome) => outcome === 'sent').length,
      retried: outcomes.filter((outcome) => outcome === 'retried').length,
      dead: outcomes.filter((outcome) => outcome === 'dead').length,
    }
  }

  let timer: NodeJS.Timeout | undefined
  let running: Promise<unknown> | undefined
  let stopped = true

  function schedule(intervalMs: number, delayMs: number): void {
    if (stopped) return
    timer = setTimeout(() => {
      running = runOnce().then(
        (round) => schedule(intervalMs, round.claimed >= batchSize ? 0 : intervalMs),
        (error: unknown) => {
          options.onError?.(error)
          schedule(intervalMs, intervalMs)
        },
      )
    }, delayMs)
  }

  return {
    runOnce,
    start(intervalMs) {
      if (!stopped) return
      stopped = false
      schedule(intervalMs, 0)
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}

/**
 * The delay before attempt `failures + 1`: `baseMs · 2^(failures-1)`, capped at `maxMs`, then "equal jitter" (half
 * fixed, half random) so it never collapses to zero and retries of one outage spread out.
 *
 * @example retryDelayMs(3, { baseMs: 1000, maxMs: 60_000, maxAttempts: 10, random: () => 0.5 }) // 3000
 */
export function retryDelayMs(failures: number, backoff: BackoffPolicy): number {
  const exponential = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, failures - 1))
  return Math.round(exponential / 2 + (exponential / 2) * backoff.random())
}

function emailPayload(value: unknown): EmailJobPayload {
  const fields = stringFields(value, ['from', 'to', 'subject', 'text'], 'email')
  return { from: fields.from, to: fields.to, subject: fields.subject, text: fields.text } as EmailJobPayload
}

function smsPayload(value: unknown): SmsJobPayload {
  const fields = stringFields(value, ['from', 'to', 'text'], 'sms')
  return { from: fields.from, to: fields.to, text: fields.text } as SmsJobPayload
}

function stringFields(value: unknown, names: readonly string[], channel: 'email' | 'sms'): Record<string, string> {
  if (typeof value !== 'object' || value === null) {
    throw new NotifyError('PAYLOAD_INVALID', channel, `The ${channel} job payload is not an object`)
  }
  const record = value as Record<string, unknown>
  const out: Record<string, string> = {}
  for (const name of names) {
    const field = record[name]
    if (typeof field !== 'string' || field.length === 0) {
      throw new NotifyError('PAYLOAD_INVALID', channel, `The ${channel} job payload has no ${name}`)
    }
    out[name] = field
  }
  return out
}

function describe(error: unknown): string {
  if (isNotifyError(error)) return `${error.code}: ${error.message}`
  return error instanceof Error ? error.message : String(error)
}
