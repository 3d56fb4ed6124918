// The Italian verification rules (VerificaC19) as pure functions: statuses and reasons, scan modes, settings, and the
// entry point applyItalianRules. See italian-verification-rules.md.
export {
  addDays,
  ageInYears,
  type CalendarDay,
  calendarDay,
  type CivilDate,
  civilDate,
  daysInMonth,
  formatDay,
  parseDate,
  parseDateOfBirth,
  parseInstant,
  romeDay,
} from './calendar.ts'
export type { KeyUsage } from './context.ts'
export { type DisplayOptions, displayStatus } from './display.ts'
export { isRulesError, RulesError, type RulesErrorCode, type SettingsRowProblem } from './errors.ts'
export { VACCINE_MANDATORY_AGE } from './modes.ts'
export { isRecoveryBis } from './recovery.ts'
export {
  ActivityCategory,
  CERTIFICATE_REQUIREMENTS,
  type CertificateRequirement,
  type LocalizedText,
  requiredModeOn,
  requirementsOn,
} from './requirements.ts'
export {
  EU_REVOCATION_HASH_BYTES,
  EU_REVOCATION_HASH_TYPES,
  type EuRevocationHashes,
  type EuRevocationHashType,
  type EuRevocationSubject,
  euRevocationHashBase64,
  euRevocationHashes,
  euRevocationSubjectOf,
} from './eu-revocation-hash.ts'
export { uvciHash, uvciHashWeb } from './revocation.ts'
export { isScanMode, parseScanMode, ScanMode } from './scan-mode.ts'
export { type CertificateType, preconditionUvci, type SelectedEntry, selectEntry } from './selection.ts'
export {
  GENERIC,
  type GenericNumberKey,
  parseSettings,
  type ProductNumberKey,
  type SettingRow,
  type Settings,
} from './settings.ts'
export { isReasonCode, type Outcome, REASON_CODES, type ReasonCode, Status } from './status.ts'
export { MOLECULAR_TEST, RAPID_TEST, TEST_DETECTED } from './test.ts'
export { MINOR_AGE } from './vaccination.ts'
export { classifyVaccination, isEmaVaccine, JANSSEN, SPUTNIK_V, VaccinationClass } from './vaccination-class.ts'
export {
  applyItalianRules,
  failedVerificationResult,
  type RulesInput,
  type RulesResult,
  verificationFailureReason,
} from './validate.ts'

// EU CertLogic engine (./certlogic/): its exports are appended below by the engineer who owns that folder.
export * from './certlogic/index.ts'
export { DEFAULT_SETTINGS } from './default-settings.ts'
