/**
 * Every failure of key set-up and of the key store is a `KeyError` with a stable `code`. Callers (the CLI, the
 * issuance code) branch on `code`, never on `message`.
 */
export type KeyErrorCode =
  /** `keys init` found key files already there and was not told to overwrite them (`force`). */
  | 'KEYS_EXIST'
  /** The keys folder, or a file a signer needs, is missing: run `greenpass keys init`. */
  | 'KEYS_MISSING'
  /** No signer of that name in the store. */
  | 'KEY_UNKNOWN'
  /** A key or certificate file that cannot be used: unparsable, or a private key that does not match its certificate. */
  | 'KEY_INVALID'

export class KeyError extends Error {
  override name = 'KeyError'
  readonly code: KeyErrorCode
  /** The file concerned, when there is one. */
  readonly path: string | undefined

  constructor(code: KeyErrorCode, message: string, options?: { cause?: unknown; path?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.path = options?.path
  }
}

/** True when `error` is a `KeyError`, optionally with the given code. */
export function isKeyError(error: unknown, code?: KeyErrorCode): error is KeyError {
  return error instanceof KeyError && (code === undefined || error.code === code)
}
