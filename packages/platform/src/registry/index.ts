// The registry of persons (issue 4): import from CSV or JSON, every row checked, refused rows reported by line.
export { type CsvRecord, parseCsv } from './csv.ts'
export { isRegistryError, RegistryError, type RegistryErrorCode } from './errors.ts'
export {
  formatOfFile,
  type ImportOptions,
  type ImportOutcome,
  importPersons,
  type RefusedRow,
  type RegistryFormat,
} from './import.ts'
export { checkPersonRow, type PersonRowResult, REGISTRY_COLUMNS, type RegistryColumn } from './person-row.ts'
