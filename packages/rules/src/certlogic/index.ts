/**
 * The EU CertLogic engine and business-rule format (gateway-and-trust.md §4): evaluate and check CertLogic
 * expressions, read rules, pick the ones that apply, apply them to a certificate.
 */
export {
  type DccCertificateType,
  certificateTypeOf,
  compareVersions,
  isRuleInForce,
  type RuleSelection,
  selectApplicableRules,
} from './applicable-rules.ts'
export {
  type BusinessRule,
  type BusinessRuleDescription,
  type BusinessRuleType,
  parseBusinessRule,
  type RuleCertificateType,
} from './business-rule.ts'
export { isDateTime, parseDateTime } from './date-time.ts'
export { dccDateOfBirth } from './dcc-date-of-birth.ts'
export { CertLogicError, type CertLogicErrorCode, isCertLogicError } from './errors.ts'
export { evaluateCertLogic, MAX_NESTING } from './evaluate.ts'
export {
  type BusinessRuleContext,
  type BusinessRuleOutcome,
  businessRuleData,
  evaluateBusinessRule,
} from './evaluate-business-rule.ts'
export { extractFromUvci } from './extract-from-uvci.ts'
export { CERTLOGIC_OPERATORS, type CertLogicOperator, isCertLogicOperator } from './operations.ts'
export { isTimeUnit, plusTime, TIME_UNITS, type TimeUnit } from './plus-time.ts'
export { isFalsy, isTruthy } from './truthiness.ts'
export { type CertLogicProblem, validateCertLogic } from './validate.ts'
export { certLogicValueSets } from './value-sets.ts'
