import { HcertError } from '../errors.ts'
import { validateDccSchema } from './validate.ts'

/**
 * Throws `HcertError('SCHEMA')` listing every violation when a DCC payload does not conform to the schema
 * release named by its `ver` (see `validateDccSchema`); returns nothing when it conforms.
 *
 * @example
 * try {
 *   checkDccSchema(dcc)
 * } catch (error) {
 *   if (isHcertError(error, 'SCHEMA')) console.log(error.violations)
 * }
 */
export function checkDccSchema(dcc: unknown): void {
  const violations = validateDccSchema(dcc)
  const first = violations[0]
  if (first === undefined) return
  const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : ''
  throw new HcertError('SCHEMA', `DCC schema violation at ${first.path || '/'}: ${first.message}${more}`, {
    violations,
  })
}
