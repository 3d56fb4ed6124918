/**
 * Value set covid-19-lab-result (eu-dcc-valuesets `test-result.json`): SNOMED CT. Used by `t.tr`.
 */
import type { ValueSet } from './value-set.ts'

/**
 * The covid-19-lab-result value set, code → name and activity.
 *
 * @example
 * TEST_RESULT.values['260373001']?.display // 'Detected'
 */
export const TEST_RESULT: ValueSet = {
  valueSetId: 'covid-19-lab-result',
  valueSetDate: '2021-04-27',
  values: {
    '260415000': { display: 'Not detected', active: true },
    '260373001': { display: 'Detected', active: true },
  },
}
