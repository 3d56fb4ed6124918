/**
 * The EU DCC value sets, as our own data, and the check of a payload's codes against them.
 */
export { checkDccValueSets } from './check.ts'
export { type ValueSet, type ValueSetEntry, type ValueSetId, valueSetEntry } from './value-set.ts'
export { VALUE_SETS, type ValueSets } from './value-sets.ts'
