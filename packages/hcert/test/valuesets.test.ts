import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { validateDccSchema } from '../src/schema/index.ts'
import { checkDccValueSets, VALUE_SETS, type ValueSetId, valueSetEntry } from '../src/valuesets/index.ts'

// The repository root is three levels up from packages/hcert/test; shared/ sits beside it.
const TESTDATA = fileURLToPath(new URL('../../../../shared/testdata/', import.meta.url))
const CORPUS = join(TESTDATA, 'dgc-testdata')
const BUSINESS_RULES_VALUE_SETS = join(TESTDATA, 'dgc-business-rules', 'valuesets', 'valueSets.json')

function requireTestdata(path: string): void {
  if (!existsSync(path)) assert.fail(`shared test data missing at ${path}`)
}

function codes(id: ValueSetId): string[] {
  return Object.keys(VALUE_SETS[id].values)
}

function activeCodes(id: ValueSetId): string[] {
  return Object.entries(VALUE_SETS[id].values)
    .filter(([, entry]) => entry.active)
    .map(([code]) => code)
}

describe('VALUE_SETS', () => {
  test('is keyed by valueSetId', () => {
    for (const [id, valueSet] of Object.entries(VALUE_SETS)) assert.equal(valueSet.valueSetId, id)
    assert.equal(Object.keys(VALUE_SETS).length, 8)
  })

  test('holds the codes hcert-format.md §11 calls important', () => {
    const expected: [ValueSetId, string, string][] = [
      ['disease-agent-targeted', '840539006', 'COVID-19'],
      ['sct-vaccines-covid-19', '1119349007', 'SARS-CoV-2 mRNA vaccine'],
      ['sct-vaccines-covid-19', '1119305005', 'SARS-CoV-2 antigen vaccine'],
      ['sct-vaccines-covid-19', '28531000087107', 'COVID-19 vaccine'],
      ['vaccines-covid-19-names', 'EU/1/20/1528', 'Comirnaty'],
      ['vaccines-covid-19-names', 'EU/1/20/1507', 'Spikevax'],
      ['vaccines-covid-19-names', 'EU/1/21/1529', 'Vaxzevria'],
      ['vaccines-covid-19-names', 'EU/1/20/1525', 'Jcovden'],
      ['vaccines-covid-19-names', 'EU/1/22/1709', 'Bimervax'],
      ['vaccines-covid-19-auth-holders', 'ORG-100030215', 'Biontech Manufacturing GmbH'],
      ['vaccines-covid-19-auth-holders', 'ORG-100031184', 'Moderna Biotech Spain S.L.'],
      ['vaccines-covid-19-auth-holders', 'ORG-100036914', 'Hipra'],
      ['covid-19-lab-test-type', 'LP6464-4', 'Nucleic acid amplification with probe detection'],
      ['covid-19-lab-test-type', 'LP217198-3', 'Rapid immunoassay'],
      ['covid-19-lab-test-manufacturer-and-name', '1232', 'Abbott Rapid Diagnostics, Panbio COVID-19 Ag Rapid Test'],
      ['covid-19-lab-result', '260415000', 'Not detected'],
      ['covid-19-lab-result', '260373001', 'Detected'],
      ['country-2-codes', 'IT', 'Italy'],
      ['country-2-codes', 'XK', 'Kosovo'],
    ]
    for (const [id, code, display] of expected) {
      assert.equal(valueSetEntry(VALUE_SETS[id], code)?.display, display, `${id} ${code}`)
      assert.equal(valueSetEntry(VALUE_SETS[id], code)?.active, true, `${id} ${code}`)
    }
  })

  test('counts (active) match hcert-format.md §11', () => {
    const counts: [ValueSetId, number, number | undefined][] = [
      ['disease-agent-targeted', 1, 1],
      ['sct-vaccines-covid-19', 9, 8],
      ['vaccines-covid-19-names', 39, 35],
      ['vaccines-covid-19-auth-holders', 31, 31],
      ['covid-19-lab-test-type', 2, 2],
      // §11: 86 of 88 active, without naming the two inactive ones; we mark all 88 active.
      ['covid-19-lab-test-manufacturer-and-name', 88, undefined],
      ['covid-19-lab-result', 2, 2],
      ['country-2-codes', 250, 250],
    ]
    for (const [id, total, active] of counts) {
      assert.equal(codes(id).length, total, id)
      if (active !== undefined) assert.equal(activeCodes(id).length, active, id)
    }
  })

  test('deprecated codes are known but inactive', () => {
    assert.equal(valueSetEntry(VALUE_SETS['sct-vaccines-covid-19'], 'J07BX03')?.active, false)
    for (const code of ['NVX-CoV2373', 'Inactivated-SARS-CoV-2-Vero-Cell', 'Vidprevtyn', 'VLA2001']) {
      assert.equal(valueSetEntry(VALUE_SETS['vaccines-covid-19-names'], code)?.active, false, code)
    }
  })

  test('inherited object keys are not codes', () => {
    for (const code of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      assert.equal(valueSetEntry(VALUE_SETS['country-2-codes'], code), undefined, code)
    }
  })

  test('codes are those of the business-rules valueSets.json, plus the two later codes of §11', () => {
    requireTestdata(BUSINESS_RULES_VALUE_SETS)
    const source = JSON.parse(readFileSync(BUSINESS_RULES_VALUE_SETS, 'utf8')) as Record<string, string[]>
    const added: Partial<Record<ValueSetId, string[]>> = {
      'vaccines-covid-19-names': ['EU/1/22/1709'],
      'vaccines-covid-19-auth-holders': ['ORG-100036914'],
    }
    for (const id of Object.keys(VALUE_SETS) as ValueSetId[]) {
      const expected = [...(source[id] ?? []), ...(added[id] ?? [])].sort()
      assert.deepEqual(codes(id).sort(), expected, id)
    }
  })
})

