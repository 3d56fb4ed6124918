/**
 * Value set disease-agent-targeted (eu-dcc-valuesets `disease-agent-targeted.json`): SNOMED CT.
 * Used by `v.tg`, `t.tg`, `r.tg`.
 */
import type { ValueSet } from './value-set.ts'

/**
 * The disease-agent-targeted value set, code → name and activity.
 *
 * @example
 * DISEASE_AGENT_TARGETED.values['840539006']?.display // 'COVID-19'
 */
export const DISEASE_AGENT_TARGETED: ValueSet = {
  valueSetId: 'disease-agent-targeted',
  valueSetDate: '2021-04-27',
  values: {
    '840539006': { display: 'COVID-19', active: true },
  },
}
