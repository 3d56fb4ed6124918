// The pure domain core of the national platform: intake validation, issuance decisions, citizen codes, masked
// names, re-issue planning. No I/O, no clock, no hidden randomness.
export type { CertificateKind, HistoryCertificate, IssuedCertificate, Signer } from './certificate.ts'
export {
  CODE_ALPHABET,
  CodeType,
  codeLookupHash,
  codeLookupHashFromSha256,
  constantTimeEqual,
  generateCode,
  isCodeOfType,
  normalizeCode,
} from './codes.ts'
export {
  COVID_19,
  DCC_VERSION,
  ITALIAN_ISSUER,
  NOT_DETECTED,
  personPart,
  recoveryDcc,
  TEST_TYPE_CODE,
  testDcc,
  vaccinationDcc,
} from './dcc-builder.ts'
export { DomainError, type DomainErrorCode, isDomainError, type Problem } from './errors.ts'
export {
  EventProblemCode,
  type Person,
  RECOVERY_DAYS,
  type RecoveryEvent,
  SalivaCircumstance,
  SampleKind,
  type TestEvent,
  TestType,
  type VaccinationEvent,
  type ValidEvent,
  validateEvent,
} from './events.ts'
export {
  decodeOmocodia,
  type FiscalCode,
  fiscalCodeCheckCharacter,
  fiscalCodeProblems,
  hashFiscalCode,
  isFiscalCode,
  parseFiscalCode,
  sha256Hex,
} from './fiscal-code.ts'
export { applyToHistory, EMPTY_HISTORY, hasEvent, isSuperseded, type PersonHistory } from './history.ts'
export {
  decideIssuance,
  type IssuanceContext,
  issueVaccinationCertificate,
  newUvci,
  RECOVERY_START_DAYS,
} from './issuance.ts'
export { maskName } from './masked-name.ts'
export { pooledRandomSource, type RandomSource, randomBytes } from './random.ts'
export { DEFAULT_RENEWAL_WINDOW_DAYS, planBoosterAlignment, planRenewal } from './reissue.ts'
export { standardiseName } from './standardised-name.ts'
export {
  completedBefore,
  dayOf,
  type DoseEncoding,
  INFECTION_COMPLETES_AFTER_DAYS,
  infectionDays,
  nextDoseEncoding,
  type PrimaryCycle,
  SINGLE_DOSE_PRODUCTS,
  type VaccinationStatus,
  vaccinationStatus,
} from './vaccination-status.ts'
export {
  cwtValidity,
  type DscValidity,
  epochSeconds,
  longValidityEnd,
  type SigningDscs,
  TECHNICAL_VALIDITY_DAYS,
  TEST_VALIDITY_HOURS,
} from './validity.ts'
