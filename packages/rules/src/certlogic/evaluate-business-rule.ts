/**
 * One EU business rule applied to one certificate: the rule's CertLogic over the data context the EU verifiers
 * build, `{ payload: <DCC JSON>, external: { valueSets, validationClock, countryCode, … } }`
 * (gateway-and-trust.md §4.3).
 */
import type { BusinessRule } from './business-rule.ts'
import { CertLogicError, isCertLogicError } from './errors.ts'
import { evaluateCertLogic } from './evaluate.ts'
import { isCertLogicFalsy, isCertLogicTruthy } from './truthiness.ts'

/** What a rule's `external.*` may refer to, besides the payload. */
export interface BusinessRuleContext {
  /** The DCC payload (`hcert` claim `1`), as JSON. */
  readonly payload: unknown
  /** Value sets by valueSetId, each the list of its codes (see `certLogicValueSets`). */
  readonly valueSets: Readonly<Record<string, readonly string[]>>
  /** The instant of the check. Rules read it as a string; a `Date` is written as ISO 8601 UTC. */
  readonly validationClock: string | Date
  /** The country of the check (the country of arrival), ISO 3166-1 alpha-2. */
  readonly countryCode?: string
  /** The certificate's issuing country (CWT `iss`). */
  readonly issuerCountryCode?: string
  /** The region of the check, for regional rules. */
  readonly region?: string
  /** CWT expiry and issue instants. */
  readonly exp?: string | Date
  readonly iat?: string | Date
  /** The key id (base64) of the signing certificate. */
  readonly kid?: string
}

/**
 * `pass` when the logic is truthy, `fail` when falsy, `open` when it could not be decided: an evaluation error (the
 * rule is not well-formed, or the certificate lacks what it reads), an engine other than CertLogic, or a value that
 * is neither. An `open` rule is reported with its error; it is the caller's policy whether open blocks.
 */
export interface BusinessRuleOutcome {
  readonly result: 'pass' | 'fail' | 'open'
  readonly error?: CertLogicError
}

/**
 * Applies `rule` to the certificate in `context`. Never throws: every fault is an `open` outcome with its error.
 *
 * @example
 * evaluateBusinessRule(parseBusinessRule(vr0001Json), {
 *   payload: { v: [{ mp: 'EU/1/20/1528' }] },
 *   valueSets: certLogicValueSets(),
 *   validationClock: '2021-06-10T12:00:00Z',
 * }) // { result: 'pass' }
 */
export function evaluateBusinessRule(rule: BusinessRule, context: BusinessRuleContext): BusinessRuleOutcome {
  if (rule.Engine !== 'CERTLOGIC') {
    return {
      result: 'open',
      error: new CertLogicError('CERTLOGIC_INVALID', `rule ${rule.Identifier}: engine ${rule.Engine} is not CertLogic`),
    }
  }
  let value: unknown
  try {
    value = evaluateCertLogic(rule.Logic, businessRuleData(context))
  } catch (error) {
    // evaluateCertLogic throws CertLogicError only; anything else is a bug of ours and must not look like an answer.
    if (!isCertLogicError(error)) throw error
    return { result: 'open', error }
  }
  if (isCertLogicTruthy(value)) return { result: 'pass' }
  if (isCertLogicFalsy(value)) return { result: 'fail' }
  return {
    result: 'open',
    error: new CertLogicError('CERTLOGIC_OPERAND', `rule ${rule.Identifier} evaluated to neither truthy nor falsy`),
  }
}

/**
 * The CertLogic data context of `context`: `{ payload, external }`, dates written as ISO 8601 strings, absent
 * fields left out (so that they read as `null`).
 *
 * @example
 * businessRuleData({ payload: {}, valueSets: {}, validationClock: new Date(0) }).external
 * // { valueSets: {}, validationClock: '1970-01-01T00:00:00.000Z' }
 */
export function businessRuleData(context: BusinessRuleContext): {
  payload: unknown
  external: Record<string, unknown>
} {
  const external: Record<string, unknown> = {
    valueSets: context.valueSets,
    validationClock: isoString(context.validationClock),
  }
  if (context.countryCode !== undefined) external['countryCode'] = context.countryCode
  if (context.issuerCountryCode !== undefined) external['issuerCountryCode'] = context.issuerCountryCode
  if (context.region !== undefined) external['region'] = context.region
  if (context.exp !== undefined) external['exp'] = isoString(context.exp)
  if (context.iat !== undefined) external['iat'] = isoString(context.iat)
  if (context.kid !== undefined) external['kid'] = context.kid
  return { payload: context.payload, external }
}

// An invalid Date stays a string that no rule can read as a date-time, so the rules that need it come out open.
function isoString(instant: string | Date): string {
  if (typeof instant === 'string') return instant
  return Number.isNaN(instant.getTime()) ? 'Invalid Date' : instant.toISOString()
}
