/**
 * CertLogic date-times: the strings `plusTime` reads, and the values that the date-time comparisons (`before`,
 * `after`, `not-before`, `not-after`) take.
 *
 * A CertLogic date-time is an instant and nothing more: a JavaScript `Date`, never mutated once made. CertLogic
 * knows no time zones, only the offset written in the string, so after parsing every value is a point in UTC
 * (see plus-time.ts for what that means for days and months).
 */
import { CertLogicError } from './errors.ts'

/**
 * The grammar `parseCertLogicDateTime` reads, as one regular expression: `YYYY-MM-DD` (a DCC `dt`, `fr`, `df`, `du`, a full
 * `dob`), or `YYYY-MM-DDThh:mm:ss[.fraction][Z|±h[h][[:]mm]]` (a DCC `sc`, the validation clock). The offset forms
 * are the ones certlogic-js reads (`+01`, `+0100`, `+01:00`); no offset means UTC, as in the specification.
 *
 * The parser scans characters instead of running it: date parsing is a third of the time of a typical rule.
 */
export const DATE_TIME_GRAMMAR = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{1,2}(?::?\d{2})?)?)?$/

const MINUTE_MS = 60_000
const DAY_MS = 86_400_000

/**
 * True when `value` is a CertLogic date-time (a valid `Date`).
 *
 * @example
 * isCertLogicDateTime(parseCertLogicDateTime('2021-06-01')) // true
 * isCertLogicDateTime('2021-06-01') // false: a string becomes a date-time only through plusTime
 */
export function isCertLogicDateTime(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime())
}

/**
 * Reads a date or date-time string as CertLogic defines them: `YYYY-MM-DD` (midnight UTC) or
 * `YYYY-MM-DDThh:mm:ss` with optional fraction (kept to the millisecond) and optional offset (`Z`, `±hh`, `±hhmm`,
 * `±hh:mm`; none means UTC).
 *
 * Partial dates (`YYYY`, `YYYY-MM`) are not date-times: `dccDateOfBirth` reads those. Throws
 * `CertLogicError('CERTLOGIC_OPERAND')` for any other text and for calendar values that do not exist
 * (`2021-02-30`, `25:00`), rather than letting them roll over into another day.
 *
 * @example
 * parseCertLogicDateTime('2021-06-01').toISOString() // '2021-06-01T00:00:00.000Z'
 * parseCertLogicDateTime('2021-06-01T10:00:00+02:00').toISOString() // '2021-06-01T08:00:00.000Z'
 * parseCertLogicDateTime('2021-06') // throws CertLogicError('CERTLOGIC_OPERAND')
 */
export function parseCertLogicDateTime(text: string): Date {
  const year = digitsAt(text, 0, 4)
  const month = digitsAt(text, 5, 2)
  const day = digitsAt(text, 8, 2)
  if (year < 0 || month < 0 || day < 0 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) {
    throw notDateTime(text)
  }
  if (text.length === 10) return utcInstant(text, year, month, day, 0, 0, 0, 0, 0)

  const hour = digitsAt(text, 11, 2)
  const minute = digitsAt(text, 14, 2)
  const second = digitsAt(text, 17, 2)
  if (text.charCodeAt(10) !== T || text.charCodeAt(13) !== COLON || text.charCodeAt(16) !== COLON) {
    throw notDateTime(text)
  }
  if (hour < 0 || minute < 0 || second < 0) throw notDateTime(text)
  let end = 19
  let milliseconds = 0
  if (text.charCodeAt(end) === DOT) {
    const start = ++end
    while (isDigit(text.charCodeAt(end))) end++
    if (end === start) throw notDateTime(text)
    // Kept to the millisecond, truncated: a Date holds no more.
    for (let i = start; i < start + 3; i++) milliseconds = milliseconds * 10 + (i < end ? text.charCodeAt(i) - ZERO : 0)
  }
  const offset = end === text.length ? 0 : offsetMinutes(text, end)
  return utcInstant(text, year, month, day, hour, minute, second, milliseconds, offset)
}