const VACCINATION = {
  tg: '840539006',
  vp: '1119349007',
  mp: 'EU/1/20/1528',
  ma: 'ORG-100030215',
  dn: 1,
  sd: 2,
  dt: '2021-06-01',
  co: 'IT',
  is: 'IT',
  ci: '01ITE7300E1AB2A84C719004F103DCB1F70A#6',
}
const TEST = {
  tg: '840539006',
  tt: 'LP217198-3',
  ma: '1232',
  sc: '2021-06-01T10:00:00Z',
  tr: '260415000',
  co: 'IT',
  is: 'IT',
  ci: 'x',
}

describe('checkDccValueSets', () => {
  test('a payload with known codes has no violations, deprecated codes included', () => {
    assert.deepEqual(checkDccValueSets({ v: [VACCINATION] }), [])
    assert.deepEqual(checkDccValueSets({ v: [{ ...VACCINATION, vp: 'J07BX03' }] }), [])
    assert.deepEqual(checkDccValueSets({ t: [TEST] }), [])
    assert.deepEqual(checkDccValueSets({ r: [{ tg: '840539006', co: 'XK' }] }), [])
  })

  test('flags every unknown code of v, each at its path', () => {
    const payload = { v: [{ ...VACCINATION, tg: '1', vp: '2', mp: 'EU/1/99/9999', ma: 'ORG-99999999', co: 'XY' }] }
    assert.deepEqual(checkDccValueSets(payload), [
      { path: '/v/0/tg', keyword: 'valueset', message: '"1" is not in the value set disease-agent-targeted' },
      { path: '/v/0/vp', keyword: 'valueset', message: '"2" is not in the value set sct-vaccines-covid-19' },
      {
        path: '/v/0/mp',
        keyword: 'valueset',
        message: '"EU/1/99/9999" is not in the value set vaccines-covid-19-names',
      },
      {
        path: '/v/0/ma',
        keyword: 'valueset',
        message: '"ORG-99999999" is not in the value set vaccines-covid-19-auth-holders',
      },
      { path: '/v/0/co', keyword: 'valueset', message: '"XY" is not in the value set country-2-codes' },
    ])
  })

  test('flags unknown codes of t (tt, RAT device ma, tr, co) and r', () => {
    const paths = (payload: unknown) => checkDccValueSets(payload).map((v) => v.path)
    assert.deepEqual(paths({ t: [{ ...TEST, tt: 'a test', ma: '9999', tr: 'NEGATIVO', co: 'it' }] }), [
      '/t/0/tt',
      '/t/0/ma',
      '/t/0/tr',
      '/t/0/co',
    ])
    assert.deepEqual(paths({ r: [{ tg: '94558-4', co: 'XY' }] }), ['/r/0/tg', '/r/0/co'])
    // The test device is optional (molecular tests have none); the vaccine `ma` is not a test device.
    const { ma: _ma, ...molecular } = TEST
    assert.deepEqual(paths({ t: [{ ...molecular, tt: 'LP6464-4' }] }), [])
    assert.deepEqual(paths({ v: [{ ...VACCINATION, ma: '1232' }] }), ['/v/0/ma'])
  })

  test('leaves missing or non-string fields and malformed shapes to the schema check', () => {
    for (const payload of [null, 'v', 42, [], {}, { v: 'x' }, { v: [null, 3, 'a'] }, { v: [{ co: 380, mp: null }] }]) {
      assert.deepEqual(checkDccValueSets(payload), [], JSON.stringify(payload))
    }
  })

  test('accepts value sets from elsewhere (e.g. the gateway)', () => {
    const gateway = {
      ...VALUE_SETS,
      'covid-19-lab-test-manufacturer-and-name': {
        ...VALUE_SETS['covid-19-lab-test-manufacturer-and-name'],
        values: { '9999': { display: 'new device', active: true } },
      },
    }
    assert.deepEqual(checkDccValueSets({ t: [{ ...TEST, ma: '9999' }] }, gateway), [])
    assert.equal(checkDccValueSets({ t: [TEST] }, gateway).length, 1)
  })

  test('never throws (fuzz)', () => {
    const entry = fc.dictionary(fc.constantFrom('tg', 'vp', 'mp', 'ma', 'co', 'tt', 'tr', '__proto__'), fc.jsonValue())
    const payload = fc.record({ v: fc.array(entry), t: fc.array(entry), r: fc.jsonValue() }, { requiredKeys: [] })
    fc.assert(
      fc.property(fc.oneof(payload, fc.anything()), (value) => {
        assert.ok(Array.isArray(checkDccValueSets(value)))
      }),
      { numRuns: 300 },
    )
  })
})

