/**
 * Value set sct-vaccines-covid-19 (eu-dcc-valuesets `vaccine-prophylaxis.json`, release 2.12.0): the type of
 * vaccine, SNOMED CT (and one ATC code). Used by `v.vp`.
 *
 * Codes: the business-rules `valueSets.json` (9 codes), activity and names from hcert-format.md §11. Codes whose
 * name §11 does not give show the code itself.
 */
import type { ValueSet } from './value-set.ts'

/**
 * The sct-vaccines-covid-19 value set, code → name and activity.
 *
 * @example
 * VACCINE_PROPHYLAXIS.values.J07BX03?.active // false
 */
export const VACCINE_PROPHYLAXIS: ValueSet = {
  valueSetId: 'sct-vaccines-covid-19',
  valueSetDate: '2023-01-25',
  values: {
    '1119349007': { display: 'SARS-CoV-2 mRNA vaccine', active: true },
    '1119305005': { display: 'SARS-CoV-2 antigen vaccine', active: true },
    // ATC, deprecated in favour of 28531000087107: still found on early certificates (e.g. PL/1.3.0/1).
    J07BX03: { display: 'covid-19 vaccines', active: false },
    '28531000087107': { display: 'COVID-19 vaccine', active: true },
    '1157024006': { display: '1157024006', active: true },
    '1162643001': { display: '1162643001', active: true },
    '1187593009': { display: '1187593009', active: true },
    '29061000087103': { display: '29061000087103', active: true },
    '30141000087107': { display: '30141000087107', active: true },
  },
}
