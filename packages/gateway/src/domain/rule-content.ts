/** A validation rule as uploaded (gateway `validation-rule.schema.json`, §4.2), after {@link checkRuleContent}. */
export interface ValidationRule {
  readonly Identifier: string
  readonly Type: 'Acceptance' | 'Invalidation'
  readonly Country: string
  readonly Region?: string
  readonly Version: string
  readonly SchemaVersion: string
  readonly Engine: string
  readonly EngineVersion: string
  readonly CertificateType: 'General' | 'Test' | 'Vaccination' | 'Recovery'
  readonly Description: readonly { lang: string; desc: string }[]
  readonly ValidFrom: string
  readonly ValidTo: string
  readonly AffectedFields: readonly string[]
  readonly Logic: Record<string, unknown>
}

const IDENTIFIER = /^(GR|VR|TR|RR|IR)-[A-Z]{2}-\d{4}$/
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
const LANG = /^[a-z]{2}(-[a-z]{2})?$/
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

/** The certificate type each identifier prefix stands for; `IR` (invalidation) may be of any. */
const PREFIX_TYPE: Readonly<Record<string, string>> = { GR: 'General', VR: 'Vaccination', TR: 'Test', RR: 'Recovery' }

/**
 * The schema checks of a rule (§4.2) and the fit of its identifier prefix with `Type` and `CertificateType` (§2.6).
 * Returns every violation found (empty when the rule is well formed), each naming its field.
 */
export function checkRuleContent(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['the rule must be a JSON object']
  const rule = value as Record<string, unknown>
  const problems: string[] = REQUIRED.filter((field) => !(field in rule)).map((field) => `${field} is required`)
  const text = (field: string, pattern: RegExp) => {
    if (field in rule && (typeof rule[field] !== 'string' || !pattern.test(rule[field] as string))) {
      problems.push(`${field} does not match ${pattern.source}`)
    }
  }
  text('Identifier', IDENTIFIER)
  text('Country', /^[A-Z]{2}$/)
  text('Region', /^[A-Z0-9]{0,5}$/)
  text('Version', SEMVER)
  text('SchemaVersion', SEMVER)
  text('EngineVersion', SEMVER)
  text('Engine', /^.+$/)
  text('ValidFrom', DATE_TIME)
  text('ValidTo', DATE_TIME)
  text('Type', /^(Acceptance|Invalidation)$/)
  text('CertificateType', /^(General|Test|Vaccination|Recovery)$/)
  const description = rule.Description
  if ('Description' in rule) {
    if (!Array.isArray(description) || description.length === 0) problems.push('Description must be a non-empty array')
    else {
      for (const [index, entry] of description.entries()) {
        const { lang, desc } = (entry ?? {}) as { lang?: unknown; desc?: unknown }
        if (typeof lang !== 'string' || !LANG.test(lang)) problems.push(`Description[${index}].lang is not xx or xx-yy`)
        if (typeof desc !== 'string' || desc.length < 20)
          problems.push(`Description[${index}].desc has under 20 characters`)
      }
      if (!description.some((entry) => (entry as { lang?: unknown })?.lang === 'en')) {
        problems.push('Description needs an en entry')
      }
    }
  }
  const fields = rule.AffectedFields
  if (
    'AffectedFields' in rule &&
    (!Array.isArray(fields) || fields.length === 0 || fields.some((f) => typeof f !== 'string'))
  ) {
    problems.push('AffectedFields must be a non-empty array of strings')
  }
  const logic = rule.Logic
  if (
    'Logic' in rule &&
    (typeof logic !== 'object' || logic === null || Array.isArray(logic) || Object.keys(logic).length === 0)
  ) {
    problems.push('Logic must be a non-empty object')
  }
  if (problems.length > 0) return problems
  const prefix = (rule.Identifier as string).slice(0, 2)
  if (rule.Type === 'Invalidation' ? prefix !== 'IR' : prefix === 'IR') {
    problems.push(`the Identifier prefix ${prefix} does not fit the Type ${String(rule.Type)}`)
  }
  const expected = PREFIX_TYPE[prefix]
  if (expected !== undefined && expected !== rule.CertificateType) {
    problems.push(`the Identifier prefix ${prefix} needs CertificateType ${expected}`)
  }
  return problems
}

/** Compares two `x.y.z` versions numerically. */
export function compareSemver(a: string, b: string): number {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)]
  for (let i = 0; i < 3; i++) {
    const difference = (x[i] ?? 0) - (y[i] ?? 0)
    if (difference !== 0) return Math.sign(difference)
  }
  return 0
}
