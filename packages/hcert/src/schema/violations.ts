/**
 * Ajv error objects → `SchemaViolation`s a person can read.
 *
 * Ajv reports a failed `oneOf`/`anyOf` as one error per failed branch plus the combinator itself; only the
 * combinator says what is wrong ("exactly one of v, t, r"), so branch errors are dropped and the combinator
 * becomes one violation.
 */
import type { ErrorObject } from 'ajv'
import type { SchemaViolation } from '../errors.ts'

const GROUPS = ['v', 't', 'r'] as const

/**
 * The violations Ajv found, readable and de-duplicated, paths as JSON pointers into the DCC.
 *
 * @example
 * toSchemaViolations(validate.errors ?? [], dcc)
 * // [{ path: '/v/0/dn', keyword: 'minimum', message: 'must be at least 1' }]
 */
export function toSchemaViolations(errors: readonly ErrorObject[], dcc: unknown): SchemaViolation[] {
  const violations: SchemaViolation[] = []
  for (const error of errors) {
    if (isInsideCombinator(error)) continue
    const violation = toViolation(error, dcc)
    if (violation !== undefined) addUnique(violations, violation)
  }
  return violations
}

/**
 * The "exactly one of v, t, r" violation, or `undefined` when the payload has exactly one group (or is not an
 * object at all: the schema's type check already says so).
 *
 * Schemas before 1.3.0 allow any combination of groups; verifiers enforce one for every version
 * (hcert-format.md §9.2), so this check runs beside Ajv.
 *
 * @example
 * groupViolation({ ver: '1.0.0', v: [], t: [] })
 * // { path: '', keyword: 'oneOf', message: 'exactly one of v, t, r is required (found v, t)' }
 */
export function groupViolation(dcc: unknown): SchemaViolation | undefined {
  if (!isPlainObject(dcc)) return undefined
  return groupsPresent(dcc).length === 1 ? undefined : oneGroupViolation(dcc)
}

/**
 * Adds `violation` unless an identical one is already listed (Ajv and `groupViolation` may both report it).
 *
 * @example
 * addUnique(violations, groupViolation(dcc)) // no second "exactly one of v, t, r" for a 1.3.0 payload
 */
export function addUnique(violations: SchemaViolation[], violation: SchemaViolation): void {
  const seen = violations.some(
    (v) => v.path === violation.path && v.keyword === violation.keyword && v.message === violation.message,
  )
  if (!seen) violations.push(violation)
}

function oneGroupViolation(dcc: object): SchemaViolation {
  const found = groupsPresent(dcc)
  const detail = found.length === 0 ? 'none' : found.join(', ')
  return { path: '', keyword: 'oneOf', message: `exactly one of v, t, r is required (found ${detail})` }
}

function groupsPresent(dcc: object): string[] {
  return GROUPS.filter((group) => Object.hasOwn(dcc, group) && (dcc as Record<string, unknown>)[group] !== undefined)
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// Errors of the individual branches of a oneOf/anyOf (schemaPath `#/oneOf/0/required`, `#/properties/nam/anyOf/1/…`).
function isInsideCombinator(error: ErrorObject): boolean {
  return /\/(oneOf|anyOf)\/\d+\//.test(error.schemaPath)
}

function toViolation(error: ErrorObject, dcc: unknown): SchemaViolation | undefined {
  const path = error.instancePath
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'oneOf':
      if (path !== '') return { path, keyword: 'oneOf', message: 'must match exactly one form' }
      // `required` holds vacuously for a non-object, so all three branches pass and oneOf fails: the type
      // violation already says what is wrong.
      return isPlainObject(dcc) ? oneGroupViolation(dcc) : undefined
    case 'anyOf':
      return path === '/nam'
        ? { path, keyword: 'anyOf', message: 'at least one of fnt, gnt is required' }
        : { path, keyword: 'anyOf', message: 'must match at least one form' }
    case 'required':
      return {
        path: `${path}/${escapePointer(String(params.missingProperty))}`,
        keyword: 'required',
        message: 'is required',
      }
    case 'type':
      return { path, keyword: 'type', message: `must be ${article(String(params.type))}` }
    case 'pattern':
      return { path, keyword: 'pattern', message: `must match the pattern ${String(params.pattern)}` }
    case 'format':
      return { path, keyword: 'format', message: formatMessage(String(params.format)) }
    case 'maxLength':
      return { path, keyword: 'maxLength', message: `must be at most ${String(params.limit)} characters long` }
    case 'minimum':
      return { path, keyword: 'minimum', message: `must be at least ${String(params.limit)}` }
    case 'maximum':
      return { path, keyword: 'maximum', message: `must be at most ${String(params.limit)}` }
    case 'minItems':
      return { path, keyword: 'minItems', message: `must hold at least ${String(params.limit)} entry` }
    case 'maxItems':
      return { path, keyword: 'maxItems', message: `must hold at most ${String(params.limit)} entry` }
    default:
      return { path, keyword: error.keyword, message: error.message ?? `fails ${error.keyword}` }
  }
}

function formatMessage(format: string): string {
  if (format === 'date') return 'must be a date (YYYY-MM-DD)'
  if (format === 'date-time') return 'must be an RFC 3339 date-time with an offset (YYYY-MM-DDThh:mm:ssZ)'
  return `must be a valid ${format}`
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`
}

// RFC 6901: `~` → `~0`, `/` → `~1`, so a property named `a/b` cannot be read as two levels.
function escapePointer(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1')
}
