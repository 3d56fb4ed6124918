/**
 * Every failure of the CertLogic engine and of the EU business-rule format is a `CertLogicError` with a stable `code`.
 * Callers branch on `code`, never on `message`.
 *
 * The line between the first two codes is drawn by when the fault can be seen: `CERTLOGIC_INVALID` is found by
 * looking at the expression alone (so `validateCertLogic` reports it too), `CERTLOGIC_OPERAND` only once an operand
 * has been evaluated against the data (a `dt` that is not a date, a value set that is missing).
 */
export type CertLogicErrorCode =
  /** The expression is not CertLogic: an unknown operator, a wrong number of operands, a bad literal or path. */
  | 'CERTLOGIC_INVALID'
  /** A well-formed operation got an operand value it does not take (not an integer, not a date-time, not an array…). */
  | 'CERTLOGIC_OPERAND'
  /** A rule JSON does not have the EU business-rule format (gateway `validation-rule.schema.json`). */
  | 'BUSINESS_RULE_INVALID'

export class CertLogicError extends Error {
  override name = 'CertLogicError'
  readonly code: CertLogicErrorCode
  /** The (sub-)expression that failed, when there is one: the place to look when a rule misbehaves. */
  readonly expression: unknown

  constructor(code: CertLogicErrorCode, message: string, options?: { expression?: unknown; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.expression = options?.expression
  }
}

/** True when `error` is a `CertLogicError`, optionally with the given code. */
export function isCertLogicError(error: unknown, code?: CertLogicErrorCode): error is CertLogicError {
  return error instanceof CertLogicError && (code === undefined || error.code === code)
}
