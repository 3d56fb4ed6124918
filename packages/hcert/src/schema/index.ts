/**
 * The DCC JSON schema check, releases 1.0.0 to 1.3.3.
 */
export { checkDccSchema } from './check.ts'
export { dccJsonSchema, type JsonSchema } from './dcc-schema.ts'
export { validateDccSchema, validateDccSchemaVersion } from './validate.ts'
export {
  DCC_SCHEMA_VERSIONS,
  type DccSchemaVersion,
  FALLBACK_SCHEMA_VERSION,
  isDccSchemaVersion,
  schemaVersionOf,
} from './versions.ts'
