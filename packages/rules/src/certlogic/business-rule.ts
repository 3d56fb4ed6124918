/**
 * The EU business-rule format: a CertLogic expression wrapped in the metadata the gateway distributes with it
 * (gateway-and-trust.md §4.2, gateway `validation-rule.schema.json`). Field names are the JSON's own, so a parsed
 * rule is the downloaded JSON, checked.
 */
import { parseCertLogicDateTime } from './date-time.ts'
import { CertLogicError, isCertLogicError } from './errors.ts'

/** `Acceptance`: what a country accepts on entry; `Invalidation`: what a country declares invalid. */
export type BusinessRuleType = 'Acceptance' | 'Invalidation'

/** Which certificates a rule is about; `General` rules apply to every certificate. */
export type RuleCertificateType = 'General' | 'Test' | 'Vaccination' | 'Recovery'

/** One language of a rule's description. */
export interface BusinessRuleDescription {
  /** `xx` or `xx-yy`. */
  readonly lang: string
  readonly desc: string
}

/** An EU business rule, e.g. `EU/VR-EU-0001` "only EMA-approved vaccines". */
export interface BusinessRule {
  /** `VR-EU-0001`: the kind of certificate (GR general, VR, TR, RR, IR), country, number. */
  readonly Identifier: string
  readonly Type: BusinessRuleType
  /** The country that publishes the rule, ISO 3166-1 alpha-2 (or `EU` for the templates). */
  readonly Country: string
  /** A region within the country, when the rule is regional. */
  readonly Region?: string
  /** Semantic version `x.y.z`; of two versions in force at once, the higher one counts. */
  readonly Version: string
  readonly SchemaVersion: string
  /** `CERTLOGIC`. */
  readonly Engine: string
  readonly EngineVersion: string
  readonly CertificateType: RuleCertificateType
  readonly Description: readonly BusinessRuleDescription[]
  /** ISO 8601 date-time with offset: the rule is in force from this instant… */
  readonly ValidFrom: string
  /** …to this one. */
  readonly ValidTo: string
  /** The DCC fields the rule reads, e.g. `v.0.mp`: shown to the holder when the rule fails. */
  readonly AffectedFields: readonly string[]
  /** The CertLogic expression, over `payload.*` and `external.*`. */
  readonly Logic: unknown
}

const IDENTIFIER = /^(GR|VR|TR|RR|IR)-[A-Z]{2}-\d{4}$/
const COUNTRY = /^[A-Z]{2}$/
const REGION = /^[A-Z0-9]{0,5}$/
const SEMVER = /^\d+\.\d+\.\d+$/
const LANG = /^[a-z]{2}(-[a-z]{2})?$/
// Offset or Z required: a rule's validity must mean the same instant in every country.
const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
const TYPES: readonly string[] = ['Acceptance', 'Invalidation'] satisfies BusinessRuleType[]
const CERTIFICATE_TYPES: readonly string[] = [
  'General',
  'Test',
  'Vaccination',
  'Recovery',
] satisfies RuleCertificateType[]
const REQUIRED = [
  'Identifier',
  'Type',
  'Country',
  'Version',
  'SchemaVersion',
  'Engine',
  'EngineVersion',
  'CertificateType',
  'Description',
  'ValidFrom',
  'ValidTo',
  'AffectedFields',
  'Logic',
] as const

/** Which checks to make beyond the rule format itself. */
export interface BusinessRuleCheckOptions {
  /**
   * The gateway's upload checks too (gateway-and-trust.md §2.6): an English description, every description at least
   * 20 characters, and an identifier prefix that fits `Type` (IR ⇔ Invalidation) and `CertificateType` (GR General,
   * VR Vaccination, TR Test, RR Recovery).
   */
  readonly upload?: boolean
}

/**
 * Checks `json` (the rule's JSON text, or the value it parses to) against the gateway's rule format and returns it
 * as a `BusinessRule`. Throws `CertLogicError('BUSINESS_RULE_INVALID')` listing every problem found, one per line
 * (see {@link businessRuleProblems}).
 *
 * Without `upload`, the description checks are the verifier's share of the gateway's: at least one description, each
 * `{lang, desc}` with a language code; the gateway's upload minimums are not required of a rule already published.
 * `Logic` must be a non-empty object here; whether it is well-formed CertLogic is `validateCertLogic`'s question, so
 * that a verifier can still load, list and report a rule with a faulty expression.
 *
 * @example
 * const rule = parseBusinessRule(readFileSync('EU/VR-EU-0001/rule.json', 'utf8'))
 * rule.CertificateType // 'Vaccination'
 * parseBusinessRule('{"Identifier":"XX"}') // throws CertLogicError('BUSINESS_RULE_INVALID')
 */
export function parseBusinessRule(json: unknown, options: BusinessRuleCheckOptions = {}): BusinessRule {
  let value = json
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json)
    } catch (error) {
      throw new CertLogicError('BUSINESS_RULE_INVALID', `a business rule must be JSON: ${(error as Error).message}`, {
        cause: error,
      })
    }
  }
  const problems = businessRuleProblems(value, options)
  if (problems.length > 0) {
    const identifier = (value as { Identifier?: unknown } | null)?.Identifier
    const name = typeof identifier === 'string' ? identifier : '(no Identifier)'
    throw new CertLogicError('BUSINESS_RULE_INVALID', `business rule ${name}:\n${problems.join('\n')}`)
  }
  return value as BusinessRule
}

