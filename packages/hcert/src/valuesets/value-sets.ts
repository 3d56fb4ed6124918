import { COUNTRY_2_CODES } from './country-2-codes.ts'
import { DISEASE_AGENT_TARGETED } from './disease-agent-targeted.ts'
import { TEST_MANUFACTURER } from './test-manufacturer.ts'
import { TEST_RESULT } from './test-result.ts'
import { TEST_TYPE } from './test-type.ts'
import { VACCINE_MAH_MANF } from './vaccine-mah-manf.ts'
import { VACCINE_MEDICINAL_PRODUCT } from './vaccine-medicinal-product.ts'
import { VACCINE_PROPHYLAXIS } from './vaccine-prophylaxis.ts'
import type { ValueSet, ValueSetId } from './value-set.ts'

/** A complete set of the value sets a DCC refers to, keyed by valueSetId. */
export type ValueSets = Readonly<Record<ValueSetId, ValueSet>>

/**
 * The EU DCC value sets as shipped with greenpass (eu-dcc-valuesets 2.12.0 codes; hcert-format.md §11), keyed by
 * valueSetId as CertLogic rules and the gateway key them.
 *
 * The gateway's copies are authoritative: a verifier that downloads them should pass those to `checkDccValueSets`.
 *
 * @example
 * VALUE_SETS['vaccines-covid-19-names'].values['EU/1/20/1528']?.display // 'Comirnaty'
 */
export const VALUE_SETS: ValueSets = {
  'disease-agent-targeted': DISEASE_AGENT_TARGETED,
  'sct-vaccines-covid-19': VACCINE_PROPHYLAXIS,
  'vaccines-covid-19-names': VACCINE_MEDICINAL_PRODUCT,
  'vaccines-covid-19-auth-holders': VACCINE_MAH_MANF,
  'covid-19-lab-test-type': TEST_TYPE,
  'covid-19-lab-test-manufacturer-and-name': TEST_MANUFACTURER,
  'covid-19-lab-result': TEST_RESULT,
  'country-2-codes': COUNTRY_2_CODES,
}
