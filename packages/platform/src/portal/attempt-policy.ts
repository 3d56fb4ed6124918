/**
 * The portal's rate limits and lock-outs, as pure functions of a subject's counters and the time.
 *
 * Every form that proves who someone is (card + code, fiscal code + dose date, lost code) counts attempts per subject:
 * the client address and each identifier typed (card number, fiscal code). A subject is refused for a while when
 * - it made `maxAttempts` attempts in the current window (rate limit: slows guessing whether or not it succeeds), or
 * - it failed `maxFailures` times in a row (lock-out), for `lockoutMs`, doubled at each further lock-out of the same
 *   run of failures and capped at `maxLockoutMs`. A success ends the run.
 *
 * Subjects are what was typed, not what exists, so a lock-out says nothing about whether a card is known.
 */

/** A subject's counters as stored. */
export interface AttemptState {
  readonly windowStart: number
  readonly attempts: number
  readonly failures: number
  readonly lockedUntil: number | null
}

/** The limits of one kind of subject. */
export interface AttemptLimits {
  readonly windowMs: number
  readonly maxAttempts: number
  readonly maxFailures: number
  readonly lockoutMs: number
  readonly maxLockoutMs: number
}

export type AttemptVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: 'RATE_LIMITED' | 'LOCKED_OUT'; readonly retryAt: number }

/** The kinds of subject the portal counts. */
export type SubjectKind = 'ip' | 'card' | 'fiscal'

/**
 * Defaults: an address may try 30 times in 10 minutes and fail 20 times in a row (several people can share one
 * address); a card or fiscal code 10 times in 10 minutes and 5 failures in a row, then 15 minutes, 30, 60 … up to a day.
 */
export const DEFAULT_ATTEMPT_LIMITS: Readonly<Record<SubjectKind, AttemptLimits>> = Object.freeze({
  ip: { windowMs: 600_000, maxAttempts: 30, maxFailures: 20, lockoutMs: 900_000, maxLockoutMs: 86_400_000 },
  card: { windowMs: 600_000, maxAttempts: 10, maxFailures: 5, lockoutMs: 900_000, maxLockoutMs: 86_400_000 },
  fiscal: { windowMs: 600_000, maxAttempts: 10, maxFailures: 5, lockoutMs: 900_000, maxLockoutMs: 86_400_000 },
})

/**
 * Whether a subject may make an attempt at `now` (no state: it never tried).
 *
 * @example checkAttempt(state, Date.now(), DEFAULT_ATTEMPT_LIMITS.card) // { allowed: false, reason: 'LOCKED_OUT', retryAt }
 */
export function checkAttempt(state: AttemptState | undefined, now: number, limits: AttemptLimits): AttemptVerdict {
  if (state === undefined) return { allowed: true }
  if (state.lockedUntil !== null && now < state.lockedUntil) {
    return { allowed: false, reason: 'LOCKED_OUT', retryAt: state.lockedUntil }
  }
  const windowEnd = state.windowStart + limits.windowMs
  if (now < windowEnd && state.attempts >= limits.maxAttempts) {
    return { allowed: false, reason: 'RATE_LIMITED', retryAt: windowEnd }
  }
  return { allowed: true }
}

/**
 * The counters after an attempt at `now` that succeeded or failed.
 *
 * @example recordAttempt(state, now, false, DEFAULT_ATTEMPT_LIMITS.card)
 */
export function recordAttempt(
  state: AttemptState | undefined,
  now: number,
  succeeded: boolean,
  limits: AttemptLimits,
): AttemptState {
  const fresh = state === undefined || now >= state.windowStart + limits.windowMs
  const windowStart = fresh ? now : state.windowStart
  const attempts = fresh ? 1 : state.attempts + 1
  if (succeeded) return { windowStart, attempts, failures: 0, lockedUntil: null }
  const failures = (state?.failures ?? 0) + 1
  let lockedUntil = state?.lockedUntil ?? null
  if (failures % limits.maxFailures === 0) {
    const lockouts = failures / limits.maxFailures
    lockedUntil = now + Math.min(limits.lockoutMs * 2 ** (lockouts - 1), limits.maxLockoutMs)
  }
  return { windowStart, attempts, failures, lockedUntil }
}

/** The most restrictive of several verdicts: refused if any is, until the latest retry time among the refusals. */
export function combineVerdicts(verdicts: readonly AttemptVerdict[]): AttemptVerdict {
  let worst: AttemptVerdict = { allowed: true }
  for (const verdict of verdicts) {
    if (verdict.allowed) continue
    if (worst.allowed || verdict.retryAt > worst.retryAt) worst = verdict
  }
  return worst
}