const ZERO = 48
const DASH = 45
const COLON = 58
const DOT = 46
const T = 84
const Z = 90
const PLUS = 43
const MINUS = 45

function isDigit(code: number): boolean {
  return code >= ZERO && code <= ZERO + 9
}

// The value of the `count` decimal digits at `start`, or -1 when any of them is not a digit (or is missing).
function digitsAt(text: string, start: number, count: number): number {
  let value = 0
  for (let i = start; i < start + count; i++) {
    const code = text.charCodeAt(i)
    if (!isDigit(code)) return -1
    value = value * 10 + code - ZERO
  }
  return value
}

// `Z`, or a sign then `h`, `hh`, `hmm`, `hhmm`, `h:mm` or `hh:mm` up to the end: minutes east of UTC.
function offsetMinutes(text: string, at: number): number {
  const sign = text.charCodeAt(at)
  const rest = text.length - at - 1
  if (sign === Z && rest === 0) return 0
  if ((sign !== PLUS && sign !== MINUS) || rest === 0) throw notDateTime(text)
  const colon = text.indexOf(':', at)
  let hours: number
  let minutes = 0
  if (colon < 0 && rest <= 2) {
    hours = digitsAt(text, at + 1, rest)
  } else {
    const hourDigits = colon < 0 ? rest - 2 : colon - at - 1
    if (hourDigits < 1 || hourDigits > 2 || (colon >= 0 && colon !== text.length - 3)) throw notDateTime(text)
    hours = digitsAt(text, at + 1, hourDigits)
    minutes = digitsAt(text, text.length - 2, 2)
  }
  if (hours < 0 || minutes < 0) throw notDateTime(text)
  if (hours > 23 || minutes > 59) {
    throw new CertLogicError('CERTLOGIC_OPERAND', `not a time-zone offset: ${JSON.stringify(text)}`)
  }
  return (sign === MINUS ? -1 : 1) * (hours * 60 + minutes)
}

function notDateTime(text: string): CertLogicError {
  return new CertLogicError('CERTLOGIC_OPERAND', `not a CertLogic date or date-time: ${JSON.stringify(text)}`)
}

/** The number of days of `month` (1–12) in `year`, Gregorian. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/**
 * The instant of the given UTC calendar fields (month 1–12, fields in range), proleptic Gregorian; an invalid
 * `Date` when it falls outside the range of dates.
 *
 * Computed, not asked of `Date.UTC`: that maps years 0–99 to 1900–1999, and costs more than the arithmetic.
 *
 * @example
 * fromUtcFields(2021, 6, 1, 10).toISOString() // '2021-06-01T10:00:00.000Z'
 */
export function fromUtcFields(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  milliseconds = 0,
): Date {
  return new Date(daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + milliseconds)
}

// Days since 1970-01-01 of a proleptic Gregorian date: the era algorithm of H. Hinnant ("chrono-Compatible Low-Level
// Date Algorithms"). The year is counted from March, so the leap day falls at the end of it.
function daysFromCivil(year: number, month: number, day: number): number {
  const marchYear = month <= 2 ? year - 1 : year
  const era = Math.floor(marchYear / 400)
  const yearOfEra = marchYear - era * 400
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

// Checks every field against the calendar, then shifts the wall-clock reading by its offset (minutes east of UTC).
function utcInstant(
  text: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  milliseconds: number,
  offsetMinutes: number,
): Date {
  // Leap seconds (`:60`) are not representable in a Date; they would silently become the next minute.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    throw new CertLogicError('CERTLOGIC_OPERAND', `not a calendar date-time: ${JSON.stringify(text)}`)
  }
  const wallClock = fromUtcFields(year, month, day, hour, minute, second, milliseconds)
  return offsetMinutes === 0 ? wallClock : new Date(wallClock.getTime() - offsetMinutes * MINUTE_MS)
}
