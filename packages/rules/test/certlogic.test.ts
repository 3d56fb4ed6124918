/**
 * Conformance: every business rule of dgc-business-rules-testdata (hcert-format.md §13.2) against every one of its
 * test cases, then every rule against every DCC payload of dgc-testdata (what the upstream CI does).
 */
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import {
  type BusinessRule,
  certLogicValueSets,
  evaluateBusinessRule,
  evaluateCertLogic,
  parseBusinessRule,
  validateCertLogic,
} from '../src/certlogic/index.ts'

// The repository root is three levels up from packages/rules/test; shared/ sits beside it.
const TESTDATA = fileURLToPath(new URL('../../../../shared/testdata/', import.meta.url))
const RULES_ROOT = join(TESTDATA, 'dgc-business-rules')
const CORPUS = join(TESTDATA, 'dgc-testdata')

// hcert-format.md §13.2: 1364 test files; 202 rule files of which one is not JSON.
const DOCUMENTED_TEST_FILES = 1364
const DOCUMENTED_RULE_FILES = 202

// Given to evaluateBusinessRule when a test case sets no clock: a rule that read it would come out open and fail.
const NO_CLOCK = 'the test case gives no validation clock'

/** A rule folder of the documented layout: `<CC>/<ruleId>/rule.json` and `tests/*.json`. */
interface RuleFolder {
  readonly name: string
  readonly ruleFile: string
  readonly testFiles: readonly string[]
}

/** The rule folders of another layout in one country (hcert-format.md §13.2: one country has them, without tests). */
interface OddFolder {
  readonly name: string
  readonly jsonFiles: readonly string[]
  readonly testFiles: readonly string[]
}

interface TestCase {
  readonly name?: string
  readonly payload?: unknown
  readonly expected: boolean
  readonly external?: { readonly valueSets?: Record<string, string[]>; readonly validationClock?: string }
}

const present = existsSync(RULES_ROOT)
const { ruleFolders, oddFolders } = present ? inventory() : { ruleFolders: [], oddFolders: [] }

describe('dgc-business-rules test data', () => {
  if (!present) {
    test('is present', () => {
      assert.fail(
        `the business-rule test data is missing at ${RULES_ROOT}: put the shared/ folder beside the repository`,
      )
    })
    return
  }

  test('every test file present is run: none is skipped by the layout walk', () => {
    const found = filesUnder(RULES_ROOT).filter((file) => file.endsWith('.json') && file.includes('/tests/'))
    const walked = [...ruleFolders, ...oddFolders].flatMap((folder) => folder.testFiles)
    assert.deepEqual([...walked].sort(), [...found].sort())
    assert.equal(found.length, DOCUMENTED_TEST_FILES, 'hcert-format.md §13.2 counts 1364 test files')
    const ruleFiles = ruleFolders.length + oddFolders.reduce((sum, folder) => sum + folder.jsonFiles.length, 0)
    assert.equal(ruleFiles, DOCUMENTED_RULE_FILES, 'hcert-format.md §13.2 counts 202 rule files')
  })

  let evaluated = 0
  for (const folder of ruleFolders) {
    test(`${folder.name}: ${folder.testFiles.length} cases`, () => {
      const rule = parseBusinessRule(readFileSync(folder.ruleFile, 'utf8'))
      assert.deepEqual(validateCertLogic(rule.Logic), [], 'the rule is well-formed CertLogic')
      const mismatches: string[] = []
      for (const file of folder.testFiles) {
        const testCase = JSON.parse(readFileSync(file, 'utf8')) as TestCase
        const where = `${relative(RULES_ROOT, file)} (${testCase.name ?? 'no name'})`
        // As the upstream runner does: the test's payload and external, as given.
        const data = { payload: testCase.payload, external: testCase.external }
        let value: unknown
        try {
          value = evaluateCertLogic(rule.Logic, data)
        } catch (error) {
          value = `threw ${(error as Error).message}`
        }
        if (value !== testCase.expected)
          mismatches.push(`${where}: expected ${testCase.expected}, got ${String(value)}`)
        // The same through the business-rule API a verifier uses.
        const outcome = evaluateBusinessRule(rule, {
          payload: testCase.payload,
          valueSets: testCase.external?.valueSets ?? {},
          validationClock: testCase.external?.validationClock ?? NO_CLOCK,
        })
        const wanted = testCase.expected ? 'pass' : 'fail'
        if (outcome.result !== wanted) {
          mismatches.push(`${where}: evaluateBusinessRule ${outcome.result} ${outcome.error?.message ?? ''}`)
        }
        evaluated++
      }
      assert.deepEqual(mismatches, [])
    })
  }

  for (const folder of oddFolders) {
    test(`${folder.name}: another layout, no tests; its rule files are read and checked`, (t) => {
      assert.equal(folder.testFiles.length, 0, 'skipping this folder loses no test case')
      for (const file of folder.jsonFiles) {
        const text = readFileSync(file, 'utf8')
        if (!isJson(text)) continue // reported as a skipped test below
        const rule = parseBusinessRule(text)
        for (const problem of validateCertLogic(rule.Logic)) {
          t.diagnostic(`${relative(RULES_ROOT, file)}: Logic${problem.path}: ${problem.message}`)
        }
      }
    })
    for (const file of folder.jsonFiles) {
      const reason = jsonError(readFileSync(file, 'utf8'))
      if (reason !== undefined) test(`${relative(RULES_ROOT, file)}`, { skip: `not valid JSON (${reason})` }, () => {})
    }
  }

  test('summary', (t) => {
    t.diagnostic(`${evaluated} test cases evaluated in ${ruleFolders.length} rule folders, all as expected`)
    t.diagnostic(`folders of another layout: ${oddFolders.map((folder) => folder.name).join(', ') || 'none'}`)
  })
})