describe('checkDccValueSets on the dgc-testdata corpus', () => {
  function corpus(): Map<string, unknown> {
    requireTestdata(CORPUS)
    const payloads = new Map<string, unknown>()
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir).sort()) {
        const path = join(dir, entry)
        if (statSync(path).isDirectory()) walk(path)
        else if (entry.endsWith('.json') && /\/2DCode\/raw\//i.test(path)) {
          const content = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>
          if (content.JSON !== undefined) payloads.set(relative(CORPUS, path), content.JSON)
        }
      }
    }
    walk(CORPUS)
    return payloads
  }

  test('PL 7–9 (schema-valid, marked schema-invalid) are caught by their codes, in all three versions', () => {
    const payloads = corpus()
    for (const version of ['1.0.0', '1.2.1', '1.3.0']) {
      const check = (file: string) => {
        const payload = payloads.get(`PL/${version}/2DCode/raw/${file}`)
        assert.deepEqual(validateDccSchema(payload), [], `${version}/${file} is schema-valid`)
        return checkDccValueSets(payload).map((v) => `${v.path} ${v.message}`)
      }
      assert.deepEqual(check('7.json'), [
        '/t/0/ma "9999" is not in the value set covid-19-lab-test-manufacturer-and-name',
      ])
      assert.deepEqual(check('8.json'), ['/r/0/co "XY" is not in the value set country-2-codes'])
      assert.deepEqual(check('9.json'), [
        '/v/0/ma "ORG-99999999" is not in the value set vaccines-covid-19-auth-holders',
      ])
    }
  })

  test('outside NL, only the files with odd codes are flagged', () => {
    const flagged = [...corpus()]
      .filter(([name, payload]) => !name.startsWith('NL/') && checkDccValueSets(payload).length > 0)
      .map(([name]) => name)
    assert.deepEqual(flagged, [
      // tg/vp/mp/ma "729999"; tg "94558-4", tr "NEGATIVO"
      'ES/2DCode/raw/1101.json',
      'ES/2DCode/raw/1103.json',
      // a molecular test with an empty RAT device `ma: ""`
      'IT/2DCode/raw/4.json',
      ...['1.0.0', '1.2.1', '1.3.0'].flatMap((v) => [7, 8, 9].map((n) => `PL/${v}/2DCode/raw/${n}.json`)),
      // `ma` "ORG-1000030215": one zero too many
      ...[1, 2, 3, 4, 5].map((n) => `SM/2DCode/raw/${n}.json`),
    ])
  })
})
