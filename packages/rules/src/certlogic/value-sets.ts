/**
 * Value sets in the shape business rules read them: `external.valueSets[<valueSetId>]` is the array of the set's
 * codes, so a rule asks `{ "in": [{ "var": "payload.v.0.mp" }, { "var": "external.valueSets.vaccines-covid-19-names" }] }`.
 */
import { VALUE_SETS, type ValueSet } from '@greenpass/hcert'

/**
 * The codes of each value set, keyed by valueSetId, from our own value sets (`VALUE_SETS` of `@greenpass/hcert`) or
 * from any others of the same shape (e.g. the gateway's, once downloaded).
 *
 * All codes by default, inactive ones included, as the EU verifier apps pass them: a deprecated code stays on the
 * certificates issued with it, and it is for the rules to refuse it. `activeOnly` keeps the active codes alone.
 *
 * @example
 * certLogicValueSets()['covid-19-lab-result'] // ['260373001', '260415000']
 * certLogicValueSets(VALUE_SETS, { activeOnly: true })['vaccines-covid-19-names']?.includes('NVX-CoV2373') // false
 */
export function certLogicValueSets(
  valueSets: Readonly<Record<string, ValueSet>> = VALUE_SETS,
  options: { readonly activeOnly?: boolean } = {},
): Record<string, string[]> {
  const result: Record<string, string[]> = {}
  for (const [valueSetId, valueSet] of Object.entries(valueSets)) {
    const codes = Object.entries(valueSet.values)
    result[valueSetId] = (options.activeOnly === true ? codes.filter(([, entry]) => entry.active) : codes).map(
      ([code]) => code,
    )
  }
  return result
}
