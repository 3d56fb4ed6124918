/**
 * Failures of the revocation-list store. Callers branch on `code`, never on `message`.
 */
export type DrlErrorCode =
  /** Not a DRL entry: base64 (standard alphabet, padded) of a 32-byte SHA-256, 44 characters. */
  | 'DRL_HASH'
  /** A DRL file that is not in the binary format this store writes (bad magic, length or order). */
  | 'DRL_FILE'

export class DrlError extends Error {
  override name = 'DrlError'
  readonly code: DrlErrorCode

  constructor(code: DrlErrorCode, message: string) {
    super(message)
    this.code = code
  }
}