describe('every rule on every dgc-testdata payload', () => {
  test('comes out pass or fail, or open only for a partial date of birth that plusTime cannot read', (t) => {
    if (!existsSync(CORPUS)) assert.fail(`the DCC corpus is missing at ${CORPUS}: put shared/ beside the repository`)
    const rules: BusinessRule[] = ruleFolders.map((folder) => parseBusinessRule(readFileSync(folder.ruleFile, 'utf8')))
    const valueSets = certLogicValueSets()
    const counts = { pass: 0, fail: 0, open: 0 }
    let payloads = 0
    for (const file of filesUnder(CORPUS).filter((name) => name.endsWith('.json'))) {
      const vector = parseJson(readFileSync(file, 'utf8')) as { JSON?: unknown; TESTCTX?: { VALIDATIONCLOCK?: string } }
      const dcc = vector?.JSON as { dob?: unknown } | undefined
      if (typeof dcc !== 'object' || dcc === null) continue
      payloads++
      const validationClock = vector?.TESTCTX?.VALIDATIONCLOCK ?? '2021-07-01T00:00:00Z'
      for (const rule of rules) {
        const outcome = evaluateBusinessRule(rule, { payload: dcc, valueSets, validationClock })
        counts[outcome.result]++
        if (outcome.result !== 'open') continue
        const where = `${rule.Country}/${rule.Identifier} on ${relative(CORPUS, file)}`
        assert.equal(outcome.error?.code, 'CERTLOGIC_OPERAND', `${where}: ${outcome.error?.message}`)
        assert.match(String(dcc.dob), /^\d{4}(-\d{2})?$/, `${where}: ${outcome.error?.message}`)
        assert.match(JSON.stringify(rule.Logic), /"payload\.dob"/, where)
      }
    }
    assert.ok(payloads > 400, `${payloads} payloads read`)
    t.diagnostic(`${payloads} payloads × ${rules.length} rules: ${JSON.stringify(counts)}`)
  })
})

function inventory(): { ruleFolders: RuleFolder[]; oddFolders: OddFolder[] } {
  const ruleFolders: RuleFolder[] = []
  const oddFolders: OddFolder[] = []
  // Country folders and `EU` are two capitals; `valuesets/`, `tooling/` and the rest are not rule folders.
  for (const country of readdirSync(RULES_ROOT)
    .filter((name) => /^[A-Z]{2}$/.test(name))
    .sort()) {
    const countryPath = join(RULES_ROOT, country)
    if (!statSync(countryPath).isDirectory()) continue
    const odd = { name: country, jsonFiles: [] as string[], testFiles: [] as string[] }
    for (const id of readdirSync(countryPath).sort()) {
      const folder = join(countryPath, id)
      if (!statSync(folder).isDirectory()) continue
      const files = filesUnder(folder).sort()
      const testFiles = files.filter((file) => file.endsWith('.json') && file.includes('/tests/'))
      const ruleFile = join(folder, 'rule.json')
      if (existsSync(ruleFile)) {
        ruleFolders.push({ name: `${country}/${id}`, ruleFile, testFiles })
      } else {
        odd.jsonFiles.push(...files.filter((file) => file.endsWith('.json') && !file.includes('/tests/')))
        odd.testFiles.push(...testFiles)
      }
    }
    if (odd.jsonFiles.length > 0 || odd.testFiles.length > 0) oddFolders.push(odd)
  }
  return { ruleFolders, oddFolders }
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile())
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function jsonError(text: string): string | undefined {
  try {
    JSON.parse(text)
    return undefined
  } catch (error) {
    return (error as Error).message.replace(/\s+/g, ' ')
  }
}

function isJson(text: string): boolean {
  return jsonError(text) === undefined
}
