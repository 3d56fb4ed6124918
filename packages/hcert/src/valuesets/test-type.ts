/**
 * Value set covid-19-lab-test-type (eu-dcc-valuesets `test-type.json`): LOINC 2.69. Used by `t.tt`.
 */
import type { ValueSet } from './value-set.ts'

/**
 * The covid-19-lab-test-type value set, code → name and activity.
 *
 * @example
 * TEST_TYPE.values['LP217198-3']?.display // 'Rapid immunoassay'
 */
export const TEST_TYPE: ValueSet = {
  valueSetId: 'covid-19-lab-test-type',
  valueSetDate: '2021-04-27',
  values: {
    // Molecular (NAAT, e.g. RT-PCR).
    'LP6464-4': { display: 'Nucleic acid amplification with probe detection', active: true },
    // Rapid antigen test.
    'LP217198-3': { display: 'Rapid immunoassay', active: true },
  },
}
