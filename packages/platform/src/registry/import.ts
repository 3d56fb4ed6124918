/**
 * The registry import (issue 4): persons from a CSV file (header row, RFC 4180) or a JSON array, every row checked,
 * valid rows stored in batches (one transaction per batch), refused rows reported by line with every problem code.
 */
import type { Kysely } from 'kysely'
import { type Database, type PersonInput, upsertPersons } from '../db/index.ts'
import type { Problem } from '../domain/index.ts'
import { parseCsv } from './csv.ts'
import { RegistryError } from './errors.ts'
import { checkPersonRow, REGISTRY_COLUMNS } from './person-row.ts'

/** The input formats. */
export type RegistryFormat = 'csv' | 'json'

/** A row that was not stored: its line (CSV: the physical line it starts on; JSON: its 1-based index) and why. */
export interface RefusedRow {
  readonly line: number
  readonly problems: readonly Problem[]
}

/** What an import did. */
export interface ImportOutcome {
  /** Persons stored (inserted or updated; a person on two rows counts once). */
  readonly imported: number
  readonly refused: readonly RefusedRow[]
}

/** Options of {@link importPersons}. */
export interface ImportOptions {
  /** Rows per transaction (default 1000): a failure loses at most one batch's work, never half a row. */
  readonly batchSize?: number
}

/**
 * Imports persons. A file that cannot be read as a whole (bad JSON, unterminated quote, wrong header) is a
 * `RegistryError` and stores nothing; a row with any problem is refused whole and the others are stored. A person
 * already present is updated (names, date of birth; card and contacts only when given).
 *
 * @example
 * const { imported, refused } = await importPersons(db, await readFile('persons.csv', 'utf8'), 'csv', new Date())
 */
export async function importPersons(
  db: Kysely<Database>,
  input: string,
  format: RegistryFormat,
  now: Date,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const rows = readRows(input, format)
  const valid: PersonInput[] = []
  const refused: RefusedRow[] = []
  for (const { line, row, problems } of rows) {
    if (problems !== undefined) {
      refused.push({ line, problems })
      continue
    }
    const result = checkPersonRow(row, now)
    if (result.ok) valid.push(result.person)
    else refused.push({ line, problems: result.problems })
  }
  // A person twice in one file: the later row wins, as if imported one after the other. Deduplicated here because
  // PostgreSQL refuses an INSERT … ON CONFLICT that touches the same row twice (the whole batch would fail).
  const byFiscalCode = new Map<string, PersonInput>()
  for (const person of valid) {
    byFiscalCode.delete(person.fiscalCode)
    byFiscalCode.set(person.fiscalCode, person)
  }
  const persons = [...byFiscalCode.values()]
  const batchSize = options.batchSize ?? 1000
  let imported = 0
  for (let i = 0; i < persons.length; i += batchSize) {
    imported += await upsertPersons(db, persons.slice(i, i + batchSize), now.getTime())
  }
  return { imported, refused }
}

/**
 * The format a file name implies (`.csv`, `.json`, any case), or undefined.
 *
 * @example formatOfFile('persons.CSV') // 'csv'
 */
export function formatOfFile(path: string): RegistryFormat | undefined {
  const extension = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase()
  return extension === 'csv' || extension === 'json' ? extension : undefined
}

/** A row as read from the input, or the reason it could not be read as a row at all. */
interface SourceRow {
  readonly line: number
  readonly row?: unknown
  readonly problems?: readonly Problem[]
}

function readRows(input: string, format: RegistryFormat): SourceRow[] {
  if (format === 'json') return readJson(input)
  if (format === 'csv') return readCsv(input)
  throw new RegistryError('REGISTRY_FORMAT_UNKNOWN', `unknown format ${String(format)}: csv or json`)
}

function readJson(input: string): SourceRow[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(input)
  } catch (error) {
    throw new RegistryError('REGISTRY_INPUT_INVALID', 'the input is not JSON', { cause: error })
  }
  if (!Array.isArray(parsed)) throw new RegistryError('REGISTRY_INPUT_INVALID', 'the JSON input must be an array')
  return parsed.map((row, index) => ({ line: index + 1, row }))
}

function readCsv(input: string): SourceRow[] {
  const [header, ...records] = parseCsv(input)
  if (header === undefined) return []
  const names = header.fields.map((name) => name.trim())
  const known = REGISTRY_COLUMNS as readonly string[]
  const unknown = names.filter((name) => !known.includes(name))
  const missing = REGISTRY_COLUMNS.filter((column) => !names.includes(column))
  const repeated = names.filter((name, index) => names.indexOf(name) !== index)
  if (unknown.length > 0 || missing.length > 0 || repeated.length > 0) {
    const parts = [
      unknown.length > 0 ? `unknown ${unknown.join(', ')}` : '',
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      repeated.length > 0 ? `repeated ${repeated.join(', ')}` : '',
    ]
    throw new RegistryError(
      'REGISTRY_HEADER_INVALID',
      `the header must be ${REGISTRY_COLUMNS.join(',')}: ${parts.filter(Boolean).join('; ')}`,
    )
  }
  return records.map(({ line, fields }) => {
    if (fields.length !== names.length) {
      // Reported as a row problem, not read by position: a shifted row would store values in the wrong columns.
      const message = `the row has ${fields.length} fields, the header ${names.length}`
      return { line, problems: [{ path: '', code: 'FIELD_COUNT', message }] }
    }
    return { line, row: Object.fromEntries(names.map((name, index) => [name, fields[index]])) }
  })
}
