/** Failures of the gateway's storage layer a caller may branch on. */
export type GatewayDbErrorCode =
  /** The database URL is neither a `postgres://` URL nor empty. */
  | 'DB_URL'
  /** A migration failed: the schema stays at the last migration that succeeded. */
  | 'DB_MIGRATION'

export class GatewayDbError extends Error {
  override name = 'GatewayDbError'
  readonly code: GatewayDbErrorCode

  constructor(code: GatewayDbErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}
