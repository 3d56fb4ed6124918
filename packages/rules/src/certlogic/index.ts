/**
 * The EU CertLogic engine and business-rule format (gateway-and-trust.md §4): evaluate and check CertLogic
 * expressions, read rules, pick the ones that apply, apply them to a certificate.
 */
export {
  compareRuleVersions,
  type DccCertificateType,
  isRuleInForce,
  ruleCertificateTypeOf,
  type RuleSelection,
  selectApplicableRules,
} from './applicable-rules.ts'
export {
  type BusinessRule,
  type BusinessRuleCheckOptions,
  type BusinessRuleDescription,
  businessRuleProblems,
  type BusinessRuleType,
  parseBusinessRule,
  type RuleCertificateType,
} from './business-rule.ts'
export { isCertLogicDateTime, parseCertLogicDateTime } from './date-time.ts'
export { dccDateOfBirth } from './dcc-date-of-birth.ts'
export { CertLogicError, type CertLogicErrorCode, isCertLogicError } from './errors.ts'
export { CERTLOGIC_MAX_NESTING, evaluateCertLogic } from './evaluate.ts'
export {
  type BusinessRuleContext,
  type BusinessRuleOutcome,
  businessRuleData,
  evaluateBusinessRule,
} from './evaluate-business-rule.ts'
export { extractFromUvci } from './extract-from-uvci.ts'
export { CERTLOGIC_OPERATORS, type CertLogicOperator, isCertLogicOperator } from './operations.ts'
export { CERTLOGIC_TIME_UNITS, type CertLogicTimeUnit, isCertLogicTimeUnit, plusTime } from './plus-time.ts'
export { isCertLogicFalsy, isCertLogicTruthy } from './truthiness.ts'
export { type CertLogicProblem, validateCertLogic } from './validate.ts'
export { certLogicValueSets } from './value-sets.ts'
