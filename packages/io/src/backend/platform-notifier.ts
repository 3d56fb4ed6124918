import type { IoDatabase } from '../store/database.ts'
import { duePlatformNotices, postponePlatformNotice, removePlatformNotice } from '../store/platform-notices.ts'
import type { PlatformClient } from './platform-client.ts'

export interface PlatformNotifierOptions {
  readonly db: IoDatabase
  readonly platform: PlatformClient
  readonly now: () => Date
  /** First retry delay, ms (doubled per failure up to `maxDelayMs`). */
  readonly baseDelayMs?: number
  readonly maxDelayMs?: number
}

export interface PlatformNotifier {
  /** Sends every due notice once; returns how many the platform took. */
  runOnce(): Promise<number>
  /** Runs at once (a new citizen just logged in), outside the regular rhythm. */
  kick(): void
  start(intervalMs: number): void
  stop(): Promise<void>
}

/**
 * Tells the platform about new IO users (`POST /v1/certificate/citizen/io/refresh` with the fiscal code's SHA-256),
 * and keeps trying with exponential backoff while the platform is down: the notices live in IO's database, so a
 * restart loses none.
 */
export function createPlatformNotifier(options: PlatformNotifierOptions): PlatformNotifier {
  const { db, platform, now } = options
  const base = options.baseDelayMs ?? 1_000
  const max = options.maxDelayMs ?? 600_000
  let running: Promise<number> | undefined
  let timer: NodeJS.Timeout | undefined
  let stopped = true

  async function round(): Promise<number> {
    let taken = 0
    for (const notice of duePlatformNotices(db, now().getTime(), 50)) {
      try {
        await platform.refresh(notice.cfSha256)
        removePlatformNotice(db, notice.cfSha256)
        taken++
      } catch (error) {
        const delay = Math.min(max, base * 2 ** Math.min(notice.attempts, 30))
        postponePlatformNotice(db, notice.cfSha256, now().getTime() + delay, (error as Error).message)
      }
    }
    return taken
  }

  function runOnce(): Promise<number> {
    // One round at a time: a kick during a round waits for it rather than sending the same notice twice.
    const next = (running ?? Promise.resolve(0)).catch(() => 0).then(round)
    running = next
    return next
  }

  return {
    runOnce,
    kick() {
      void runOnce().catch(() => undefined)
    },
    start(intervalMs) {
      if (!stopped) return
      stopped = false
      const tick = () => {
        if (stopped) return
        runOnce()
          .catch(() => 0)
          .finally(() => {
            if (!stopped) timer = setTimeout(tick, intervalMs)
          })
      }
      timer = setTimeout(tick, intervalMs)
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running?.catch(() => undefined)
    },
  }
}
