import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { HcertError, isHcertError, type SchemaViolation } from '../src/errors.ts'
import {
  checkDccSchema,
  DCC_SCHEMA_VERSIONS,
  type DccSchemaVersion,
  FALLBACK_SCHEMA_VERSION,
  isDccSchemaVersion,
  schemaVersionOf,
  validateDccSchema,
  validateDccSchemaVersion,
} from '../src/schema/index.ts'

// The repository root is three levels up from packages/hcert/test; shared/ sits beside it.
const TESTDATA = fileURLToPath(new URL('../../../../shared/testdata/', import.meta.url))
const CORPUS = join(TESTDATA, 'dgc-testdata')

// ---------------------------------------------------------------------------------------------------------------
// Hand-made payloads

const VACCINATION = {
  tg: '840539006',
  vp: '1119349007',
  mp: 'EU/1/20/1528',
  ma: 'ORG-100030215',
  dn: 2,
  sd: 2,
  dt: '2021-06-01',
  co: 'IT',
  is: 'Ministero della Salute',
  ci: '01ITE7300E1AB2A84C719004F103DCB1F70A#6',
}
const TEST = {
  tg: '840539006',
  tt: 'LP6464-4',
  sc: '2021-06-01T10:00:00+02:00',
  tr: '260415000',
  tc: 'Farmacia Centrale',
  co: 'IT',
  is: 'Ministero della Salute',
  ci: '01IT053059F7676042D9BEE9F874C4901F9B#3',
}
const RECOVERY = {
  tg: '840539006',
  fr: '2021-05-01',
  co: 'IT',
  is: 'Ministero della Salute',
  df: '2021-05-12',
  du: '2021-10-28',
  ci: '01ITA65E2BD36C9E4900B0273D2E7C92EEB9#1',
}
const NAME = { fn: 'Rossi', fnt: 'ROSSI', gn: 'Maria', gnt: 'MARIA' }

function dcc(ver: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { ver, nam: NAME, dob: '1970-01-01', v: [VACCINATION], ...fields }
}

const BEFORE_1_3 = DCC_SCHEMA_VERSIONS.filter((v) => v < '1.3.0')
const FROM_1_3 = DCC_SCHEMA_VERSIONS.filter((v) => v >= '1.3.0')

function summary(violations: readonly SchemaViolation[]): string[] {
  return violations.map((v) => `${v.path} ${v.keyword}`).sort()
}

/** Asserts `payload` is valid exactly in the versions listed, invalid in the others. */
function assertValidIn(payload: Record<string, unknown>, valid: readonly DccSchemaVersion[]): void {
  for (const version of DCC_SCHEMA_VERSIONS) {
    const violations = validateDccSchema({ ...payload, ver: version })
    assert.equal(violations.length === 0, valid.includes(version), `${version}: ${JSON.stringify(violations)}`)
  }
}

