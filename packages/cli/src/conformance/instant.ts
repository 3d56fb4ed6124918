/**
 * Parses the timestamps of the conformance corpus: ISO 8601 with `Z`, `+hh:mm`, `+hhmm` or no offset at all, and
 * fractions of any length. A missing offset means UTC (V8's `Date.parse` would read it as local time, hcert-format.md
 * §12.8). A bare date is midnight UTC. Returns undefined for anything else.
 */
export function parseInstant(text: string): Date | undefined {
  const match = INSTANT.exec(text.trim())
  if (!match) return undefined
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', offset = 'Z'] = match
  const ms = Math.round(Number(`0.${fraction.slice(1) || '0'}`) * 1000)
  let utc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), ms)
  if (offset !== 'Z' && offset !== 'z') {
    const sign = offset.startsWith('-') ? -1 : 1
    const digits = offset.slice(1).replace(':', '')
    utc -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000
  }
  return Number.isNaN(utc) ? undefined : new Date(utc)
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/
