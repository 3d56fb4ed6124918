import type { SchemaViolation } from '../errors.ts'
import { type ValueSetId, valueSetEntry } from './value-set.ts'
import { VALUE_SETS, type ValueSets } from './value-sets.ts'

// Which field of which group is coded by which value set (hcert-format.md §9.3).
const CODED_FIELDS: Readonly<Record<'v' | 't' | 'r', Readonly<Record<string, ValueSetId>>>> = {
  v: {
    tg: 'disease-agent-targeted',
    vp: 'sct-vaccines-covid-19',
    mp: 'vaccines-covid-19-names',
    ma: 'vaccines-covid-19-auth-holders',
    co: 'country-2-codes',
  },
  t: {
    tg: 'disease-agent-targeted',
    tt: 'covid-19-lab-test-type',
    ma: 'covid-19-lab-test-manufacturer-and-name',
    tr: 'covid-19-lab-result',
    co: 'country-2-codes',
  },
  r: {
    tg: 'disease-agent-targeted',
    co: 'country-2-codes',
  },
}

/**
 * Every coded field of a DCC payload whose code is not in its value set (keyword `valueset`), paths as JSON
 * pointers. An empty array means every code is known.
 *
 * Inactive (deprecated) codes are known codes: old certificates keep them, business rules decide. Fields that are
 * missing or not strings are skipped: that is the schema check's job. Never throws, whatever `dcc` is.
 *
 * @example
 * checkDccValueSets({ ver: '1.3.0', v: [{ tg: '840539006', co: 'XY' }] })
 * // [{ path: '/v/0/co', keyword: 'valueset', message: '"XY" is not in the value set country-2-codes' }]
 */
export function checkDccValueSets(dcc: unknown, valueSets: ValueSets = VALUE_SETS): SchemaViolation[] {
  const violations: SchemaViolation[] = []
  if (!isRecord(dcc)) return violations
  for (const [group, fields] of Object.entries(CODED_FIELDS)) {
    const entries = dcc[group]
    if (!Array.isArray(entries)) continue
    entries.forEach((entry: unknown, index) => {
      if (!isRecord(entry)) return
      for (const [field, valueSetId] of Object.entries(fields)) {
        const code = entry[field]
        if (typeof code !== 'string' || valueSetEntry(valueSets[valueSetId], code) !== undefined) continue
        violations.push({
          path: `/${group}/${index}/${field}`,
          keyword: 'valueset',
          message: `${JSON.stringify(code)} is not in the value set ${valueSetId}`,
        })
      }
    })
  }
  return violations
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
