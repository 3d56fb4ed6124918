/**
 * An RFC 4180 CSV reader: comma-separated fields, fields in double quotes may hold commas, line breaks and doubled
 * quotes (`""`), records end with CRLF or LF. Each record carries the physical line it starts on, so a refused row
 * can be reported by the line a person sees in their editor (a quoted line break makes records and lines differ).
 */
import { RegistryError } from './errors.ts'

/** One CSV record and the 1-based line it starts on. */
export interface CsvRecord {
  readonly line: number
  readonly fields: readonly string[]
}

/**
 * The records of `text` (a leading byte-order mark dropped; blank lines skipped, since a trailing newline or an
 * editor's empty last line is not a row). An unterminated quoted field, or text after a closing quote, is a
 * `RegistryError('REGISTRY_INPUT_INVALID')` naming the line: the rest of the file cannot be read reliably.
 *
 * @example parseCsv('a,"b ""c"""\n1,2\n') // [{ line: 1, fields: ['a', 'b "c"'] }, { line: 2, fields: ['1', '2'] }]
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = []
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  let line = 1
  let recordLine = 1
  let fields: string[] = []
  let field = ''
  let i = 0
  const endRecord = () => {
    fields.push(field)
    // A blank line is one empty field: skip it rather than report a row of missing values.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields })
    fields = []
    field = ''
  }
  while (i < input.length) {
    const character = input[i] as string
    if (character === '"' && field === '') {
      const openedOn = line
      i++
      for (;;) {
        if (i >= input.length) {
          throw new RegistryError('REGISTRY_INPUT_INVALID', `line ${openedOn}: a quoted field is never closed`)
        }
        const inner = input[i] as string
        if (inner === '"') {
          if (input[i + 1] === '"') {
            field += '"'
            i += 2
            continue
          }
          i++
          break
        }
        if (inner === '\n') line++
        field += inner
        i++
      }
      const next = input[i]
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new RegistryError('REGISTRY_INPUT_INVALID', `line ${line}: text after a closing quote`)
      }
      continue
    }
    if (character === ',') {
      fields.push(field)
      field = ''
      i++
    } else if (character === '\r' && input[i + 1] === '\n') {
      endRecord()
      i += 2
      line++
      recordLine = line
    } else if (character === '\n') {
      endRecord()
      i++
      line++
      recordLine = line
    } else {
      field += character
      i++
    }
  }
  if (field !== '' || fields.length > 0) endRecord()
  return records
}
