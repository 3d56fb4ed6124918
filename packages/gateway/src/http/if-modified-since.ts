import { GatewayProblem } from '../problem.ts'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const MONTH = MONTHS.join('|')
const DAY_NAME = 'Mon|Tue|Wed|Thu|Fri|Sat|Sun'
const LONG_DAY_NAME = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday'
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})'

// RFC 9110 §5.6.7, the three forms a recipient must accept. The day is one or two digits in IMF-fixdate as the
// reference gateway's parser (RFC 1123) reads it: `Tue, 3 Nov 2026 …` is as good as `Tue, 03 Nov 2026 …`.
const IMF_FIXDATE = new RegExp(`^(?:${DAY_NAME}), (\\d{1,2}) (${MONTH}) (\\d{4}) ${TIME} GMT$`)
// Obsolete RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`, a two-digit year.
const RFC_850 = new RegExp(`^(?:${LONG_DAY_NAME}), (\\d{2})-(${MONTH})-(\\d{2}) ${TIME} GMT$`)
// ANSI C asctime(): `Sun Nov  6 08:49:37 1994`, the day space-padded (one or two digits).
const ASCTIME = new RegExp(`^(?:${DAY_NAME}) (${MONTH}) ( ?\\d{1,2}) ${TIME} (\\d{4})$`)
// ISO 8601 extended form with an offset (`2021-06-01T00:00:00Z`, `…+02:00`, `…+0200`, `…+02`), as dgc-api-tests send
// it; without an offset the instant would depend on the server's zone, so it is refused.
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/

/**
 * Parses an HTTP date in every form RFC 9110 §5.6.7 requires a recipient to accept — IMF-fixdate (with a one- or
 * two-digit day), obsolete RFC 850 and asctime — and ISO 8601 with an offset, which the EU gateway's API also takes.
 * A two-digit RFC 850 year that would lie more than 50 years after `now` is the most recent past year with those
 * digits (RFC 9110). Undefined when the text is none of these or not a calendar date (`31 Feb`).
 *
 * @example parseHttpDate('Tue, 3 Nov 2026 00:00:00 GMT', now) // 2026-11-03T00:00:00.000Z
 */
export function parseHttpDate(text: string, now: Date): Date | undefined {
  let match = IMF_FIXDATE.exec(text)
  if (match) return utc(Number(match[3]), match[2]!, Number(match[1]), match.slice(4, 7))
  match = RFC_850.exec(text)
  if (match) {
    const century = now.getUTCFullYear() - (now.getUTCFullYear() % 100)
    const read = (year: number) => utc(year, match![2]!, Number(match![1]), match!.slice(4, 7))
    const inCentury = read(century + Number(match[3]))
    const limit = new Date(now)
    limit.setUTCFullYear(limit.getUTCFullYear() + 50)
    return inCentury && inCentury > limit ? read(century - 100 + Number(match[3])) : inCentury
  }
  match = ASCTIME.exec(text)
  if (match) return utc(Number(match[6]), match[1]!, Number(match[2]), match.slice(3, 6))
  match = ISO_8601.exec(text)
  if (match) return iso8601(match)
  return undefined
}

/**
 * Reads an `If-Modified-Since` header with {@link parseHttpDate}: undefined when absent, a 400 ProblemReport when it
 * is present and not a date.
 */
export function parseIfModifiedSince(header: string | undefined, now: Date): Date | undefined {
  if (header === undefined || header === '') return undefined
  const at = parseHttpDate(header.trim(), now)
  if (at) return at
  throw new GatewayProblem(
    400,
    '0x000',
    'BAD_IF_MODIFIED_SINCE',
    'If-Modified-Since must be an HTTP date (RFC 9110 §5.6.7) or an ISO-8601 date-time with an offset',
    '',
    header,
  )
}

function utc(year: number, month: string, day: number, time: readonly (string | undefined)[]): Date | undefined {
  const [hours, minutes, seconds] = time.map(Number) as [number, number, number]
  return checked(year, MONTHS.indexOf(month), day, hours, minutes, seconds, 0, 0)
}

function iso8601(match: RegExpExecArray): Date | undefined {
  const [, year, month, day, hours, minutes, seconds, fraction, zone] = match
  const offsetMinutes =
    zone === 'Z'
      ? 0
      : (zone!.startsWith('-') ? -1 : 1) *
        (Number(zone!.slice(1, 3)) * 60 + Number(zone!.replace(':', '').slice(3) || 0))
  const ms = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000)
  return checked(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hours),
    Number(minutes),
    Number(seconds ?? 0),
    ms,
    offsetMinutes,
  )
}

/** The instant, or undefined when a field is out of range (Date.UTC would roll `31 Feb` over into March). */
function checked(
  year: number,
  month: number,
  day: number,
  hours: number,
  minutes: number,
  seconds: number,
  ms: number,
  offsetMinutes: number,
): Date | undefined {
  const local = new Date(Date.UTC(year, month, day, hours, minutes, seconds, ms))
  const fits =
    local.getUTCFullYear() === year &&
    local.getUTCMonth() === month &&
    local.getUTCDate() === day &&
    local.getUTCHours() === hours &&
    local.getUTCMinutes() === minutes &&
    local.getUTCSeconds() === seconds &&
    Math.abs(offsetMinutes) < 24 * 60
  return fits ? new Date(local.getTime() - offsetMinutes * 60_000) : undefined
}
