/**
 * Which business rules apply to a certificate at an instant: the selection the EU verifier apps make before
 * evaluating anything. A rule applies when its CertificateType is the certificate's or `General`, it is in force at
 * the validation clock, and it belongs to the country (and region) of the check; of several versions of one rule in
 * force at once, only the highest counts.
 */
import { dccTypeOf } from '@greenpass/hcert'
import type { BusinessRule, BusinessRuleType } from './business-rule.ts'
import { parseCertLogicDateTime } from './date-time.ts'

/** The certificate types a DCC can have; `General` is a rule's type only. */
export type DccCertificateType = 'Vaccination' | 'Test' | 'Recovery'

/** What to select rules for. */
export interface RuleSelection {
  /** The certificate's type (see `ruleCertificateTypeOf`). */
  readonly certificateType: DccCertificateType
  /** The instant of the check, as a `Date` or a CertLogic date-time string. */
  readonly validationClock: string | Date
  /** Only rules of this country (the country of arrival); all countries when absent. */
  readonly country?: string
  /** Also the rules of this region; without it, only national rules (no Region) are selected. */
  readonly region?: string
  /** Only rules of this type; both when absent. */
  readonly type?: BusinessRuleType
}

const GROUP_TYPE = { v: 'Vaccination', t: 'Test', r: 'Recovery' } as const

/**
 * The rule certificate type of a DCC payload: from its single non-empty group (`v`, `t` or `r`); `undefined` when it
 * has none or several (rule GR-EU-0000 fails such a certificate).
 *
 * @example
 * ruleCertificateTypeOf({ ver: '1.3.0', t: [{ tt: 'LP6464-4' }] }) // 'Test'
 */
export function ruleCertificateTypeOf(payload: unknown): DccCertificateType | undefined {
  const group = dccTypeOf(payload)
  return group === undefined ? undefined : GROUP_TYPE[group]
}

/**
 * True when `instant` lies within the rule's validity, both ends included (as the EU verifier apps query it).
 * Throws `CertLogicError('CERTLOGIC_OPERAND')` when the instant or the rule's dates cannot be read.
 *
 * @example
 * isRuleInForce(rule, '2021-07-01T00:00:00Z') // true for a rule valid from 2021-06-01 to 2030-06-01
 */
export function isRuleInForce(rule: BusinessRule, instant: string | Date): boolean {
  const time = toTime(instant)
  return (
    parseCertLogicDateTime(rule.ValidFrom).getTime() <= time && time <= parseCertLogicDateTime(rule.ValidTo).getTime()
  )
}

/**
 * The rules of `rules` that apply to a certificate of `selection.certificateType` at `selection.validationClock`,
 * one version per rule (the highest in force), ordered by Identifier.
 *
 * @example
 * selectApplicableRules(allRules, {
 *   certificateType: 'Vaccination',
 *   validationClock: '2021-07-01T10:00:00Z',
 *   country: 'EU',
 * }).map((rule) => rule.Identifier) // ['GR-EU-0000', 'GR-EU-0001', …, 'VR-EU-0000', 'VR-EU-0001', …]
 */
export function selectApplicableRules(rules: readonly BusinessRule[], selection: RuleSelection): BusinessRule[] {
  const time = toTime(selection.validationClock)
  // Keyed by Identifier first, so that the values sorted by key come out in Identifier order.
  const chosen = new Map<string, BusinessRule>()
  for (const rule of rules) {
    if (rule.CertificateType !== 'General' && rule.CertificateType !== selection.certificateType) continue
    if (selection.type !== undefined && rule.Type !== selection.type) continue
    if (selection.country !== undefined && rule.Country !== selection.country) continue
    if (rule.Region !== undefined && rule.Region !== '' && rule.Region !== selection.region) continue
    if (!isRuleInForce(rule, new Date(time))) continue
    const key = `${rule.Identifier}/${rule.Country}/${rule.Region ?? ''}`
    const other = chosen.get(key)
    if (other === undefined || compareRuleVersions(rule.Version, other.Version) > 0) chosen.set(key, rule)
  }
  return [...chosen.keys()].sort().map((key) => chosen.get(key) as BusinessRule)
}

/**
 * Orders two `x.y.z` versions numerically (`1.10.0` is after `1.9.0`).
 *
 * @example
 * compareRuleVersions('1.10.0', '1.9.0') // 1
 */
export function compareRuleVersions(a: string, b: string): number {
  const left = a.split('.').map(Number)
  const right = b.split('.').map(Number)
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0)
    if (difference !== 0) return Math.sign(difference)
  }
  return 0
}

function toTime(instant: string | Date): number {
  return typeof instant === 'string' ? parseCertLogicDateTime(instant).getTime() : instant.getTime()
}
