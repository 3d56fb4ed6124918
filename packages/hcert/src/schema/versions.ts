/**
 * The DCC schema releases and what changed between them (hcert-format.md §9.1).
 *
 * The schemas themselves are built from these feature flags by `dcc-schema.ts`, so each row of the
 * §9.1 table is one field here and nothing else differs between versions.
 */

/** The schema releases we validate against, oldest first. */
export const DCC_SCHEMA_VERSIONS = [
  '1.0.0',
  '1.0.1',
  '1.1.0',
  '1.2.0',
  '1.2.1',
  '1.3.0',
  '1.3.1',
  '1.3.2',
  '1.3.3',
] as const

/** A DCC schema release tag, e.g. `'1.3.0'`. */
export type DccSchemaVersion = (typeof DCC_SCHEMA_VERSIONS)[number]

/**
 * The version used when a payload names a version we have no schema for (e.g. `1.0.4`) or names none:
 * the reference harness does the same (hcert-format.md §12.4).
 */
export const FALLBACK_SCHEMA_VERSION: DccSchemaVersion = '1.3.0'

/** How `dob` is constrained in a release. */
export type DateOfBirthRule =
  /** 1.0.x: `format: date` plus the unanchored pattern `(19|20)\d{2}-\d{2}-\d{2}`. */
  | 'full-date'
  /** 1.1.0–1.2.1: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, no format. */
  | 'partial-date'
  /** 1.3.x: as `partial-date`, or the empty string. */
  | 'partial-date-or-empty'

/** The per-release differences of hcert-format.md §9.1, one field per difference. */
export interface SchemaFeatures {
  /** Max length of names, issuer, UVCI, test name and testing centre: 50 before 1.3.0, then 80. */
  readonly maxLength: 50 | 80
  /** Upper bound of `dn`/`sd`: 9 before 1.3.0, none after. */
  readonly doseMaximum: 9 | undefined
  readonly dateOfBirth: DateOfBirthRule
  /** 1.0.1 on: `tt` is tied to the test-type value set (an annotation only: the effective schema is the same). */
  readonly testTypeValueSet: boolean
  /** 1.0.0–1.1.0 define `t.dr`, the date-time of the test result. */
  readonly testResultDate: boolean
  /** Up to 1.2.1 the testing centre `tc` is required. */
  readonly testingCentreRequired: boolean
  /** 1.3.0 on: `oneOf` v/t/r at the top level and `maxItems: 1` on each group. */
  readonly exactlyOneGroup: boolean
  /** Up to 1.3.1 `fnt` is required; from 1.3.2 at least one of `fnt`/`gnt`. */
  readonly standardisedName: 'fnt' | 'fnt-or-gnt'
}

// Each release as the one before it plus what it changed (the "Notable change" column of hcert-format.md §9.1).
const V1_0_0: SchemaFeatures = {
  maxLength: 50,
  doseMaximum: 9,
  dateOfBirth: 'full-date',
  testTypeValueSet: false,
  testResultDate: true,
  testingCentreRequired: true,
  exactlyOneGroup: false,
  standardisedName: 'fnt',
}
const V1_0_1: SchemaFeatures = { ...V1_0_0, testTypeValueSet: true }
const V1_1_0: SchemaFeatures = { ...V1_0_1, dateOfBirth: 'partial-date' }
const V1_2_0: SchemaFeatures = { ...V1_1_0, testResultDate: false }
const V1_3_0: SchemaFeatures = {
  ...V1_2_0,
  maxLength: 80,
  doseMaximum: undefined,
  dateOfBirth: 'partial-date-or-empty',
  testingCentreRequired: false,
  exactlyOneGroup: true,
}
const V1_3_2: SchemaFeatures = { ...V1_3_0, standardisedName: 'fnt-or-gnt' }

const FEATURES: Readonly<Record<DccSchemaVersion, SchemaFeatures>> = {
  '1.0.0': V1_0_0,
  '1.0.1': V1_0_1,
  '1.1.0': V1_1_0,
  '1.2.0': V1_2_0,
  // 1.2.1 only renamed the files (DGC.* → DCC.*).
  '1.2.1': V1_2_0,
  '1.3.0': V1_3_0,
  // 1.3.1 changed descriptions and examples only.
  '1.3.1': V1_3_0,
  '1.3.2': V1_3_2,
  // 1.3.3: "none of these changes modify the effective JSON Schema".
  '1.3.3': V1_3_2,
}

/**
 * The differences that make up a schema release.
 *
 * @example
 * schemaFeatures('1.2.1').maxLength // 50
 */
export function schemaFeatures(version: DccSchemaVersion): SchemaFeatures {
  return FEATURES[version]
}

/**
 * True when `version` is a release we have a schema for.
 *
 * @example
 * isDccSchemaVersion('1.3.0') // true
 * isDccSchemaVersion('1.0.4') // false
 */
export function isDccSchemaVersion(version: unknown): version is DccSchemaVersion {
  return typeof version === 'string' && (DCC_SCHEMA_VERSIONS as readonly string[]).includes(version)
}

/**
 * The schema release a payload is validated against: the one named by its own `ver`, or 1.3.0 when `ver`
 * is missing, not a string, or a release we do not know.
 *
 * @example
 * schemaVersionOf({ ver: '1.0.0' }) // '1.0.0'
 * schemaVersionOf({ ver: '1.0.4' }) // '1.3.0'
 */
export function schemaVersionOf(dcc: unknown): DccSchemaVersion {
  const ver = isPlainObject(dcc) ? dcc.ver : undefined
  return isDccSchemaVersion(ver) ? ver : FALLBACK_SCHEMA_VERSION
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
