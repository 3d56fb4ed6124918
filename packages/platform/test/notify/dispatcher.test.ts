import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import {
  createDispatcher,
  createEmailSender,
  createSmsSender,
  DEAD_LETTER_AT,
  type EmailSender,
  emailText,
  NotifyError,
  type OutboxJob,
  type OutboxQueue,
  retryDelayMs,
  SMS_SENDER,
  smsText,
  startDevMailbox,
  startDevSmsSink,
} from '../../src/notify/index.ts'

/** The outbox table in memory, with the semantics the database implements: lease on claim, attempts on retryLater. */
class MemoryQueue implements OutboxQueue {
  readonly rows = new Map<
    string,
    OutboxJob & { dueAt: Date; leasedUntil: Date | undefined; doneAt: Date | undefined; error?: string }
  >()
  add(job: Omit<OutboxJob, 'attempts'>, dueAt: Date): void {
    this.rows.set(job.id, { ...job, attempts: 0, dueAt, leasedUntil: undefined, doneAt: undefined })
  }
  async claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxJob[]> {
    const due = [...this.rows.values()]
      .filter((row) => !row.doneAt && row.dueAt <= now && (!row.leasedUntil || row.leasedUntil <= now))
      .slice(0, limit)
    for (const row of due) row.leasedUntil = new Date(now.getTime() + leaseMs)
    return due.map(({ id, kind, idempotencyKey, payload, attempts }) => ({
      id,
      kind,
      idempotencyKey,
      payload,
      attempts,
    }))
  }
  async complete(id: string, now: Date): Promise<void> {
    const row = this.rows.get(id)
    if (row) row.doneAt = now
  }
  async retryLater(id: string, nextAttemptAt: Date, error: string): Promise<void> {
    const row = this.rows.get(id)
    if (!row) return
    row.attempts++
    row.dueAt = nextAttemptAt
    row.leasedUntil = undefined
    row.error = error
  }
}

class Clock {
  at: Date
  constructor(at: Date) {
    this.at = at
  }
  now = () => new Date(this.at)
  advance(ms: number) {
    this.at = new Date(this.at.getTime() + ms)
  }
}

const NOTICE = {
  maskedName: 'GI* V*',
  codeType: 'NUCG',
  code: 'QX7P2K9',
  portalUrl: 'https://www.dgc.example/',
} as const
const BACKOFF = { baseMs: 1000, maxMs: 60_000, maxAttempts: 4, random: () => 0.5 }
const FROM = 'noreply-dgc@greenpass.example'

function emailJob(id: string): Omit<OutboxJob, 'attempts'> {
  return {
    id,
    kind: 'email',
    idempotencyKey: `${id}:email`,
    payload: { from: FROM, to: `${id}@example.org`, ...emailText(NOTICE) },
  }
}

