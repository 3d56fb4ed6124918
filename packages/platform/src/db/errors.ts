/**
 * Every failure of the platform's repositories that a caller may branch on is a `DbError` with a stable `code`
 * (opening and migrating fail with `StorageError` from `@greenpass/storage`). Driver errors (constraint violations, lost connections) are not wrapped: they are the database's own, and the
 * repositories turn the expected ones (a duplicate event, say) into ordinary results instead of errors.
 */
export type DbErrorCode =
  /** A DRL version asked for is negative or beyond the latest (italian-verification-rules.md §9.2). */
  | 'DRL_BAD_VERSION'
  /** A DRL chunk asked for is negative or beyond the last one (§9.2: "Chunk non valido"). */
  | 'DRL_BAD_CHUNK'

export class DbError extends Error {
  override name = 'DbError'
  readonly code: DbErrorCode

  constructor(code: DbErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}