describe('validateDccSchema: hand-made payloads', () => {
  test('a vaccination, a test and a recovery are valid in every release (tc given, fnt given)', () => {
    for (const version of DCC_SCHEMA_VERSIONS) {
      assert.deepEqual(validateDccSchema(dcc(version)), [], version)
      assert.deepEqual(validateDccSchema(dcc(version, { v: undefined, t: [TEST] })), [], version)
      assert.deepEqual(validateDccSchema(dcc(version, { v: undefined, r: [RECOVERY] })), [], version)
    }
  })

  test('max lengths: 50 before 1.3.0, 80 from 1.3.0', () => {
    const is51 = 'X'.repeat(51)
    assertValidIn(dcc('', { v: [{ ...VACCINATION, is: is51 }] }), FROM_1_3)
    assertValidIn(dcc('', { nam: { ...NAME, fn: is51 } }), FROM_1_3)
    assertValidIn(dcc('', { v: [{ ...VACCINATION, ci: 'X'.repeat(81) }] }), [])
    const violations = validateDccSchema(dcc('1.2.1', { v: [{ ...VACCINATION, ci: is51 }] }))
    assert.deepEqual(violations, [
      { path: '/v/0/ci', keyword: 'maxLength', message: 'must be at most 50 characters long' },
    ])
  })

  test('dn/sd: 1–9 before 1.3.0, any integer ≥ 1 from 1.3.0', () => {
    assertValidIn(dcc('', { v: [{ ...VACCINATION, dn: 10, sd: 10 }] }), FROM_1_3)
    assertValidIn(dcc('', { v: [{ ...VACCINATION, dn: 0 }] }), [])
    assertValidIn(dcc('', { v: [{ ...VACCINATION, sd: 1.5 }] }), [])
    assert.deepEqual(summary(validateDccSchema(dcc('1.0.0', { v: [{ ...VACCINATION, dn: 10, sd: 12 }] }))), [
      '/v/0/dn maximum',
      '/v/0/sd maximum',
    ])
  })

  test('dob: full date (1.0.x), partial date (1.1.0–1.2.1), partial or empty (1.3.x)', () => {
    assertValidIn(dcc('', { dob: '1970-01-01' }), DCC_SCHEMA_VERSIONS)
    assertValidIn(dcc('', { dob: '1970-01' }), DCC_SCHEMA_VERSIONS.slice(2))
    assertValidIn(dcc('', { dob: '1970' }), DCC_SCHEMA_VERSIONS.slice(2))
    assertValidIn(dcc('', { dob: '' }), FROM_1_3)
    // 1.0.x checks the calendar (format: date); later releases only the pattern.
    assertValidIn(dcc('', { dob: '1970-02-30' }), DCC_SCHEMA_VERSIONS.slice(2))
    assertValidIn(dcc('', { dob: '1870-01-01' }), [])
    assertValidIn(dcc('', { dob: '1978-01-26T00:00:00' }), [])
  })

  test('tt: a plain string in 1.0.0, a value-set code from 1.0.1: same effective schema', () => {
    // The value set is an annotation: "a test" passes the schema in every release (checkDccValueSets rejects it).
    assertValidIn(dcc('', { v: undefined, t: [{ ...TEST, tt: 'a test' }] }), DCC_SCHEMA_VERSIONS)
    assertValidIn(dcc('', { v: undefined, t: [{ ...TEST, tt: 6464 }] }), [])
  })

  test('t.dr (date-time of the result) exists in 1.0.0–1.1.0 only', () => {
    // A bad `dr` is a format violation where the field is defined, an ignored extra key where it is not.
    assertValidIn(dcc('', { v: undefined, t: [{ ...TEST, dr: 'yesterday' }] }), DCC_SCHEMA_VERSIONS.slice(3))
    assertValidIn(dcc('', { v: undefined, t: [{ ...TEST, dr: '2021-06-01T12:00:00Z' }] }), DCC_SCHEMA_VERSIONS)
  })

  test('tc required up to 1.2.1, optional from 1.3.0', () => {
    const { tc: _tc, ...withoutCentre } = TEST
    assertValidIn(dcc('', { v: undefined, t: [withoutCentre] }), FROM_1_3)
    const violations = validateDccSchema(dcc('1.2.1', { v: undefined, t: [withoutCentre] }))
    assert.deepEqual(violations, [{ path: '/t/0/tc', keyword: 'required', message: 'is required' }])
  })

  test('maxItems 1 from 1.3.0 (SK 3 has two v entries under 1.2.1)', () => {
    assertValidIn(dcc('', { v: [VACCINATION, { ...VACCINATION, dn: 1 }] }), BEFORE_1_3)
    assert.deepEqual(validateDccSchema(dcc('1.3.0', { v: [VACCINATION, VACCINATION] })), [
      { path: '/v', keyword: 'maxItems', message: 'must hold at most 1 entry' },
    ])
  })

  test('v + t is one clear violation in every release', () => {
    for (const version of DCC_SCHEMA_VERSIONS) {
      const violations = validateDccSchema(dcc(version, { t: [TEST] }))
      assert.deepEqual(
        violations,
        [{ path: '', keyword: 'oneOf', message: 'exactly one of v, t, r is required (found v, t)' }],
        version,
      )
    }
  })

  test('no group at all is one clear violation in every release', () => {
    for (const version of DCC_SCHEMA_VERSIONS) {
      assert.deepEqual(validateDccSchema(dcc(version, { v: undefined })), [
        { path: '', keyword: 'oneOf', message: 'exactly one of v, t, r is required (found none)' },
      ])
    }
  })

  test('validateDccSchemaVersion applies a release as published: before 1.3.0 groups may be combined', () => {
    const combined = dcc('1.2.1', { t: [TEST], r: [RECOVERY] })
    assert.deepEqual(validateDccSchemaVersion(combined, '1.2.1'), [])
    assert.equal(validateDccSchema(combined).length, 1)
    assert.deepEqual(summary(validateDccSchemaVersion(combined, '1.3.0')), [' oneOf'])
  })

  test('fnt required up to 1.3.1; fnt or gnt from 1.3.2', () => {
    assertValidIn(dcc('', { nam: { gn: 'Maria', gnt: 'MARIA' } }), ['1.3.2', '1.3.3'])
    assertValidIn(dcc('', { nam: { fn: 'Rossi', fnt: 'ROSSI' } }), DCC_SCHEMA_VERSIONS)
    assert.deepEqual(validateDccSchema(dcc('1.3.1', { nam: { gnt: 'MARIA' } })), [
      { path: '/nam/fnt', keyword: 'required', message: 'is required' },
    ])
    assert.deepEqual(validateDccSchema(dcc('1.3.2', { nam: { fn: 'Rossi' } })), [
      { path: '/nam', keyword: 'anyOf', message: 'at least one of fnt, gnt is required' },
    ])
  })

  test('standardised names are upper-case A–Z and <', () => {
    assertValidIn(dcc('', { nam: { ...NAME, fnt: 'DCERVENKOVA<PANKLOVA' } }), DCC_SCHEMA_VERSIONS)
    assertValidIn(dcc('', { nam: { ...NAME, fnt: 'Rossi' } }), [])
    assertValidIn(dcc('', { nam: { ...NAME, gnt: 'MARIA ANNA' } }), [])
  })

  test('country_vt is unanchored, as published: one capital letter anywhere passes', () => {
    assertValidIn(dcc('', { v: [{ ...VACCINATION, co: 'xXy' }] }), DCC_SCHEMA_VERSIONS)
    assertValidIn(dcc('', { v: [{ ...VACCINATION, co: 'it' }] }), [])
    assertValidIn(dcc('', { v: [{ ...VACCINATION, co: '' }] }), [])
  })

  test('ver: the unescaped dot lets any character through; unknown versions fall back to 1.3.0', () => {
    assert.deepEqual(validateDccSchema(dcc('1x3y0')), [])
    assert.deepEqual(validateDccSchema(dcc('1.3')), [
      { path: '/ver', keyword: 'pattern', message: 'must match the pattern ^\\d+.\\d+.\\d+$' },
    ])
    // 1.0.4 is judged by 1.3.0: an empty dob passes, two entries do not.
    assert.deepEqual(validateDccSchema(dcc('1.0.4', { dob: '' })), [])
    assert.deepEqual(summary(validateDccSchema(dcc('1.0.4', { v: [VACCINATION, VACCINATION] }))), ['/v maxItems'])
    assert.equal(schemaVersionOf({ ver: '1.0.4' }), FALLBACK_SCHEMA_VERSION)
    assert.equal(schemaVersionOf({ ver: 130 }), '1.3.0')
    assert.equal(schemaVersionOf(null), '1.3.0')
    assert.equal(isDccSchemaVersion('1.2.1'), true)
    assert.equal(isDccSchemaVersion('1.2.2'), false)
  })

  test('dates: date = YYYY-MM-DD on the calendar, date-time = RFC 3339 with an offset', () => {
    for (const version of DCC_SCHEMA_VERSIONS) {
      assert.deepEqual(summary(validateDccSchema(dcc(version, { v: [{ ...VACCINATION, dt: '2021-02-30' }] }))), [
        '/v/0/dt format',
      ])
      const local = dcc(version, { v: undefined, t: [{ ...TEST, sc: '2021-06-01T10:00:00' }] })
      assert.deepEqual(summary(validateDccSchema(local)), ['/t/0/sc format'])
      const utc = dcc(version, { v: undefined, t: [{ ...TEST, sc: '2021-06-01T08:00:00.123Z' }] })
      assert.deepEqual(validateDccSchema(utc), [])
    }
  })

  test('a payload with many faults reports all of them, each at its own path', () => {
    const { mp: _mp, ...withoutProduct } = VACCINATION
    const faulty = {
      ver: '1.3.0',
      nam: { fn: 'Rossi', gnt: 'maria' },
      dob: '31/12/1970',
      v: [{ ...withoutProduct, dn: 0, sd: '2', dt: '2021-13-01', co: 'it', ci: 'U'.repeat(81) }],
    }
    const violations = validateDccSchema(faulty)
    assert.deepEqual(summary(violations), [
      '/dob pattern',
      '/nam/fnt required',
      '/nam/gnt pattern',
      '/v/0/ci maxLength',
      '/v/0/co pattern',
      '/v/0/dn minimum',
      '/v/0/dt format',
      '/v/0/mp required',
      '/v/0/sd type',
    ])
    assert.equal(violations.length, 9)
    for (const violation of violations) assert.ok(violation.message.length > 0)
    assert.deepEqual(
      violations.find((v) => v.path === '/v/0/sd'),
      { path: '/v/0/sd', keyword: 'type', message: 'must be an integer' },
    )
  })

  test('not an object at all', () => {
    for (const notAnObject of ['HC1:...', 42, null, [dcc('1.3.0')]]) {
      assert.deepEqual(validateDccSchema(notAnObject), [{ path: '', keyword: 'type', message: 'must be an object' }])
    }
    assert.deepEqual(
      summary(validateDccSchema({})),
      ['/dob required', '/nam required', '/ver required', ' oneOf'].sort(),
    )
  })

  test('a nam that is not an object', () => {
    const violations = validateDccSchema(dcc('1.3.0', { nam: 'ROSSI' }))
    assert.deepEqual(violations, [{ path: '/nam', keyword: 'type', message: 'must be an object' }])
  })

  test('validateDccSchema never throws and always returns violations (fuzz)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        assert.ok(Array.isArray(validateDccSchema(value)))
      }),
      { numRuns: 300 },
    )
    const groupEntry = fc.dictionary(
      fc.constantFrom('tg', 'dn', 'sd', 'dt', 'sc', 'co', 'ci', 'tc', 'dr'),
      fc.jsonValue(),
    )
    const nearDcc = fc.record(
      {
        ver: fc.oneof(fc.constantFrom(...DCC_SCHEMA_VERSIONS), fc.jsonValue()),
        nam: fc.oneof(fc.dictionary(fc.constantFrom('fn', 'fnt', 'gn', 'gnt'), fc.jsonValue()), fc.jsonValue()),
        dob: fc.oneof(fc.string(), fc.jsonValue()),
        v: fc.oneof(fc.array(groupEntry, { maxLength: 3 }), fc.jsonValue()),
        t: fc.array(groupEntry, { maxLength: 2 }),
        r: fc.jsonValue(),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(nearDcc, (value) => {
        for (const violation of validateDccSchema(value)) {
          assert.equal(typeof violation.message, 'string')
          assert.ok(violation.path === '' || violation.path.startsWith('/'), violation.path)
        }
      }),
      { numRuns: 500 },
    )
    fc.assert(
      fc.property(fc.anything(), (value) => {
        validateDccSchema(value)
      }),
      { numRuns: 200 },
    )
  })
})

