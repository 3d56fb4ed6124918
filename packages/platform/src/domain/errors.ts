/**
 * Every failure of the platform's domain core is a `DomainError` with a stable `code`. Callers (HTTP, jobs) branch on
 * `code`, never on `message`, and map it to problem+json; `problems` lists every field-level fault at once so a
 * facility can fix a whole event in one round trip.
 */

/** The stable codes of `DomainError`. */
export type DomainErrorCode =
  /** A codice fiscale that fails its length, shape, date or check character. */
  | 'FISCAL_CODE_INVALID'
  /** An intake event that cannot be accepted; `problems` says why, field by field. */
  | 'EVENT_INVALID'
  /** A citizen code (AUTHCODE, CUN, NRFE, NUCG) or a code hash that is not of its documented format. */
  | 'CODE_INVALID'
  /** The injected random source returned something other than the requested number of bytes. */
  | 'RANDOM_INVALID'
  /** The instant `at` is not a valid `Date`. */
  | 'INSTANT_INVALID'
  /** The DSC that would sign the certificate has already expired (or expires within the same second). */
  | 'SIGNER_EXPIRED'
  /** A pepper (HMAC key) that is empty: hashes made with it would be plain, guessable digests. */
  | 'PEPPER_INVALID'

/** One fault of an input, by JSON pointer (`/person/fiscalCode`), with its own stable code. */
export interface Problem {
  readonly path: string
  readonly code: string
  readonly message: string
}

/**
 * The error of the domain core.
 *
 * @example
 * throw new DomainError('EVENT_INVALID', 'the event has 2 problems', { problems })
 */
export class DomainError extends Error {
  override name = 'DomainError'
  readonly code: DomainErrorCode
  /** Every field-level fault (empty for errors that are not about an input's fields). */
  readonly problems: readonly Problem[]

  constructor(code: DomainErrorCode, message: string, options?: { problems?: readonly Problem[]; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.problems = options?.problems ?? []
  }
}

/**
 * True when `error` is a `DomainError`, optionally with the given code.
 *
 * @example if (isDomainError(error, 'EVENT_INVALID')) reply.code(422).send(toProblem(error))
 */
export function isDomainError(error: unknown, code?: DomainErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code)
}
