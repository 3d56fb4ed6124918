/**
 * Dates and instants as the rules use them (italian-verification-rules.md §5 conventions, §10 items 1–4).
 *
 * - Day windows (vaccination, recovery, exemption) compare **Europe/Rome calendar dates**: "today" is the Rome date
 *   of the validation instant, certificate dates are plain dates, and windows are whole days inclusive at both ends.
 *   A calendar date is a day count, so DST changes (23- or 25-hour days) cannot shift a window.
 * - Test windows compare **instants**: `sc` carries an offset, and the window is a number of hours from it.
 *
 * Nothing here reads the clock: the instant is always passed in.
 */

/** A calendar date: the number of days since 1970-01-01 (proleptic Gregorian). Windows are integer arithmetic. */
export type CalendarDay = number & { readonly __calendarDay: true }

/** A calendar date's parts; `month` 1–12, `day` 1–31. */
export interface CivilDate {
  readonly year: number
  readonly month: number
  readonly day: number
}

const DAY_MS = 86_400_000

/**
 * The calendar date with these parts, or undefined when they name no date (month 13, 30 February, year 0).
 *
 * @example formatDay(calendarDay(2024, 2, 29)!) // '2024-02-29'
 */
export function calendarDay(year: number, month: number, day: number): CalendarDay | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  return daysFromCivil(year, month, day)
}

