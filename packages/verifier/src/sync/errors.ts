/**
 * Failures of a sync. Callers branch on `code`, never on `message`. A failed sync leaves the store at its last
 * committed state (§9.6 keeps the chunks already applied, so a DRL download can resume).
 */
export type SyncErrorCode =
  /** The server answered with an HTTP error status (`httpStatus` says which). */
  | 'SYNC_HTTP'
  /** The server's answer breaks the protocol: not JSON, wrong shape, a chunk other than the one asked for, an update
   * loop that ends before serving every listed DSC, a DRL that does not settle. */
  | 'SYNC_PROTOCOL'
  /** No answer: connection refused or dropped (also mid-body), timeout. */
  | 'SYNC_NETWORK'
  /** After MAX_RETRY full downloads the DRL still does not hold the server's `totalNumberUCVI` entries. */
  | 'SYNC_RECONCILIATION'
  /** The caller declined a DRL download larger than 5 MB (§9.6 step 3). */
  | 'SYNC_DECLINED'
  /** Another sync of the same store is under way. */
  | 'SYNC_BUSY'

export class SyncError extends Error {
  override name = 'SyncError'
  readonly code: SyncErrorCode
  /** The HTTP status, for `SYNC_HTTP`. */
  readonly httpStatus: number | undefined

  constructor(code: SyncErrorCode, message: string, options?: { cause?: unknown; httpStatus?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.httpStatus = options?.httpStatus
  }
}

/** True when `error` is a `SyncError`, optionally with the given code. */
export function isSyncError(error: unknown, code?: SyncErrorCode): error is SyncError {
  return error instanceof SyncError && (code === undefined || error.code === code)
}
