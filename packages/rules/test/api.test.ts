import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import * as api from '../src/index.ts'
import { displayStatus } from '../src/display.ts'
import { isRulesError } from '../src/errors.ts'
import { isScanMode, parseScanMode, ScanMode } from '../src/scan-mode.ts'
import { isReasonCode, REASON_CODES, Status } from '../src/status.ts'

describe('Status (§2)', () => {
  test('the seven statuses, frozen', () => {
    assert.deepEqual(Object.values(Status), [
      'VALID',
      'NOT_VALID',
      'NOT_VALID_YET',
      'EXPIRED',
      'REVOKED',
      'NOT_EU_DCC',
      'TEST_NEEDED',
    ])
    assert.equal(Object.isFrozen(Status), true)
  })
  test('reason codes are unique, upper-case and recognised', () => {
    assert.equal(new Set(REASON_CODES).size, REASON_CODES.length)
    for (const code of REASON_CODES) {
      assert.match(code, /^[A-Z0-9_]+$/)
      assert.equal(isReasonCode(code), true)
    }
    assert.equal(isReasonCode('HC1_PREFIX'), false)
    assert.equal(Object.isFrozen(REASON_CODES), true)
  })
})

describe('ScanMode', () => {
  test('the values', () => {
    assert.deepEqual(
      { ...ScanMode },
      {
        BASE: '3G',
        STRENGTHENED: '2G',
        BOOSTER: 'BOOSTER',
        SCHOOL: 'SCHOOL',
        WORK: 'WORK',
        ENTRY_ITALY: 'ENTRY_ITALY',
        DOUBLE_SCAN: 'DOUBLE_SCAN',
      },
    )
    assert.equal(Object.isFrozen(ScanMode), true)
  })
  test('parseScanMode: names and aliases, any case', () => {
    const cases: [string, ScanMode][] = [
      ['3G', '3G'],
      ['3g', '3G'],
      ['BASE', '3G'],
      ['base', '3G'],
      ['2G', '2G'],
      ['RAFFORZATA', '2G'],
      ['Rafforzata', '2G'],
      ['BOOSTER', 'BOOSTER'],
      ['BOOSTED', 'BOOSTER'],
      ['booster', 'BOOSTER'],
      ['SCHOOL', 'SCHOOL'],
      ['WORK', 'WORK'],
      ['ENTRY_ITALY', 'ENTRY_ITALY'],
      ['entry_italy', 'ENTRY_ITALY'],
      ['DOUBLE_SCAN', 'DOUBLE_SCAN'],
      [' 3G ', '3G'],
    ]
    for (const [text, mode] of cases) assert.equal(parseScanMode(text), mode, text)
  })
  test('parseScanMode: anything else → SCAN_MODE_UNKNOWN', () => {
    for (const text of ['', '1G', 'STANDARD', 'ENTRY_IT', 'STRENGTHENED', 'VISITORS_RSA_DGP', 'SUPER']) {
      assert.throws(
        () => parseScanMode(text),
        (error: unknown) => isRulesError(error, 'SCAN_MODE_UNKNOWN'),
        text,
      )
    }
  })
  test('isScanMode accepts values only', () => {
    assert.equal(isScanMode('3G'), true)
    assert.equal(isScanMode('BASE'), false)
    assert.equal(isScanMode(undefined), false)
  })
})

describe('displayStatus (§2 output mapping, §10 item 13)', () => {
  const all = Object.values(Status)
  test('default, as the reference: NOT_VALID_YET → NOT_VALID only', () => {
    assert.deepEqual(
      all.map((status) => displayStatus(status)),
      ['VALID', 'NOT_VALID', 'NOT_VALID', 'EXPIRED', 'REVOKED', 'NOT_EU_DCC', 'TEST_NEEDED'],
    )
  })
  test('production: REVOKED, NOT_VALID_YET and EXPIRED → NOT_VALID', () => {
    assert.deepEqual(
      all.map((status) => displayStatus(status, { production: true })),
      ['VALID', 'NOT_VALID', 'NOT_VALID', 'NOT_VALID', 'NOT_VALID', 'NOT_EU_DCC', 'TEST_NEEDED'],
    )
  })
  test('full model: unchanged', () => {
    assert.deepEqual(
      all.map((status) => displayStatus(status, { fullModel: true })),
      all,
    )
  })
})

describe('the package entry point', () => {
  test('exports the public API', () => {
    for (const name of [
      'applyItalianRules',
      'failedVerificationResult',
      'verificationFailureReason',
      'uvciHash',
      'parseSettings',
      'parseScanMode',
      'displayStatus',
      'RulesError',
      'isRulesError',
      'Status',
      'ScanMode',
      'REASON_CODES',
      'romeDay',
      'parseInstant',
      'parseDateOfBirth',
      'ageInYears',
      'classifyVaccination',
      'isEmaVaccine',
      'isRecoveryBis',
    ]) {
      assert.ok(name in api, name)
    }
  })
})
