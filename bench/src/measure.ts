/** One benchmark figure. */
export interface BenchRow {
  group: string
  name: string
  opsPerSec: number
  note?: string
}

/**
 * Operations per second of each function on this thread, measured in interleaved rounds (A B C, A B C, …) so that
 * a noisy machine slows them all alike, reported as the median round. A warm-up round runs first.
 */
export async function compareOpsPerSecond(fns: readonly (() => unknown)[], ms = 400, rounds = 5): Promise<number[]> {
  for (const fn of fns) await round(fn, Math.min(200, ms))
  const samples: number[][] = fns.map(() => [])
  for (let r = 0; r < rounds; r++) {
    for (const [i, fn] of fns.entries()) samples[i]?.push(await round(fn, ms))
  }
  return samples.map((s) => s.sort((a, b) => a - b)[Math.floor(s.length / 2)] as number)
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