/**
 * Every way `value` (a parsed rule) breaks the gateway's rule format, each naming its field; empty when it is a
 * well-formed rule. The gateway answers an upload with all of them at once.
 *
 * @example businessRuleProblems({ ...rule, Version: '1.0' }) // ['Version must match …: "1.0"']
 */
export function businessRuleProblems(value: unknown, options: BusinessRuleCheckOptions = {}): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return ['a business rule must be a JSON object']
  }
  const rule = value as Record<string, unknown>
  const problems: string[] = []

  for (const key of REQUIRED) if (rule[key] === undefined) problems.push(`${key} is missing`)
  matches(rule, 'Identifier', IDENTIFIER, problems)
  matches(rule, 'Country', COUNTRY, problems)
  if (rule['Region'] !== undefined) matches(rule, 'Region', REGION, problems)
  for (const key of ['Version', 'SchemaVersion', 'EngineVersion']) matches(rule, key, SEMVER, problems)
  if (rule['Engine'] !== undefined && (typeof rule['Engine'] !== 'string' || rule['Engine'] === '')) {
    problems.push('Engine must be a non-empty string')
  }
  oneOf(rule, 'Type', TYPES, problems)
  oneOf(rule, 'CertificateType', CERTIFICATE_TYPES, problems)
  for (const key of ['ValidFrom', 'ValidTo']) {
    if (matches(rule, key, DATE_TIME_WITH_OFFSET, problems) && !isCalendarDateTime(rule[key] as string)) {
      problems.push(`${key} is not a calendar date-time: ${JSON.stringify(rule[key])}`)
    }
  }
  checkDescription(rule['Description'], problems, options.upload === true)
  const affected = rule['AffectedFields']
  if (affected !== undefined) {
    if (!Array.isArray(affected) || affected.length === 0 || !affected.every((field) => typeof field === 'string')) {
      problems.push('AffectedFields must be a non-empty array of strings')
    }
  }
  const logic = rule['Logic']
  if (logic !== undefined) {
    if (typeof logic !== 'object' || logic === null || Array.isArray(logic) || Object.keys(logic).length === 0) {
      problems.push('Logic must be a non-empty object (a CertLogic expression)')
    }
  }
  if (options.upload === true && problems.length === 0) checkIdentifierPrefix(rule, problems)
  return problems
}

/** The certificate type each identifier prefix stands for; `IR` (invalidation) may be of any. */
const PREFIX_TYPE: Readonly<Record<string, RuleCertificateType>> = {
  GR: 'General',
  VR: 'Vaccination',
  TR: 'Test',
  RR: 'Recovery',
}

function checkIdentifierPrefix(rule: Record<string, unknown>, problems: string[]): void {
  const prefix = (rule['Identifier'] as string).slice(0, 2)
  if (rule['Type'] === 'Invalidation' ? prefix !== 'IR' : prefix === 'IR') {
    problems.push(`the Identifier prefix ${prefix} does not fit the Type ${String(rule['Type'])}`)
  }
  const expected = PREFIX_TYPE[prefix]
  if (expected !== undefined && expected !== rule['CertificateType']) {
    problems.push(`the Identifier prefix ${prefix} needs CertificateType ${expected}`)
  }
}

function isCalendarDateTime(text: string): boolean {
  try {
    parseCertLogicDateTime(text)
    return true
  } catch (error) {
    if (isCertLogicError(error)) return false
    throw error
  }
}

function matches(rule: Record<string, unknown>, key: string, pattern: RegExp, problems: string[]): boolean {
  const value = rule[key]
  if (value === undefined) return false
  if (typeof value === 'string' && pattern.test(value)) return true
  problems.push(`${key} must match ${pattern.source}: ${JSON.stringify(value)}`)
  return false
}

function oneOf(rule: Record<string, unknown>, key: string, allowed: readonly string[], problems: string[]): void {
  const value = rule[key]
  if (value !== undefined && (typeof value !== 'string' || !allowed.includes(value))) {
    problems.push(`${key} must be one of ${allowed.join(', ')}: ${JSON.stringify(value)}`)
  }
}

function checkDescription(description: unknown, problems: string[], upload: boolean): void {
  if (description === undefined) return
  if (!Array.isArray(description) || description.length === 0) {
    problems.push('Description must be a non-empty array of { lang, desc }')
    return
  }
  description.forEach((entry: unknown, index) => {
    const { lang, desc } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>
    if (typeof lang !== 'string' || !LANG.test(lang) || typeof desc !== 'string') {
      problems.push(`Description ${index} must be { lang: "xx" or "xx-yy", desc: string }`)
    } else if (upload && desc.length < 20) {
      problems.push(`Description ${index} (${lang}) has under 20 characters`)
    }
  })
  if (upload && !description.some((entry: unknown) => (entry as { lang?: unknown } | null)?.lang === 'en')) {
    problems.push('Description needs an en entry')
  }
}
