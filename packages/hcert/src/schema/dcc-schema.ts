/**
 * The DCC JSON Schemas, written from the field list of hcert-format.md §9 (not fetched from the schema
 * repository): one builder, fed with the per-release differences of `versions.ts`.
 *
 * Deliberate quirks copied from the published schemas, because payloads are judged by them:
 * - `ver` has an unescaped dot (`^\d+.\d+.\d+$`), so `1x0y0` is a valid version string;
 * - `country_vt` is the **unanchored** pattern `[A-Z]{1,10}`: any string holding one capital letter passes
 *   (the value-set check in `valuesets/` is what rejects `XY`);
 * - in 1.0.x the `dob` pattern is unanchored too, but `format: date` anchors it in effect.
 */
import { type DccSchemaVersion, type SchemaFeatures, schemaFeatures } from './versions.ts'

/** A JSON Schema (draft 2020-12) as a plain object, ready for Ajv. */
export type JsonSchema = { readonly [keyword: string]: unknown }

const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema'

/**
 * The JSON Schema of one DCC release.
 *
 * Build it once and cache it: every call returns a fresh object.
 *
 * @example
 * const schema = dccJsonSchema('1.3.0')
 * schema.oneOf // [{ required: ['v'] }, { required: ['t'] }, { required: ['r'] }]
 */
export function dccJsonSchema(version: DccSchemaVersion): JsonSchema {
  const features = schemaFeatures(version)
  return {
    $schema: DRAFT_2020_12,
    title: 'EU DCC',
    $comment: `Schema version ${version}`,
    type: 'object',
    // The published 1.3.x schema writes `oneOf: [{required: [ver, nam, dob, v]}, …]`. Requiring ver, nam and
    // dob once at the top and only the group in each branch accepts exactly the same payloads, and a missing
    // `nam` is then reported as itself rather than as three failed branches.
    required: ['ver', 'nam', 'dob'],
    ...(features.exactlyOneGroup ? { oneOf: [{ required: ['v'] }, { required: ['t'] }, { required: ['r'] }] } : {}),
    properties: {
      ver: { type: 'string', pattern: '^\\d+.\\d+.\\d+$' },
      nam: personName(features),
      dob: dateOfBirth(features),
      v: group(vaccinationEntry(features), features),
      t: group(testEntry(features), features),
      r: group(recoveryEntry(features), features),
    },
  }
}

function personName(features: SchemaFeatures): JsonSchema {
  const standardised = { type: 'string', pattern: '^[A-Z<]*$', maxLength: features.maxLength }
  return {
    type: 'object',
    properties: {
      fn: text(features),
      fnt: standardised,
      gn: text(features),
      gnt: standardised,
    },
    // Implementing Decision 2022/483 (schema 1.3.2) lets a person have only a forename.
    ...(features.standardisedName === 'fnt'
      ? { required: ['fnt'] }
      : { anyOf: [{ required: ['fnt'] }, { required: ['gnt'] }] }),
  }
}

function dateOfBirth(features: SchemaFeatures): JsonSchema {
  switch (features.dateOfBirth) {
    case 'full-date':
      return { type: 'string', format: 'date', pattern: '(19|20)\\d{2}-\\d{2}-\\d{2}' }
    case 'partial-date':
      return { type: 'string', pattern: '^(19|20)\\d\\d(-\\d\\d){0,2}$' }
    case 'partial-date-or-empty':
      return { type: 'string', pattern: '^((19|20)\\d\\d(-\\d\\d){0,2}){0,1}$' }
  }
}

function group(entry: JsonSchema, features: SchemaFeatures): JsonSchema {
  return {
    type: 'array',
    items: entry,
    minItems: 1,
    ...(features.exactlyOneGroup ? { maxItems: 1 } : {}),
  }
}

function vaccinationEntry(features: SchemaFeatures): JsonSchema {
  return {
    type: 'object',
    required: ['tg', 'vp', 'mp', 'ma', 'dn', 'sd', 'dt', 'co', 'is', 'ci'],
    properties: {
      tg: valueSetCode('disease-agent-targeted'),
      vp: valueSetCode('vaccine-prophylaxis'),
      mp: valueSetCode('vaccine-medicinal-product'),
      ma: valueSetCode('vaccine-mah-manf'),
      dn: doseNumber(features),
      sd: doseNumber(features),
      dt: { type: 'string', format: 'date' },
      co: country(),
      is: text(features),
      ci: text(features),
    },
  }
}

function testEntry(features: SchemaFeatures): JsonSchema {
  const required = ['tg', 'tt', 'sc', 'tr', ...(features.testingCentreRequired ? ['tc'] : []), 'co', 'is', 'ci']
  return {
    type: 'object',
    required,
    properties: {
      tg: valueSetCode('disease-agent-targeted'),
      tt: features.testTypeValueSet ? valueSetCode('test-type') : { type: 'string' },
      nm: text(features),
      ma: valueSetCode('test-manf'),
      sc: { type: 'string', format: 'date-time' },
      ...(features.testResultDate ? { dr: { type: 'string', format: 'date-time' } } : {}),
      tr: valueSetCode('test-result'),
      tc: text(features),
      co: country(),
      is: text(features),
      ci: text(features),
    },
  }
}

function recoveryEntry(features: SchemaFeatures): JsonSchema {
  return {
    type: 'object',
    required: ['tg', 'fr', 'co', 'is', 'df', 'du', 'ci'],
    properties: {
      tg: valueSetCode('disease-agent-targeted'),
      fr: { type: 'string', format: 'date' },
      co: country(),
      is: text(features),
      df: { type: 'string', format: 'date' },
      du: { type: 'string', format: 'date' },
      ci: text(features),
    },
  }
}

function text(features: SchemaFeatures): JsonSchema {
  return { type: 'string', maxLength: features.maxLength }
}

function doseNumber(features: SchemaFeatures): JsonSchema {
  return {
    type: 'integer',
    minimum: 1,
    ...(features.doseMaximum === undefined ? {} : { maximum: features.doseMaximum }),
  }
}

// `country_vt`: unanchored on purpose, as published (see the module comment).
function country(): JsonSchema {
  return { type: 'string', pattern: '[A-Z]{1,10}', 'valueset-uri': 'valuesets/country-2-codes.json' }
}

// The schema only says "a string"; membership is checked against our own value sets (`checkDccValueSets`).
// `valueset-uri` is the published annotation, ignored by Ajv under `strict: false`.
function valueSetCode(file: string): JsonSchema {
  return { type: 'string', 'valueset-uri': `valuesets/${file}.json` }
}
