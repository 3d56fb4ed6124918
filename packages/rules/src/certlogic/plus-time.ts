/**
 * `plusTime` arithmetic (specification "Date-time offsets"): a date-time moved by a whole number of years, months,
 * days or hours.
 *
 * CertLogic has offsets, not time zones, and the date-time is an instant: so a day is always 24 hours and an hour
 * 60 minutes, whatever daylight saving time does to a local wall clock (`2021-03-27T12:00:00+01:00` plus one day
 * is `2021-03-28T11:00:00Z`, which Rome shows as 13:00). Months and years move the UTC calendar date and keep the
 * UTC time of day; a day that the target month lacks becomes that month's last day (31 January plus one month is
 * 28 or 29 February, 29 February 2020 plus one year is 28 February 2021), so a certificate never gains the days of
 * an overflow into the next month.
 */
import { daysInMonth, fromUtcFields, isCertLogicDateTime } from './date-time.ts'
import { CertLogicError } from './errors.ts'

/** The units `plusTime` takes, as they are spelled in rules. */
export const CERTLOGIC_TIME_UNITS = ['year', 'month', 'day', 'hour'] as const

/** One of `CERTLOGIC_TIME_UNITS`. */
export type CertLogicTimeUnit = (typeof CERTLOGIC_TIME_UNITS)[number]

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

/**
 * True when `unit` is one of the units `plusTime` takes.
 *
 * @example
 * isCertLogicTimeUnit('day') // true
 * isCertLogicTimeUnit('days') // false
 */
export function isCertLogicTimeUnit(unit: unknown): unit is CertLogicTimeUnit {
  return (CERTLOGIC_TIME_UNITS as readonly unknown[]).includes(unit)
}

/**
 * `dateTime` moved by `amount` (an integer, negative to go back) of `unit`; a new `Date`, the input is untouched.
 * Throws `CertLogicError('CERTLOGIC_OPERAND')` when the result falls outside the range of a JavaScript date.
 *
 * @example
 * plusTime(parseCertLogicDateTime('2021-05-31'), 180, 'day').toISOString() // '2021-11-27T00:00:00.000Z'
 * plusTime(parseCertLogicDateTime('2021-01-31'), 1, 'month').toISOString() // '2021-02-28T00:00:00.000Z'
 * plusTime(parseCertLogicDateTime('2021-06-01T10:00:00Z'), -72, 'hour').toISOString() // '2021-05-29T10:00:00.000Z'
 */
export function plusTime(dateTime: Date, amount: number, unit: CertLogicTimeUnit): Date {
  let result: Date
  switch (unit) {
    case 'hour':
      result = new Date(dateTime.getTime() + amount * HOUR_MS)
      break
    case 'day':
      result = new Date(dateTime.getTime() + amount * DAY_MS)
      break
    case 'month':
      result = plusMonths(dateTime, amount)
      break
    case 'year':
      result = plusMonths(dateTime, amount * 12)
      break
  }
  if (!isCertLogicDateTime(result)) {
    throw new CertLogicError('CERTLOGIC_OPERAND', `plusTime of ${amount} ${unit} leaves the range of dates`)
  }
  return result
}

function plusMonths(dateTime: Date, months: number): Date {
  // Counting months from year 0 keeps the arithmetic in integers; floor division handles negative amounts.
  const monthIndex = dateTime.getUTCFullYear() * 12 + dateTime.getUTCMonth() + months
  const year = Math.floor(monthIndex / 12)
  const month = monthIndex - year * 12 + 1
  const day = Math.min(dateTime.getUTCDate(), daysInMonth(year, month))
  return fromUtcFields(
    year,
    month,
    day,
    dateTime.getUTCHours(),
    dateTime.getUTCMinutes(),
    dateTime.getUTCSeconds(),
    dateTime.getUTCMilliseconds(),
  )
}
