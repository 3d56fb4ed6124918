import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { after, before, describe, it } from 'node:test'
import { openDatabase, postgresSkipNotice, type TestDatabase, testEngines } from '../src/db/index.ts'
import { firstDoseEvent } from './support/persons.ts'

// "kill -9 the platform during a bulk intake of N events, restart: every acknowledged event has exactly one
// certificate set, every certificate its notifications, nothing lost." N defaults to 3,000 (CI); run by hand with
// GREENPASS_CRASH_EVENTS=100000.
const TOTAL = Number(process.env.GREENPASS_CRASH_EVENTS ?? 3_000)
const BATCH = 100
const IN_FLIGHT = 3
const CHILD = new URL('./support/platform-child.ts', import.meta.url).pathname

interface Child {
  process: ChildProcess
  url: string
  key: string
}

async function startChild(dataDir: string, databaseUrl: string | undefined): Promise<Child> {
  const args = databaseUrl === undefined ? [CHILD, dataDir] : [CHILD, dataDir, databaseUrl]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`platform child exited early (${String(code)})`)
  })
  const first = new Promise<string>((resolve) => lines.once('line', resolve))
  const line = await Promise.race([first, exited])
  lines.close()
  child.stdout?.resume()
  const { url, demoFacilityKey } = JSON.parse(line) as { url: string; demoFacilityKey: string }
  return { process: child, url, key: demoFacilityKey }
}

type Result = { status: 'ok'; eventId: string; certificates: { uvci: string }[] } | { status: 'refused'; code: string }

