import { type Outcome, outcome, Status } from './status.ts'

/** The outcome of a certificate inside its window when nothing else stands in the way. */
export const WITHIN_WINDOW: Outcome = Object.freeze(outcome(Status.VALID, 'WITHIN_WINDOW'))

const NOT_STARTED: Outcome = Object.freeze(outcome(Status.NOT_VALID_YET, 'WINDOW_NOT_STARTED'))
const ENDED: Outcome = Object.freeze(outcome(Status.EXPIRED, 'WINDOW_ENDED'))

/**
 * Where `position` falls against the window `start … end`, **inclusive at both ends** (§5 conventions): before the
 * start → NOT_VALID_YET, after the end → EXPIRED, inside → undefined (the caller then applies the remaining rules).
 *
 * The same comparison serves day windows (Rome calendar days: the end day is valid until 23:59:59.999) and hour
 * windows (instants in milliseconds).
 *
 * @example outsideWindow(today, addDays(dt, 15), addDays(dt, 42)) ?? WITHIN_WINDOW
 */
export function outsideWindow(position: number, start: number, end: number): Outcome | undefined {
  if (position < start) return NOT_STARTED
  if (position > end) return ENDED
  return undefined
}
