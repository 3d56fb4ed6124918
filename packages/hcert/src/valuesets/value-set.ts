/**
 * The shape of an EU DCC value set, as the eu-dcc-valuesets files and the gateway publish it
 * (`{valueSetId, valueSetDate, valueSetValues: {<code>: {display, active, …}}}`), trimmed to what we use.
 */

/** The value sets a DCC refers to, by the id CertLogic rules and the gateway use (hcert-format.md §11). */
export type ValueSetId =
  | 'disease-agent-targeted'
  | 'sct-vaccines-covid-19'
  | 'vaccines-covid-19-names'
  | 'vaccines-covid-19-auth-holders'
  | 'covid-19-lab-test-type'
  | 'covid-19-lab-test-manufacturer-and-name'
  | 'covid-19-lab-result'
  | 'country-2-codes'

/** One code of a value set. */
export interface ValueSetEntry {
  /** English name; the code itself where our sources give no name (see each value-set module). */
  readonly display: string
  /** `false` for deprecated codes: still accepted on certificates, business rules decide what they are worth. */
  readonly active: boolean
}

/** A value set: its id, release date and codes. */
export interface ValueSet {
  readonly valueSetId: ValueSetId
  readonly valueSetDate: string
  readonly values: Readonly<Record<string, ValueSetEntry>>
}

/**
 * The entry of `code` in `valueSet`, or `undefined` when the code is not in it.
 *
 * Looks at own keys only, so `'constructor'` or `'__proto__'` are never "in" a value set.
 *
 * @example
 * valueSetEntry(VALUE_SETS['covid-19-lab-result'], '260415000') // { display: 'Not detected', active: true }
 */
export function valueSetEntry(valueSet: ValueSet, code: string): ValueSetEntry | undefined {
  return Object.hasOwn(valueSet.values, code) ? valueSet.values[code] : undefined
}