async function postBatch(child: Child, events: unknown[]): Promise<Result[]> {
  const response = await fetch(`${child.url}/v1/intake/events/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': child.key },
    body: JSON.stringify({ events }),
  })
  if (response.status !== 200) throw new Error(`batch answered ${response.status}: ${await response.text()}`)
  return ((await response.json()) as { results: Result[] }).results
}

/**
 * Sends events [0, TOTAL) in batches, IN_FLIGHT batches at a time, calling `acknowledged` for each event answered
 * ok. Stops (without throwing) at the first failed request when `tolerateFailure`: that is the kill.
 */
async function sendAll(
  child: Child,
  acknowledged: (index: number, uvcis: string[]) => void,
  tolerateFailure: boolean,
): Promise<void> {
  let next = 0
  let failed = false
  const worker = async () => {
    while (!failed && next < TOTAL) {
      const start = next
      next = Math.min(TOTAL, next + BATCH)
      const indices = Array.from({ length: next - start }, (_, k) => start + k)
      let results: Result[]
      try {
        results = await postBatch(
          child,
          indices.map((i) => firstDoseEvent(i)),
        )
      } catch (error) {
        if (!tolerateFailure) throw error
        failed = true
        return
      }
      for (const [k, result] of results.entries()) {
        assert.equal(result.status, 'ok', JSON.stringify(result))
        if (result.status === 'ok')
          acknowledged(
            indices[k] as number,
            result.certificates.map((c) => c.uvci),
          )
      }
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker))
}

const skip = postgresSkipNotice()
if (skip) it.skip(skip)

for (const engine of testEngines()) {
  describe(`kill -9 during a bulk intake of ${TOTAL.toLocaleString('en-US')} events, then restart (${engine.name})`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'platform-crash-'))
    const children: ChildProcess[] = []
    // On PostgreSQL the platform processes use a fresh database of the test's own; on SQLite the file in `dataDir`.
    let postgres: TestDatabase | undefined
    before(async () => {
      if (engine.name === 'postgres') postgres = await engine.open()
    })
    after(async () => {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      rmSync(dataDir, { recursive: true, force: true })
      await postgres?.dispose()
    })

    it(
      'loses nothing acknowledged, duplicates nothing, and every certificate has its email and SMS',
      { timeout: 60_000 + TOTAL * 20 },
      async () => {
        const started = performance.now()
        // Run 1: killed with SIGKILL once a random share (20–80 %) of the events is acknowledged, plus a random few ms
        // so the kill lands inside a transaction rather than between batches.
        const firstAnswers = new Map<number, string[]>()
        const killAt = Math.floor(TOTAL * (0.2 + Math.random() * 0.6))
        const first = await startChild(dataDir, postgres?.url)
        children.push(first.process)
        let killed = false
        const kill = async () => {
          if (killed) return
          killed = true
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 30))
          first.process.kill('SIGKILL')
        }
        const killedExit = once(first.process, 'exit')
        await sendAll(
          first,
          (index, uvcis) => {
            firstAnswers.set(index, uvcis)
            if (firstAnswers.size >= killAt) void kill()
          },
          true,
        )
        const [, signal] = await killedExit
        assert.equal(signal, 'SIGKILL', 'the platform was killed mid-run')
        assert.ok(firstAnswers.size < TOTAL, 'the kill came before the end of the run')
        const killedAfter = performance.now()

        // Run 2: same data folder; the facility retries every event, acknowledged or not.
        const second = await startChild(dataDir, postgres?.url)
        children.push(second.process)
        const secondAnswers = new Map<number, string[]>()
        await sendAll(second, (index, uvcis) => secondAnswers.set(index, uvcis), false)
        assert.equal(secondAnswers.size, TOTAL, 'every event is acknowledged after the restart')
        // An event acknowledged before the crash is answered with the same certificates after it (no re-issue).
        for (const [index, uvcis] of firstAnswers) assert.deepEqual(secondAnswers.get(index), uvcis, `event ${index}`)
        const stopped = once(second.process, 'exit')
        second.process.kill('SIGTERM')
        await stopped

        const database = await (postgres?.reopen() ?? openDatabase({ file: join(dataDir, 'platform.sqlite') }))
        try {
          const events = await database.db.selectFrom('events').select(['id', 'event_id']).execute()
          const certificates = await database.db.selectFrom('certificates').select(['uvci', 'event_ref']).execute()
          const outbox = await database.db.selectFrom('outbox').select(['kind', 'idempotency_key', 'done_at']).execute()

          // Each event id exactly once.
          const eventIds = events.map((e) => e.event_id)
          assert.equal(new Set(eventIds).size, eventIds.length, 'no event stored twice')
          assert.deepEqual(
            [...eventIds].sort(),
            Array.from({ length: TOTAL }, (_, i) => `dose1-${i}`).sort(),
            'every event stored, nothing else',
          )
          // Each event exactly one certificate (a first dose gives one), and it is the one the facility was told of.
          const eventIdOf = new Map(events.map((e) => [e.id, e.event_id]))
          const certificatesOf = new Map<string, string[]>()
          for (const certificate of certificates) {
            const eventId = certificate.event_ref === null ? undefined : eventIdOf.get(certificate.event_ref)
            assert.ok(eventId, `certificate ${certificate.uvci} belongs to a stored event`)
            certificatesOf.set(eventId, [...(certificatesOf.get(eventId) ?? []), certificate.uvci])
          }
          for (const [index, uvcis] of secondAnswers) {
            assert.deepEqual(certificatesOf.get(`dose1-${index}`), uvcis, `event dose1-${index}: one certificate`)
          }
          assert.equal(certificates.length, TOTAL)
          // Each certificate exactly one email and one SMS (pending or done), and no message without its certificate.
          const uvcis = new Set(certificates.map((c) => c.uvci))
          const keys = outbox.map((m) => m.idempotency_key)
          assert.equal(new Set(keys).size, keys.length)
          for (const message of outbox) {
            const uvci = message.idempotency_key.replace(/^(email|sms)-/, '')
            assert.ok(uvcis.has(uvci), `outbox ${message.idempotency_key} announces a stored certificate`)
            assert.ok(message.idempotency_key.startsWith(`${message.kind}-`))
          }
          const keySet = new Set(keys)
          for (const uvci of uvcis) {
            assert.ok(keySet.has(`email-${uvci}`), `${uvci} has its email`)
            assert.ok(keySet.has(`sms-${uvci}`), `${uvci} has its SMS`)
          }
          assert.equal(outbox.length, 2 * TOTAL)
          const done = outbox.filter((m) => m.done_at !== null).length
          const seconds = (performance.now() - started) / 1000
          console.log(
            `# ${TOTAL} events: ${firstAnswers.size} acknowledged before the kill at ${((killedAfter - started) / 1000).toFixed(1)} s, ` +
              `all ${TOTAL} after the restart; ${certificates.length} certificates, ${outbox.length} outbox rows ` +
              `(${done} already sent); ${seconds.toFixed(1)} s in all`,
          )
        } finally {
          await database.close()
        }
      },
    )
  })
}
