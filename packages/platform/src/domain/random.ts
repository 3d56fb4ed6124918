/**
 * The injected randomness of the domain core. The core never draws random numbers itself: the caller passes a
 * `RandomSource` (in production `(n) => crypto.getRandomValues(new Uint8Array(n))`, in tests a seeded one), so every
 * decision is reproducible.
 */
import { DomainError } from './errors.ts'

/** Returns exactly `bytes` random bytes. */
export type RandomSource = (bytes: number) => Uint8Array

/**
 * `bytes` bytes from `random`, checked: a source that returns fewer or more bytes is a programming error that would
 * otherwise silently weaken codes and UVCIs.
 *
 * @example randomBytes((n) => crypto.getRandomValues(new Uint8Array(n)), 16).length // 16
 */
export function randomBytes(random: RandomSource, bytes: number): Uint8Array {
  const result = random(bytes)
  if (!(result instanceof Uint8Array) || result.length !== bytes) {
    throw new DomainError('RANDOM_INVALID', `the random source returned ${describe(result)} instead of ${bytes} bytes`)
  }
  return result
}

function describe(value: unknown): string {
  return value instanceof Uint8Array ? `${value.length} bytes` : typeof value
}

/**
 * `source` drawn 4 KiB at a time. Each call to the OS generator costs microseconds whatever its size (5–30 µs measured
 * here, as much as a certificate's code and UVCI together need bytes for), so issuance draws in blocks and hands out
 * fresh copies of the pieces.
 *
 * @example const random = pooledRandomSource((n) => crypto.getRandomValues(new Uint8Array(n)))
 */
export function pooledRandomSource(source: RandomSource, poolBytes = 4096): RandomSource {
  let pool: Uint8Array = new Uint8Array(0)
  let at = 0
  return (bytes) => {
    if (bytes > poolBytes) return randomBytes(source, bytes)
    if (at + bytes > pool.length) {
      pool = randomBytes(source, poolBytes)
      at = 0
    }
    at += bytes
    return pool.slice(at - bytes, at)
  }
}