/** The parts of a calendar date. */
export function civilDate(date: CalendarDay): CivilDate {
  // Howard Hinnant's civil_from_days: eras of 400 years (146,097 days), years starting on 1 March.
  const z = date + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

/** `date` moved by a whole number of days (negative moves back). */
export function addDays(date: CalendarDay, days: number): CalendarDay {
  return (date + days) as CalendarDay
}

/** `YYYY-MM-DD`. */
export function formatDay(date: CalendarDay): string {
  const { year, month, day } = civilDate(date)
  const yyyy = year < 0 ? `-${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0')
  return `${yyyy}-${pad2(month)}-${pad2(day)}`
}

/** Days in a month of the Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

// One formatter for the process: building one costs far more than using it.
const ROME_DATE_OPTIONS: Intl.DateTimeFormatOptions = {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
}
const ROME_DATE = new Intl.DateTimeFormat('en-CA', ROME_DATE_OPTIONS)
// The instants between which en-CA prints four-digit years of the common era (a day of margin for the time zone).
const YEAR_1000 = Date.UTC(1000, 0, 2)
const YEAR_10000 = Date.UTC(9999, 11, 31)
// Built on first use: only instants outside the years 1000–9999 need it.
let ROME_DATE_WITH_ERA: Intl.DateTimeFormat | undefined

/**
 * The calendar date in Europe/Rome at instant `at` ("today" for every day window), from the time-zone database, so
 * summer time and its changes are applied.
 *
 * @example formatDay(romeDay(new Date('2022-03-26T23:30:00Z'))) // '2022-03-27' (00:30 in Rome)
 */
export function romeDay(at: Date): CalendarDay {
  const time = at.getTime()
  if (time >= YEAR_1000 && time < YEAR_10000) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ROME_DATE.format(at))
    if (match) return daysFromCivil(Number(match[1]), Number(match[2]), Number(match[3]))
  }
  // Years outside 1000–9999 (en-CA neither pads them nor marks BC), or another ICU's shape: the parts with the era.
  ROME_DATE_WITH_ERA ??= new Intl.DateTimeFormat('en-CA', { ...ROME_DATE_OPTIONS, era: 'short' })
  const parts = Object.fromEntries(ROME_DATE_WITH_ERA.formatToParts(at).map((part) => [part.type, part.value]))
  const year = Number(parts['year'])
  return daysFromCivil(parts['era'] === 'BC' ? 1 - year : year, Number(parts['month']), Number(parts['day']))
}

/**
 * A certificate date (`dt`, `df`, `du`, `fr`): `YYYY-MM-DD`, ignoring everything from a `T` or a space on (some
 * issuers write `2021-06-01T00:00:00`; the time is not part of the rule, §10 item 3). Undefined when unreadable.
 *
 * @example formatDay(parseDate('2021-12-28T10:00:00+01:00')!) // '2021-12-28'
 */
export function parseDate(text: unknown): CalendarDay | undefined {
  if (typeof text !== 'string') return undefined
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ].*)?$/s.exec(text.trim())
  return match ? calendarDay(Number(match[1]), Number(match[2]), Number(match[3])) : undefined
}

/**
 * An instant in milliseconds since the epoch, from an ISO 8601 date-time read leniently (§10 item 2): with or
 * without seconds and fractions, `T` or a space between date and time, and an offset written `Z`, `+02:00`, `+0200`,
 * `+02` or not at all, in which case the time is UTC (as the conformance corpus reads it). The offset is applied, never
 * dropped. Undefined when unreadable, including a date without a time.
 *
 * @example parseInstant('2021-05-29T19:21:13+0200') === Date.parse('2021-05-29T17:21:13Z') // true
 */
export function parseInstant(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined
  const match =
    /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/.exec(
      text.trim(),
    )
  if (!match) return undefined
  const [, year, month, day, hours, minutes, seconds, fraction, , sign, offsetHours, offsetMinutes] = match
  const date = calendarDay(Number(year), Number(month), Number(day))
  const h = Number(hours)
  const m = Number(minutes)
  const s = Number(seconds ?? 0)
  const oh = Number(offsetHours ?? 0)
  const om = Number(offsetMinutes ?? 0)
  if (date === undefined || h > 23 || m > 59 || s > 59 || oh > 18 || om > 59) return undefined
  const milliseconds = Number((fraction ?? '').slice(0, 3).padEnd(3, '0'))
  const offset = (sign === '-' ? -1 : 1) * (oh * 60 + om) * 60_000
  return date * DAY_MS + ((h * 60 + m) * 60 + s) * 1000 + milliseconds - offset
}

/**
 * A date of birth as the age rules read it (§6.7, §10 item 4): `YYYY-MM-DD`; `YYYY-MM` → the last day of that month;
 * `YYYY` → 31 December; a missing, zero or `XX` month or day counts as the latest possible (December, the month's last
 * day), so `1970-00-00` is 1970-12-31. Anything after a `T` is ignored. Undefined when unreadable (empty, another
 * format): the caller decides what an unknown age means, and BASE/3G never asks.
 *
 * @example formatDay(parseDateOfBirth('1970-02')!) // '1970-02-28'
 */
export function parseDateOfBirth(text: unknown): CalendarDay | undefined {
  if (typeof text !== 'string') return undefined
  const match = /^(\d{4})(?:-(\d{1,2}|xx)(?:-(\d{1,2}|xx))?)?(?:[Tt ].*)?$/is.exec(text.trim())
  if (!match) return undefined
  const year = Number(match[1])
  const month = latestIfUnknown(match[2], 12)
  if (year < 1 || month > 12) return undefined
  const day = latestIfUnknown(match[3], daysInMonth(year, month))
  return calendarDay(year, month, day)
}

/**
 * Whole years from `birth` to `today` (the age on `today`), counted as a birthday calendar does: someone born on
 * 29 February 2004 is 17 on 28 February 2022 and 18 on 1 March 2022.
 *
 * @example ageInYears(parseDateOfBirth('1972-03-01')!, parseDate('2022-03-01')!) // 50
 */
export function ageInYears(birth: CalendarDay, today: CalendarDay): number {
  const b = civilDate(birth)
  const t = civilDate(today)
  const beforeBirthday = t.month < b.month || (t.month === b.month && t.day < b.day)
  return t.year - b.year - (beforeBirthday ? 1 : 0)
}

function latestIfUnknown(part: string | undefined, latest: number): number {
  if (part === undefined || /^(0{1,2}|xx)$/i.test(part)) return latest
  return Number(part)
}

// Howard Hinnant's days_from_civil (valid far beyond any certificate date).
function daysFromCivil(year: number, month: number, day: number): CalendarDay {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return (era * 146_097 + dayOfEra - 719_468) as CalendarDay
}

function pad2(value: number): string {
  return String(value).padStart(2, '0')
}