describe('outbox dispatcher', () => {
  const closers: (() => unknown)[] = []
  after(async () => {
    for (const close of closers.reverse()) await close()
  })

  it('delivers email and SMS jobs over real SMTP and HTTP and completes them', async () => {
    const mailbox = await startDevMailbox()
    const sink = await startDevSmsSink()
    const email = createEmailSender({ smtpUrl: mailbox.url })
    closers.push(
      () => mailbox.close(),
      () => sink.close(),
      () => email.close(),
    )
    const clock = new Clock(new Date('2026-04-01T08:00:00Z'))
    const queue = new MemoryQueue()
    queue.add(emailJob('c1'), clock.now())
    queue.add(
      {
        id: 'c1s',
        kind: 'sms',
        idempotencyKey: 'c1:sms',
        payload: { from: SMS_SENDER, to: '+393331234567', text: smsText(NOTICE) },
      },
      clock.now(),
    )
    const dispatcher = createDispatcher({
      queue,
      senders: { email, sms: createSmsSender({ url: sink.url }) },
      now: clock.now,
      backoff: BACKOFF,
      messageIdDomain: 'greenpass.example',
    })
    assert.deepEqual(await dispatcher.runOnce(), { claimed: 2, sent: 2, retried: 0, dead: 0 })
    assert.equal(mailbox.messages()[0]?.messageId, '<c1.email@greenpass.example>')
    assert.match(mailbox.messages()[0]?.text ?? '', /NUCG QX7P2K9/)
    assert.equal(sink.messages()[0]?.from, 'MIN SALUTE')
    assert.equal(sink.messages()[0]?.idempotencyKey, 'c1:sms')
    assert.ok([...queue.rows.values()].every((row) => row.doneAt))
    assert.deepEqual(await dispatcher.runOnce(), { claimed: 0, sent: 0, retried: 0, dead: 0 })
  })

  it('a crash between send and complete resends with the same Message-ID: one message in the mailbox', async () => {
    const mailbox = await startDevMailbox()
    const email = createEmailSender({ smtpUrl: mailbox.url })
    closers.push(
      () => mailbox.close(),
      () => email.close(),
    )
    const clock = new Clock(new Date('2026-04-01T08:00:00Z'))
    const queue = new MemoryQueue()
    queue.add(emailJob('c2'), clock.now())
    const crashing: OutboxQueue = {
      claimDue: (...args) => queue.claimDue(...args),
      retryLater: (...args) => queue.retryLater(...args),
      complete: async () => {
        throw new Error('process killed before the commit')
      },
    }
    const options = {
      senders: { email, sms: createSmsSender({ url: 'http://127.0.0.1:9/sms' }) },
      now: clock.now,
      backoff: BACKOFF,
      leaseMs: 30_000,
    }
    await assert.rejects(createDispatcher({ ...options, queue: crashing }).runOnce(), /process killed/)
    assert.equal(mailbox.messages().length, 1)

    const restarted = createDispatcher({ ...options, queue })
    assert.equal((await restarted.runOnce()).claimed, 0, 'still leased by the dead worker')
    clock.advance(30_000)
    assert.deepEqual(await restarted.runOnce(), { claimed: 1, sent: 1, retried: 0, dead: 0 })
    assert.equal(mailbox.messages().length, 1, 'the resend carried the same Message-ID and was dropped')
    assert.equal(mailbox.duplicates(), 1)
    assert.ok(queue.rows.get('c2')?.doneAt)
  })

  it('retries with backoff while the SMTP server is down, and loses nothing once it is up', async () => {
    const probe = await startDevMailbox()
    const port = probe.port
    await probe.close()
    const email = createEmailSender({ smtpUrl: `smtp://127.0.0.1:${port}`, timeoutMs: 2000 })
    closers.push(() => email.close())
    const clock = new Clock(new Date('2026-04-01T08:00:00Z'))
    const queue = new MemoryQueue()
    for (const id of ['d1', 'd2', 'd3']) queue.add(emailJob(id), clock.now())
    const dispatcher = createDispatcher({
      queue,
      senders: { email, sms: createSmsSender({ url: 'http://127.0.0.1:9/sms' }) },
      now: clock.now,
      backoff: { ...BACKOFF, maxAttempts: 10 },
    })
    assert.deepEqual(await dispatcher.runOnce(), { claimed: 3, sent: 0, retried: 3, dead: 0 })
    const row = queue.rows.get('d1')
    assert.equal(row?.attempts, 1)
    assert.equal(row?.dueAt.getTime(), clock.now().getTime() + 750, 'first retry after base/2 + jitter')
    assert.match(row?.error ?? '', /SEND_RETRYABLE/)
    assert.equal((await dispatcher.runOnce()).claimed, 0, 'not due yet')

    clock.advance(750)
    assert.equal((await dispatcher.runOnce()).retried, 3)
    const mailbox = await startDevMailbox({ port })
    closers.push(() => mailbox.close())
    clock.advance(60_000)
    assert.deepEqual(await dispatcher.runOnce(), { claimed: 3, sent: 3, retried: 0, dead: 0 })
    assert.deepEqual(
      mailbox
        .messages()
        .map((message) => message.to)
        .sort(),
      ['d1@example.org', 'd2@example.org', 'd3@example.org'],
    )
  })

  it('parks a permanently refused or bad job as dead at once, and a retryable one after maxAttempts', async () => {
    const clock = new Clock(new Date('2026-04-01T08:00:00Z'))
    const queue = new MemoryQueue()
    const refusals: Record<string, NotifyError> = {
      'perm@example.org': new NotifyError('SEND_PERMANENT', 'email', 'mailbox unavailable', { status: 550 }),
      'temp@example.org': new NotifyError('SEND_RETRYABLE', 'email', 'try later', { status: 451 }),
    }
    const email: EmailSender = {
      send: async (message) => {
        const refusal = refusals[message.to]
        if (refusal) throw refusal
      },
      close: () => {},
    }
    queue.add(
      { ...emailJob('p'), payload: { from: FROM, to: 'perm@example.org', subject: 's', text: 't' } },
      clock.now(),
    )
    queue.add(
      { ...emailJob('t'), payload: { from: FROM, to: 'temp@example.org', subject: 's', text: 't' } },
      clock.now(),
    )
    queue.add({ ...emailJob('bad'), payload: { to: 'x@example.org' } }, clock.now())
    queue.add({ id: 'io', kind: 'io', idempotencyKey: 'io', payload: {} }, clock.now())
    const dispatcher = createDispatcher({
      queue,
      senders: { email, sms: createSmsSender({ url: 'http://127.0.0.1:9/sms' }) },
      now: clock.now,
      backoff: BACKOFF,
    })
    assert.deepEqual(await dispatcher.runOnce(), { claimed: 4, sent: 0, retried: 2, dead: 2 })
    assert.equal(queue.rows.get('p')?.dueAt.getTime(), DEAD_LETTER_AT.getTime())
    assert.match(queue.rows.get('p')?.error ?? '', /^DEAD: after 1 attempt\(s\): SEND_PERMANENT/)
    assert.match(queue.rows.get('bad')?.error ?? '', /^DEAD: .*PAYLOAD_INVALID/)
    assert.match(queue.rows.get('io')?.error ?? '', /CHANNEL_UNAVAILABLE/, 'no IO sender yet: retried, not dropped')
    for (let round = 0; round < 3; round++) {
      clock.advance(BACKOFF.maxMs)
      await dispatcher.runOnce()
    }
    const dead = queue.rows.get('t')
    assert.equal(dead?.attempts, BACKOFF.maxAttempts)
    assert.equal(dead?.dueAt.getTime(), DEAD_LETTER_AT.getTime())
    assert.match(dead?.error ?? '', /^DEAD: after 4 attempt\(s\)/)
  })

  it('backs off exponentially with equal jitter, capped', () => {
    const at = (failures: number, random: number) => retryDelayMs(failures, { ...BACKOFF, random: () => random })
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => at(n, 0)),
      [500, 1000, 2000, 4000],
    )
    assert.equal(at(3, 0.999999), 4000)
    assert.equal(at(20, 0), 30_000)
  })

  it('runs as a loop until stopped', async () => {
    const mailbox = await startDevMailbox()
    const email = createEmailSender({ smtpUrl: mailbox.url })
    closers.push(
      () => mailbox.close(),
      () => email.close(),
    )
    const queue = new MemoryQueue()
    for (const id of ['l1', 'l2', 'l3']) queue.add(emailJob(id), new Date(0))
    const dispatcher = createDispatcher({
      queue,
      senders: { email, sms: createSmsSender({ url: 'http://127.0.0.1:9/sms' }) },
      now: () => new Date(),
      backoff: BACKOFF,
      batchSize: 2,
    })
    dispatcher.start(10)
    for (let i = 0; i < 200 && mailbox.messages().length < 3; i++)
      await new Promise((resolve) => setTimeout(resolve, 10))
    await dispatcher.stop()
    assert.equal(mailbox.messages().length, 3)
  })
})
