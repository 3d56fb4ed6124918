/**
 * One registry row checked field by field: every fault is reported (never only the first), and a row with any fault
 * gives no person at all, so an import never stores half a row.
 */
import type { PersonInput } from '../db/index.ts'
import { fiscalCodeProblems, type Problem } from '../domain/index.ts'

/** The columns of a registry row, in the CSV header's order. */
export const REGISTRY_COLUMNS = [
  'fiscalCode',
  'givenName',
  'familyName',
  'dateOfBirth',
  'tsNumber',
  'tsExpiry',
  'email',
  'phone',
] as const

/** A registry column name. */
export type RegistryColumn = (typeof REGISTRY_COLUMNS)[number]

const REQUIRED: readonly RegistryColumn[] = ['fiscalCode', 'givenName', 'familyName', 'dateOfBirth']
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const PHONE = /^\+?[0-9]{6,15}$/
const NAME_MAX = 80

/** A row's verdict: the person to store, or every problem (paths are the column names, `/fiscalCode`). */
export type PersonRowResult =
  { readonly ok: true; readonly person: PersonInput } | { readonly ok: false; readonly problems: readonly Problem[] }

/**
 * Checks one row: fiscal code (length, shape, day, check character, by the domain), names, date of birth (a calendar
 * date, not after `now`), tessera sanitaria (20 digits, expiry a calendar date, both or neither), email and phone
 * shapes. Empty strings and nulls are absent values; values are trimmed; unknown keys are problems too (a misspelt
 * column would otherwise be silently dropped).
 *
 * @example checkPersonRow({ fiscalCode: 'RSSMRA85T10A562S', givenName: 'Mario', familyName: 'Rossi', dateOfBirth: '1985-12-10' }, now)
 */
export function checkPersonRow(row: unknown, now: Date): PersonRowResult {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    return { ok: false, problems: [{ path: '', code: 'ROW_TYPE', message: 'a row must be an object' }] }
  }
  const problems: Problem[] = []
  const record = row as Record<string, unknown>
  const value: Partial<Record<RegistryColumn, string>> = {}
  for (const key of Object.keys(record)) {
    if (!(REGISTRY_COLUMNS as readonly string[]).includes(key)) {
      problems.push({ path: `/${key}`, code: 'UNKNOWN_FIELD', message: `${key} is not a registry column` })
    }
  }
  for (const column of REGISTRY_COLUMNS) {
    const raw = record[column]
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      if (REQUIRED.includes(column)) {
        problems.push({ path: `/${column}`, code: 'REQUIRED', message: `${column} is required` })
      }
      continue
    }
    if (typeof raw !== 'string') {
      problems.push({ path: `/${column}`, code: 'TYPE', message: `${column} must be a string` })
      continue
    }
    value[column] = raw.trim()
  }
  if (value.fiscalCode !== undefined) problems.push(...fiscalCodeProblems(value.fiscalCode, '/fiscalCode'))
  for (const column of ['givenName', 'familyName'] as const) {
    const name = value[column]
    if (name !== undefined && name.length > NAME_MAX) {
      problems.push({ path: `/${column}`, code: 'TOO_LONG', message: `${column} has more than ${NAME_MAX} characters` })
    }
  }
  if (value.dateOfBirth !== undefined) {
    const problem = dateProblem(value.dateOfBirth, '/dateOfBirth')
    if (problem !== undefined) problems.push(problem)
    else if (value.dateOfBirth > now.toISOString().slice(0, 10)) {
      problems.push({ path: '/dateOfBirth', code: 'DATE_IN_FUTURE', message: 'dateOfBirth is after today' })
    }
  }
  if (value.tsNumber !== undefined && !/^\d{20}$/.test(value.tsNumber)) {
    problems.push({ path: '/tsNumber', code: 'FORMAT', message: 'tsNumber must be 20 digits' })
  }
  if (value.tsExpiry !== undefined) {
    const problem = dateProblem(value.tsExpiry, '/tsExpiry')
    if (problem !== undefined) problems.push(problem)
  }
  // A card number without its expiry (or the reverse) cannot be checked against the card: both or neither.
  if ((value.tsNumber === undefined) !== (value.tsExpiry === undefined)) {
    const missing = value.tsNumber === undefined ? 'tsNumber' : 'tsExpiry'
    problems.push({
      path: `/${missing}`,
      code: 'REQUIRED',
      message: `${missing} is required with the other card field`,
    })
  }
  if (value.email !== undefined && (value.email.length > 254 || !EMAIL.test(value.email))) {
    problems.push({ path: '/email', code: 'FORMAT', message: 'email is not an email address' })
  }
  // Spaces, dots and dashes are how people write numbers, not part of them.
  const phone = value.phone?.replace(/[\s.-]/g, '')
  if (phone !== undefined && !PHONE.test(phone)) {
    problems.push({ path: '/phone', code: 'FORMAT', message: 'phone must be 6–15 digits with an optional leading +' })
  }
  if (problems.length > 0) return { ok: false, problems }
  return {
    ok: true,
    person: {
      fiscalCode: (value.fiscalCode as string).toUpperCase(),
      givenName: value.givenName as string,
      familyName: value.familyName as string,
      dob: value.dateOfBirth as string,
      tsNumber: value.tsNumber ?? null,
      tsExpiry: value.tsExpiry ?? null,
      email: value.email ?? null,
      phone: phone ?? null,
    },
  }
}

function dateProblem(text: string, path: string): Problem | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (match === null) return { path, code: 'FORMAT', message: `${path.slice(1)} must be a date YYYY-MM-DD` }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  // Date.UTC rolls 2021-02-30 over to March: a round trip that changes the day means no such date.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { path, code: 'FORMAT', message: `${path.slice(1)} is not a calendar date` }
  }
  return undefined
}
