/** One benchmark figure. */
export interface BenchRow {
  group: string
  name: string
  opsPerSec: number
  note?: string
}

/**
 * Operations per second of `fn` on this thread: a warm-up, then three timed rounds of about `ms` each, reported as
 * the median round (the machine is noisy; the median of three is what dependencies.md compares).
 */
export async function opsPerSecond(fn: () => unknown, ms = 1000): Promise<number> {
  await round(fn, Math.min(300, ms / 3))
  const rounds = [await round(fn, ms), await round(fn, ms), await round(fn, ms)].sort((a, b) => a - b)
  return rounds[1] as number
}

async function round(fn: () => unknown, ms: number): Promise<number> {
  let iterations = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < ms) {
    // Batches of 16 keep the clock reads out of the figure for fast operations.
    for (let i = 0; i < 16; i++) {
      const result = fn()
      if (result instanceof Promise) await result
    }
    iterations += 16
    elapsed = performance.now() - start
  }
  return (iterations * 1000) / elapsed
}
