import { createHmac } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../db/index.ts'
import { findAttempts, updateAttempts } from '../db/portal-attempts.ts'
import {
  type AttemptLimits,
  type AttemptVerdict,
  checkAttempt,
  combineVerdicts,
  DEFAULT_ATTEMPT_LIMITS,
  recordAttempt,
  type SubjectKind,
} from './attempt-policy.ts'

/** One subject of an attempt: the client address, or an identifier as typed. */
export interface AttemptSubject {
  readonly kind: SubjectKind
  readonly value: string
}

/**
 * Counts attempts in the database (`portal_attempts`) under keyed hashes of the subjects, so the table holds no
 * address, card number or fiscal code, and a lock-out holds on every node and across restarts.
 */
export interface AttemptGuard {
  /** Whether every subject may try at `now`; the most restrictive refusal otherwise. */
  check(subjects: readonly AttemptSubject[], now: number): Promise<AttemptVerdict>
  /** Counts one attempt of every subject. */
  record(subjects: readonly AttemptSubject[], now: number, succeeded: boolean): Promise<void>
}

export function createAttemptGuard(
  db: Kysely<Database>,
  pepper: string,
  limits: Readonly<Record<SubjectKind, AttemptLimits>> = DEFAULT_ATTEMPT_LIMITS,
): AttemptGuard {
  const keyed = (subjects: readonly AttemptSubject[]) =>
    new Map(
      subjects.map((subject) => [
        `${subject.kind}:${createHmac('sha256', pepper).update(`portal-attempt:${subject.kind}:${subject.value}`).digest('hex')}`,
        subject.kind,
      ]),
    )
  return {
    async check(subjects, now) {
      const keys = keyed(subjects)
      const states = await findAttempts(db, [...keys.keys()])
      return combineVerdicts([...keys].map(([key, kind]) => checkAttempt(states.get(key), now, limits[kind])))
    },
    async record(subjects, now, succeeded) {
      const keys = keyed(subjects)
      await updateAttempts(db, [...keys.keys()], now, (key, state) =>
        recordAttempt(state, now, succeeded, limits[keys.get(key) as SubjectKind]),
      )
    },
  }
}