describe('checkDccSchema', () => {
  test('returns for a valid payload', () => {
    assert.equal(checkDccSchema(dcc('1.3.0')), undefined)
  })

  test('throws HcertError SCHEMA with every violation', () => {
    const payload = dcc('1.3.0', { dob: 'unknown', t: [TEST] })
    assert.throws(
      () => checkDccSchema(payload),
      (error: unknown) => {
        assert.ok(error instanceof HcertError)
        assert.ok(isHcertError(error, 'SCHEMA'))
        assert.deepEqual(summary(error.violations ?? []), ['/dob pattern', ' oneOf'].sort())
        assert.match(error.message, /and 1 more/)
        return true
      },
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// The public conformance corpus (hcert-format.md §12)

interface CorpusFile {
  /** Path relative to dgc-testdata, e.g. `PL/1.3.0/2DCode/raw/7.json`. */
  name: string
  json: unknown
  schemaVersion: unknown
  expected: Record<string, unknown>
}

function corpusFiles(): CorpusFile[] {
  if (!existsSync(CORPUS)) assert.fail(`shared test data missing at ${CORPUS}`)
  const files: CorpusFile[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry)
      if (statSync(path).isDirectory()) walk(path)
      else if (entry.endsWith('.json') && /\/2DCode\/raw\//i.test(path)) files.push(readCorpusFile(path))
    }
  }
  walk(CORPUS)
  return files
}

function readCorpusFile(path: string): CorpusFile {
  // Some files start with a BOM, which JSON.parse refuses.
  const content = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>
  const context = (content.TESTCTX ?? {}) as Record<string, unknown>
  return {
    name: relative(CORPUS, path),
    json: content.JSON,
    schemaVersion: context.SCHEMA,
    expected: (content.EXPECTEDRESULTS ?? {}) as Record<string, unknown>,
  }
}

/**
 * Files whose schema flags cannot be reproduced by a correct validator (hcert-format.md §12.7), with the reason.
 * PL/1.3.0/1 and 5 are listed in §12.7 for decode/validjson: their JSON field is not the signed payload (its
 * lower-case fnt/gnt fail the schema); the reference harness validates the signed payload instead.
 */
function knownBroken(name: string): string | undefined {
  if (name.startsWith('NL/')) return 'NL schema flags (#107)'
  if (/^BG\/2DCode\/raw\/[12]\.json$/.test(name)) return 'BG null groups and date-time dates (#298)'
  if (name === 'SK/2DCode/raw/3.json') return 'SK two v entries (#357)'
  if (/^PL\/[^/]+\/2DCode\/raw\/(7|8|9)\.json$/.test(name)) return 'PL schema-valid, value-set-invalid'
  if (/^PL\/[^/]+\/2DCode\/raw\/(11|12|13)\.json$/.test(name)) return 'PL v.dt is a date-time'
  if (/^PL\/1\.3\.0\/2DCode\/raw\/[15]\.json$/.test(name)) return 'PL JSON field is not the signed payload'
  return undefined
}

interface Tally {
  agree: string[]
  disagree: string[]
  brokenAgree: string[]
  brokenDisagree: string[]
}

function tally(
  files: readonly CorpusFile[],
  flag: string,
  validate: (file: CorpusFile) => readonly SchemaViolation[],
): { result: Tally; details: Map<string, readonly SchemaViolation[]> } {
  const result: Tally = { agree: [], disagree: [], brokenAgree: [], brokenDisagree: [] }
  const details = new Map<string, readonly SchemaViolation[]>()
  for (const file of files) {
    const expected = file.expected[flag]
    if (file.json === undefined || typeof expected !== 'boolean') continue
    const violations = validate(file)
    details.set(file.name, violations)
    const agrees = (violations.length === 0) === expected
    if (knownBroken(file.name) === undefined) (agrees ? result.agree : result.disagree).push(file.name)
    else (agrees ? result.brokenAgree : result.brokenDisagree).push(file.name)
  }
  return { result, details }
}

function report(t: { diagnostic: (message: string) => void }, flag: string, result: Tally): void {
  t.diagnostic(
    `${flag}: ${result.agree.length} agree, ${result.disagree.length} disagree; known-broken (not counted): ` +
      `${result.brokenAgree.length} agree, ${result.brokenDisagree.length} disagree`,
  )
}

describe('dgc-testdata corpus', () => {
  test('EXPECTEDSCHEMAVALIDATION: validateDccSchema(JSON) agrees with the flag, known-broken files aside', (t) => {
    const { result, details } = tally(corpusFiles(), 'EXPECTEDSCHEMAVALIDATION', (file) => validateDccSchema(file.json))
    report(t, 'EXPECTEDSCHEMAVALIDATION', result)
    const disagreements = result.disagree.map((name) => `${name}: ${JSON.stringify(details.get(name))}`)
    assert.deepEqual(disagreements, [])
    // Observed: 136 (447 files with JSON and the flag, 311 of them on the known-broken list).
    assert.ok(result.agree.length >= 136, `only ${result.agree.length} files agree`)
    assert.ok(result.agree.includes('common/2DCode/raw/DGC2.json'), 'DGC2 (v + t + r) must be rejected')
  })

  test('NL: the per-ver check disagrees with 152 of the 288 NL flags, as hcert-format.md §12.7 counts', (t) => {
    const { result } = tally(corpusFiles(), 'EXPECTEDSCHEMAVALIDATION', (file) => validateDccSchema(file.json))
    const nl = (names: string[]) => names.filter((name) => name.startsWith('NL/')).length
    t.diagnostic(`NL: ${nl(result.brokenAgree)} agree, ${nl(result.brokenDisagree)} disagree`)
    assert.equal(nl(result.brokenAgree) + nl(result.brokenDisagree), 288)
    assert.equal(nl(result.brokenDisagree), 152)
  })

  test('EXPECTEDVALIDOBJECT: JSON validates against TESTCTX.SCHEMA, known-broken files aside', (t) => {
    const { result, details } = tally(corpusFiles(), 'EXPECTEDVALIDOBJECT', (file) =>
      validateDccSchemaVersion(
        file.json,
        isDccSchemaVersion(file.schemaVersion) ? file.schemaVersion : FALLBACK_SCHEMA_VERSION,
      ),
    )
    report(t, 'EXPECTEDVALIDOBJECT', result)
    const disagreements = result.disagree.map((name) => `${name}: ${JSON.stringify(details.get(name))}`)
    assert.deepEqual(disagreements, [])
    assert.ok(result.agree.length >= 59, `only ${result.agree.length} files agree`)
  })

  test('the versioned PL and PT folders are walked', () => {
    const names = corpusFiles().map((file) => file.name)
    for (const folder of ['PL/1.0.0/', 'PL/1.2.1/', 'PL/1.3.0/', 'PT/1.0.0/', 'PT/1.3.0/']) {
      assert.ok(
        names.some((name) => name.startsWith(folder)),
        `no file under ${folder}`,
      )
    }
    assert.equal(names.length, 495)
  })
})
