/** Why a staff list was refused as a whole (a malformed fiscal code only marks its own row). */
export type EmployerErrorCode =
  /** The CSV cannot be read (an unterminated quote, text after a closing quote). */
  | 'STAFF_LIST_INVALID'
  /** No fiscal code in the list. */
  | 'STAFF_LIST_EMPTY'
  /** More rows than one check takes. */
  | 'STAFF_LIST_TOO_LONG'

export class EmployerError extends Error {
  override name = 'EmployerError'
  readonly code: EmployerErrorCode

  constructor(code: EmployerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}
