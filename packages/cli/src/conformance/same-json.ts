import { parseInstant } from './instant.ts'

/**
 * Semantic equality of two decoded payloads, as the corpus asks (hcert-format.md §12.4): maps are unordered, text is
 * compared NFC-normalised, and text that reads as a date or date-time is compared by the instant it denotes
 * (`2021-05-17T12:00:00Z` equals `2021-05-17T14:00:00+02:00`).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    if (a.normalize('NFC') === b.normalize('NFC')) return true
    const ia = parseInstant(a)
    const ib = parseInstant(b)
    return ia !== undefined && ib !== undefined && ia.getTime() === ib.getTime()
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]))
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameJson(a[key], b[key]))
  }
  return Object.is(a, b)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
