/**
 * Failures of the verifier's data folder. Callers branch on `code`, never on `message`.
 */
export type StoreErrorCode =
  /** A file of the data folder is not what this store writes (unparsable JSON, wrong shape, bad DRL file). */
  | 'STORE_CORRUPT'
  /** The file system refused a read or a write (permissions, disk full). */
  | 'STORE_IO'

export class StoreError extends Error {
  override name = 'StoreError'
  readonly code: StoreErrorCode

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
  }
}
