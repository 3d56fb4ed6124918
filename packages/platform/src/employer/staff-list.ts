import { parseCsv } from '../registry/csv.ts'
import { RegistryError } from '../registry/errors.ts'
import { EmployerError } from './errors.ts'

/** The most fiscal codes one check takes: a large employer splits its staff into several uploads. */
export const MAX_STAFF_ROWS = 10_000

const HEADERS = new Set(['fiscal_code', 'fiscalcode', 'codice_fiscale', 'codicefiscale', 'cf'])

/**
 * The fiscal codes of a staff list in CSV (RFC 4180): the first field of each record, exactly as sent (the answer
 * repeats it so the employer can match rows); other columns (names, departments) are ignored, never read. A first
 * row whose first field is a header name (`fiscal_code`, `codice_fiscale`, `cf`) is skipped.
 *
 * @example readStaffList('codice_fiscale\nRSSMRA85T10A562S\n') // ['RSSMRA85T10A562S']
 */
export function readStaffList(csv: string): string[] {
  let records
  try {
    records = parseCsv(csv)
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error
    throw new EmployerError('STAFF_LIST_INVALID', error.message, { cause: error })
  }
  const first = records[0]?.fields[0]?.trim().toLowerCase()
  const rows = first !== undefined && HEADERS.has(first) ? records.slice(1) : records
  if (rows.length === 0) throw new EmployerError('STAFF_LIST_EMPTY', 'The staff list holds no fiscal code')
  if (rows.length > MAX_STAFF_ROWS) {
    throw new EmployerError('STAFF_LIST_TOO_LONG', `${rows.length} rows: one check takes at most ${MAX_STAFF_ROWS}`)
  }
  return rows.map((record) => record.fields[0] ?? '')
}
