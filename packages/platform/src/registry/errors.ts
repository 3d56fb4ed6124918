/**
 * Failures of a registry import as a whole (a row's faults are not errors: they are reported per line). Callers
 * branch on `code`, never on `message`.
 */

/** The stable codes of `RegistryError`. */
export type RegistryErrorCode =
  /** The input is not readable in its format: bad JSON, not an array, an unterminated quoted CSV field. */
  | 'REGISTRY_INPUT_INVALID'
  /** The CSV header row is not the expected columns (missing or unknown names). */
  | 'REGISTRY_HEADER_INVALID'
  /** A format other than `csv` or `json`. */
  | 'REGISTRY_FORMAT_UNKNOWN'

/**
 * The error of the registry import.
 *
 * @example throw new RegistryError('REGISTRY_HEADER_INVALID', 'the header lacks "fiscalCode"')
 */
export class RegistryError extends Error {
  override name = 'RegistryError'
  readonly code: RegistryErrorCode

  constructor(code: RegistryErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
  }
}

/**
 * True when `error` is a `RegistryError`, optionally with the given code.
 *
 * @example if (isRegistryError(error, 'REGISTRY_HEADER_INVALID')) process.exitCode = 2
 */
export function isRegistryError(error: unknown, code?: RegistryErrorCode): error is RegistryError {
  return error instanceof RegistryError && (code === undefined || error.code === code)
}
