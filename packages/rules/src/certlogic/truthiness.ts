/**
 * CertLogic's truthy and falsy (specification "Truthy and falsy"): narrower than JavaScript's and JsonLogic's.
 * A value that is neither cannot steer an `if`, an `and` or a `!`; the operation fails instead of guessing.
 *
 * | value | falsy | truthy |
 * |---|---|---|
 * | boolean | `false` | `true` |
 * | `null` | always | never |
 * | string | `""` | any other |
 * | number | `0` | any other |
 * | array | `[]` | non-empty |
 * | object | `{}` | with a key |
 * | date-time (a `plusTime` / `dccDateOfBirth` result) | never | never |
 *
 * `undefined` never reaches these checks: a missing field reads as `null` (see `var` in evaluate.ts).
 */
import { isCertLogicDateTime } from './date-time.ts'

/**
 * True when CertLogic deems `value` falsy.
 *
 * @example
 * isCertLogicFalsy(null) // true
 * isCertLogicFalsy([]) // true
 * isCertLogicFalsy('false') // false: a non-empty string is truthy
 */
export function isCertLogicFalsy(value: unknown): boolean {
  switch (typeof value) {
    case 'boolean':
      return !value
    case 'string':
      return value === ''
    case 'number':
      return value === 0
    case 'object':
      if (value === null) return true
      if (Array.isArray(value)) return value.length === 0
      return !isCertLogicDateTime(value) && Object.keys(value).length === 0
    default:
      return false
  }
}

/**
 * True when CertLogic deems `value` truthy.
 *
 * @example
 * isCertLogicTruthy({ ci: 'URN:UVCI:01:IT:X' }) // true: a non-empty object, such as the entry `payload.v.0`
 * isCertLogicTruthy(1) // true
 * isCertLogicTruthy(new Date()) // false, and not falsy either: a date-time cannot be a guard
 */
export function isCertLogicTruthy(value: unknown): boolean {
  switch (typeof value) {
    case 'boolean':
      return value
    case 'string':
      return value !== ''
    case 'number':
      // NaN cannot come from JSON; were it to come from elsewhere, it is no count of anything, so not truthy.
      return value !== 0 && !Number.isNaN(value)
    case 'object':
      if (value === null) return false
      if (Array.isArray(value)) return value.length > 0
      return !isCertLogicDateTime(value) && Object.keys(value).length > 0
    default:
      return false
  }
}
