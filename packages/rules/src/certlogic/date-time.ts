/**
 * CertLogic date-times: the strings `plusTime` reads, and the values that the date-time comparisons (`before`,
 * `after`, `not-before`, `not-after`) take.
 *
 * A CertLogic date-time is an instant and nothing more: a JavaScript `Date`, never mutated once made. CertLogic
 * knows no time zones, only the offset written in the string, so after parsing every value is a point in UTC
 * (see plus-time.ts for what that means for days and months).
 */
import { CertLogicError } from './errors.ts'

// `YYYY-MM-DD`: a DCC `dt`, `fr`, `df`, `du` or full `dob`; midnight UTC.
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
// `YYYY-MM-DDThh:mm:ss[.fraction][Z|±h[h][[:]mm]]`: a DCC `sc`, the validation clock. The offset forms are the
// ones certlogic-js reads (`+01`, `+0100`, `+01:00`); no offset means UTC, as in the specification.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:(Z)|([+-])(\d{1,2})(?::?(\d{2}))?)?$/

const MINUTE_MS = 60_000

/**
 * True when `value` is a CertLogic date-time (a valid `Date`).
 *
 * @example
 * isDateTime(parseDateTime('2021-06-01')) // true
 * isDateTime('2021-06-01') // false: a string becomes a date-time only through plusTime
 */
export function isDateTime(value: unknown): value is Date {
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
 * parseDateTime('2021-06-01').toISOString() // '2021-06-01T00:00:00.000Z'
 * parseDateTime('2021-06-01T10:00:00+02:00').toISOString() // '2021-06-01T08:00:00.000Z'
 * parseDateTime('2021-06') // throws CertLogicError('CERTLOGIC_OPERAND')
 */
export function parseDateTime(text: string): Date {
  const date = DATE.exec(text)
  if (date !== null) return utcInstant(text, Number(date[1]), Number(date[2]), Number(date[3]), 0, 0, 0, 0, 0)
  const dateTime = DATE_TIME.exec(text)
  if (dateTime === null) {
    throw new CertLogicError('CERTLOGIC_OPERAND', `not a CertLogic date or date-time: ${JSON.stringify(text)}`)
  }
  const [, year, month, day, hour, minute, second, fraction, , sign, offsetHours, offsetMinutes] = dateTime
  const milliseconds = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'))
  let offset = 0
  if (sign !== undefined) {
    const hours = Number(offsetHours)
    const minutes = offsetMinutes === undefined ? 0 : Number(offsetMinutes)
    if (hours > 23 || minutes > 59) {
      throw new CertLogicError('CERTLOGIC_OPERAND', `not a time-zone offset: ${JSON.stringify(text)}`)
    }
    offset = (sign === '-' ? -1 : 1) * (hours * 60 + minutes)
  }
  return utcInstant(
    text,
    Number(year),
    Number(month),
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    milliseconds,
    offset,
  )
}

/** The number of days of `month` (1–12) in `year`, Gregorian. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/**
 * The instant of the given UTC calendar fields (month 1–12). Uses `setUTCFullYear` because `Date.UTC` maps years
 * 0–99 to 1900–1999.
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
  const instant = new Date(0)
  instant.setUTCFullYear(year, month - 1, day)
  instant.setUTCHours(hour, minute, second, milliseconds)
  return instant
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
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59) {
    throw new CertLogicError('CERTLOGIC_OPERAND', `not a calendar date-time: ${JSON.stringify(text)}`)
  }
  // Leap seconds (`:60`) are not representable in a Date; they would silently become the next minute.
  if (second > 59) throw new CertLogicError('CERTLOGIC_OPERAND', `not a calendar date-time: ${JSON.stringify(text)}`)
  const wallClock = fromUtcFields(year, month, day, hour, minute, second, milliseconds)
  return offsetMinutes === 0 ? wallClock : new Date(wallClock.getTime() - offsetMinutes * MINUTE_MS)
}
