/** The failures of opening and migrating a database, with stable codes. */
export type StorageErrorCode =
  /** The database URL is neither a `postgres://` URL nor empty. */
  | 'DB_URL'
  /** A migration failed: the schema is left at the last migration that succeeded. */
  | 'DB_MIGRATION'

export class StorageError extends Error {
  override name = 'StorageError'
  readonly code: StorageErrorCode

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}
