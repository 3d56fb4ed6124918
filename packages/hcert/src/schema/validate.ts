/**
 * Validate a DCC payload (the `hcert[1]` map, as JSON) against its schema release.
 */
import type { ValidateFunction } from 'ajv'
import Ajv2020Module from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import type { SchemaViolation } from '../errors.ts'
import { dccJsonSchema } from './dcc-schema.ts'
import { type DccSchemaVersion, schemaVersionOf } from './versions.ts'
import { addUnique, groupViolation, toSchemaViolations } from './violations.ts'

// ajv and ajv-formats are CommonJS with `exports.default`; Node's ESM loader hands us `module.exports`, and
// TypeScript (nodenext) types the default import as that same object, so `.default` is right for both.
const Ajv2020 = Ajv2020Module.default
const addFormats = addFormatsModule.default

type Ajv = InstanceType<typeof Ajv2020>

let ajv: Ajv | undefined
const validators = new Map<DccSchemaVersion, ValidateFunction>()

// Compiling a schema costs ~100 ms: done on first use of each version, never at import time.
function validatorFor(version: DccSchemaVersion): ValidateFunction {
  const cached = validators.get(version)
  if (cached !== undefined) return cached
  // `strict: false` because the schemas carry the published `valueset-uri` annotation, unknown to Ajv.
  ajv ??= addFormats(new Ajv2020({ allErrors: true, strict: false }), ['date', 'date-time'])
  const validate = ajv.compile(dccJsonSchema(version))
  validators.set(version, validate)
  return validate
}

/**
 * Every schema violation of a DCC payload, judged by the release it names in `ver` (1.3.0 when `ver` is
 * missing or unknown), plus "exactly one of v, t, r" for every release. An empty array means valid.
 *
 * Never throws, whatever `dcc` is.
 *
 * @example
 * validateDccSchema({ ver: '1.3.0', nam: { fnt: 'ROSSI' }, dob: '1970', v: [], t: [] })
 * // [{ path: '', keyword: 'oneOf', message: 'exactly one of v, t, r is required (found v, t)' },
 * //  { path: '/v', keyword: 'minItems', message: 'must hold at least 1 entry' }, …]
 */
export function validateDccSchema(dcc: unknown): SchemaViolation[] {
  const violations = validateDccSchemaVersion(dcc, schemaVersionOf(dcc))
  const group = groupViolation(dcc)
  if (group !== undefined) addUnique(violations, group)
  return violations
}

/**
 * Every violation of a DCC payload against one named schema release, exactly as that release defines it
 * (so before 1.3.0 several groups are allowed). Used by issuers, which know the release they produce.
 *
 * @example
 * validateDccSchemaVersion(dcc, '1.2.1') // [] when dcc conforms to 1.2.1
 */
export function validateDccSchemaVersion(dcc: unknown, version: DccSchemaVersion): SchemaViolation[] {
  const validate = validatorFor(version)
  return validate(dcc) ? [] : toSchemaViolations(validate.errors ?? [], dcc)
}
