import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  type AttemptLimits,
  type AttemptState,
  checkAttempt,
  combineVerdicts,
  DEFAULT_ATTEMPT_LIMITS,
  recordAttempt,
} from '../../src/portal/attempt-policy.ts'

const LIMITS: AttemptLimits = {
  windowMs: 600_000,
  maxAttempts: 10,
  maxFailures: 3,
  lockoutMs: 60_000,
  maxLockoutMs: 200_000,
}

/** The state after `outcomes` (true = success) at one attempt per second from `start`. */
function run(outcomes: readonly boolean[], start = 0): AttemptState | undefined {
  let state: AttemptState | undefined
  outcomes.forEach((ok, i) => {
    state = recordAttempt(state, start + i * 1000, ok, LIMITS)
  })
  return state
}

describe('attempt policy: rate limit and lock-out', () => {
  it('allows a subject that never tried, and one under both limits', () => {
    assert.deepEqual(checkAttempt(undefined, 0, LIMITS), { allowed: true })
    assert.deepEqual(checkAttempt(run([false, false]), 2000, LIMITS), { allowed: true })
  })

  it('locks out after maxFailures consecutive failures, until lockoutMs after the last one', () => {
    const state = run([false, false, false])
    assert.equal(state?.lockedUntil, 2000 + 60_000)
    assert.deepEqual(checkAttempt(state, 3000, LIMITS), { allowed: false, reason: 'LOCKED_OUT', retryAt: 62_000 })
    assert.deepEqual(checkAttempt(state, 62_000, LIMITS), { allowed: true })
  })

  it('a success ends the run of failures and lifts the lock', () => {
    const state = run([false, false, true, false, false])
    assert.equal(state?.failures, 2)
    assert.equal(state?.lockedUntil, null)
  })

  it('each further lock-out of the same run lasts twice as long, up to maxLockoutMs', () => {
    const second = run([false, false, false, false, false, false])
    assert.equal(second?.lockedUntil, 5000 + 120_000)
    const third = run(Array(9).fill(false))
    assert.equal(third?.lockedUntil, 8000 + 200_000, 'capped')
  })

  it('rate-limits maxAttempts per window whatever their outcome, and opens a fresh window after it', () => {
    const state = run(Array(10).fill(true))
    assert.deepEqual(checkAttempt(state, 10_000, LIMITS), { allowed: false, reason: 'RATE_LIMITED', retryAt: 600_000 })
    assert.deepEqual(checkAttempt(state, 600_000, LIMITS), { allowed: true })
    const fresh = recordAttempt(state, 600_000, true, LIMITS)
    assert.deepEqual([fresh.windowStart, fresh.attempts], [600_000, 1])
  })

  it('combines verdicts: refused when any subject is, until the latest retry time', () => {
    assert.deepEqual(combineVerdicts([{ allowed: true }, { allowed: true }]), { allowed: true })
    assert.deepEqual(
      combineVerdicts([
        { allowed: false, reason: 'RATE_LIMITED', retryAt: 5 },
        { allowed: true },
        { allowed: false, reason: 'LOCKED_OUT', retryAt: 9 },
      ]),
      { allowed: false, reason: 'LOCKED_OUT', retryAt: 9 },
    )
  })

  it('defaults: an address tolerates more failures than a card or a fiscal code', () => {
    assert.ok(DEFAULT_ATTEMPT_LIMITS.ip.maxFailures > DEFAULT_ATTEMPT_LIMITS.card.maxFailures)
    assert.equal(DEFAULT_ATTEMPT_LIMITS.card.maxFailures, 5)
    assert.equal(Object.isFrozen(DEFAULT_ATTEMPT_LIMITS), true)
  })
})
