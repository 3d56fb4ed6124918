import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ScanMode } from '../src/scan-mode.ts'
import {
  assertDayWindow,
  exemption,
  JANSSEN,
  recovery,
  rome,
  romeDayAfter,
  type RunOptions,
  settingsWith,
  SPUTNIK,
  test as testCertificate,
  vaccination,
  verdict,
} from './support/fixtures.ts'

const DT = '2022-01-10'
const VALID = 'VALID/WITHIN_WINDOW'
const NOT_VALID_YET = 'NOT_VALID_YET/WINDOW_NOT_STARTED'
const EXPIRED = 'EXPIRED/WINDOW_ENDED'
const HOUR = 3_600_000
const RECOVERY_DSC: ReadonlySet<'t' | 'v' | 'r'> = new Set(['r'])
const SC = '2022-01-10T10:00:00Z'
const afterSc = (ms: number) => new Date(Date.parse(SC) + ms)

/** Checks `dcc` at `day` days after `from` (noon Rome) in `mode`. */
function at(
  dcc: Record<string, unknown>,
  from: string,
  day: number,
  mode: RunOptions['mode'],
  options: RunOptions = {},
) {
  return verdict(dcc, { mode, at: romeDayAfter(from, day), ...options })
}

describe('2G / RAFFORZATA (§6.1)', () => {
  const mode = ScanMode.STRENGTHENED

  test('vaccinated in Italy: the 3G rules (no extended window)', () => {
    assertDayWindow(vaccination({ co: 'IT' }), DT, 0, 180, VALID, { mode })
    assertDayWindow(vaccination({ co: 'IT', dn: 3, sd: 3 }), DT, 0, 540, VALID, { mode })
    assert.equal(at(vaccination({ co: 'IT', mp: SPUTNIK }), DT, 10, mode), 'NOT_VALID/NOT_EMA')
    assert.equal(at(vaccination({ co: 'IT', mp: 'CVnCoV', dn: 3, sd: 3 }), DT, 10, mode), 'NOT_VALID/NOT_EMA')
  })

  test('abroad, not complete: not EMA → NOT_VALID; EMA → the not-complete window', () => {
    assert.equal(
      at(vaccination({ co: 'DE', mp: 'CVnCoV', dn: 1, sd: 2 }), DT, 20, mode),
      'NOT_VALID/VACCINATION_NOT_COMPLETE_NOT_EMA',
    )
    assertDayWindow(vaccination({ co: 'DE', dn: 1, sd: 2 }), DT, 15, 42, VALID, { mode })
  })

  test('abroad, booster: the booster_IT window; VALID if EMA, otherwise TEST_NEEDED', () => {
    assertDayWindow(vaccination({ co: 'DE', dn: 3, sd: 3 }), DT, 0, 540, VALID, { mode })
    assertDayWindow(
      vaccination({ co: 'DE', dn: 3, sd: 3, mp: 'CVnCoV' }),
      DT,
      0,
      540,
      'TEST_NEEDED/TEST_NEEDED_NOT_EMA',
      {
        mode,
      },
    )
  })

  test('abroad, EMA complete cycle: VALID to dt+180, TEST_NEEDED to dt+270, then EXPIRED (not dt+450)', () => {
    const dcc = vaccination({ co: 'FR' })
    assert.equal(verdict(dcc, { mode, at: romeDayAfter(DT, -1, '23:59:59.999') }), NOT_VALID_YET)
    assert.equal(verdict(dcc, { mode, at: romeDayAfter(DT, 0, '00:00') }), VALID)
    assert.equal(verdict(dcc, { mode, at: romeDayAfter(DT, 180, '23:59:59.999') }), VALID)
    assert.equal(verdict(dcc, { mode, at: romeDayAfter(DT, 181, '00:00') }), 'TEST_NEEDED/TEST_NEEDED_EXTENDED_WINDOW')
    assert.equal(
      verdict(dcc, { mode, at: romeDayAfter(DT, 270, '23:59:59.999') }),
      'TEST_NEEDED/TEST_NEEDED_EXTENDED_WINDOW',
    )
    assert.equal(verdict(dcc, { mode, at: romeDayAfter(DT, 271, '00:00') }), EXPIRED)
    assert.equal(at(dcc, DT, 450, mode), EXPIRED)
  })

  test('abroad, non-EMA complete cycle: TEST_NEEDED from dt to dt+270, then EXPIRED', () => {
    assertDayWindow(vaccination({ co: 'DE', mp: 'CVnCoV' }), DT, 0, 270, 'TEST_NEEDED/TEST_NEEDED_NOT_EMA', { mode })
    assertDayWindow(vaccination({ co: 'RU', mp: SPUTNIK }), DT, 0, 270, 'TEST_NEEDED/TEST_NEEDED_NOT_EMA', { mode })
  })

  test('abroad, Janssen 1/1: the +15 days apply', () => {
    const dcc = vaccination({ co: 'NL', mp: JANSSEN, dn: 1, sd: 1 })
    assert.equal(verdict(dcc, { mode, at: romeDayAfter(DT, 14, '23:59:59.999') }), NOT_VALID_YET)
    assert.equal(verdict(dcc, { mode, at: romeDayAfter(DT, 15, '00:00') }), VALID)
    assert.equal(verdict(dcc, { mode, at: romeDayAfter(DT, 180, '23:59:59.999') }), VALID)
    assert.equal(at(dcc, DT, 200, mode), 'TEST_NEEDED/TEST_NEEDED_EXTENDED_WINDOW')
    assert.equal(at(dcc, DT, 271, mode), EXPIRED)
  })

  test('the extended end is vaccine_end_day_complete_extended_EMA', () => {
    const settings = settingsWith([{ name: 'vaccine_end_day_complete_extended_EMA', value: '200' }])
    assert.equal(at(vaccination({ co: 'FR' }), DT, 200, mode, { settings }), 'TEST_NEEDED/TEST_NEEDED_EXTENDED_WINDOW')
    assert.equal(at(vaccination({ co: 'FR' }), DT, 201, mode, { settings }), EXPIRED)
  })

  test('tests → NOT_VALID, after the window checks', () => {
    assert.equal(verdict(testCertificate({ sc: SC }), { mode, at: afterSc(HOUR) }), 'NOT_VALID/MODE_EXCLUDES_TEST')
    assert.equal(verdict(testCertificate({ sc: SC }), { mode, at: afterSc(-HOUR) }), NOT_VALID_YET)
    assert.equal(verdict(testCertificate({ sc: SC }), { mode, at: afterSc(49 * HOUR) }), EXPIRED)
    assert.equal(verdict(testCertificate({ tr: '260373001' }), { mode, at: afterSc(HOUR) }), 'NOT_VALID/TEST_POSITIVE')
  })

  test('recovery and exemption: as 3G', () => {
    assertDayWindow(recovery({ co: 'DE' }), DT, 0, 180, VALID, { mode })
    assertDayWindow(recovery(), DT, 0, 540, VALID, { mode, keyUsage: RECOVERY_DSC })
    assertDayWindow(exemption({ du: '2022-02-10' }), DT, 0, 31, VALID, { mode })
  })
})

describe('BOOSTER / VISITATORI RSA (§6.2)', () => {
  const mode = ScanMode.BOOSTER

  test('booster: the 3G window; VALID if EMA, otherwise TEST_NEEDED', () => {
    assertDayWindow(vaccination({ dn: 3, sd: 3 }), DT, 0, 540, VALID, { mode })
    assertDayWindow(vaccination({ mp: JANSSEN, dn: 2, sd: 2, co: 'US' }), DT, 0, 540, VALID, { mode })
    assertDayWindow(vaccination({ dn: 3, sd: 3, mp: 'CVnCoV' }), DT, 0, 540, 'TEST_NEEDED/TEST_NEEDED_NOT_EMA', {
      mode,
    })
  })

  test('complete cycle: TEST_NEEDED inside the 3G window', () => {
    assertDayWindow(vaccination(), DT, 0, 180, 'TEST_NEEDED/TEST_NEEDED_NOT_BOOSTER', { mode })
    assertDayWindow(vaccination({ mp: JANSSEN, dn: 1, sd: 1 }), DT, 15, 180, 'TEST_NEEDED/TEST_NEEDED_NOT_BOOSTER', {
      mode,
    })
  })

  test('not complete: NOT_VALID', () => {
    assert.equal(at(vaccination({ dn: 1, sd: 2 }), DT, 20, mode), 'NOT_VALID/MODE_REQUIRES_COMPLETE_CYCLE')
    assert.equal(
      at(vaccination({ dn: 1, sd: 2, mp: 'CVnCoV' }), DT, 20, mode),
      'NOT_VALID/VACCINATION_NOT_COMPLETE_NOT_EMA',
    )
  })

  test('tests: NOT_VALID', () => {
    assert.equal(verdict(testCertificate({ sc: SC }), { mode, at: afterSc(HOUR) }), 'NOT_VALID/MODE_EXCLUDES_TEST')
    assert.equal(
      verdict(testCertificate({ sc: SC, tt: 'LP6464-4' }), { mode, at: afterSc(HOUR) }),
      'NOT_VALID/MODE_EXCLUDES_TEST',
    )
  })

  test('recovery: TEST_NEEDED, except a recovery bis → VALID', () => {
    assertDayWindow(recovery(), DT, 0, 180, 'TEST_NEEDED/TEST_NEEDED_NOT_BOOSTER', { mode })
    assertDayWindow(recovery({ co: 'DE' }), DT, 0, 180, 'TEST_NEEDED/TEST_NEEDED_NOT_BOOSTER', {
      mode,
      keyUsage: RECOVERY_DSC,
    })
    assertDayWindow(recovery(), DT, 0, 540, VALID, { mode, keyUsage: RECOVERY_DSC })
  })

  test('exemption: TEST_NEEDED inside its window', () => {
    assertDayWindow(exemption({ du: '2022-02-10' }), DT, 0, 31, 'TEST_NEEDED/TEST_NEEDED_NOT_BOOSTER', { mode })
  })
})

describe('SCHOOL / STUDENTI (§6.4)', () => {
  const mode = ScanMode.SCHOOL

  test('booster: the 3G rule', () => {
    assertDayWindow(vaccination({ dn: 3, sd: 3 }), DT, 0, 540, VALID, { mode })
    assert.equal(at(vaccination({ dn: 3, sd: 3, mp: 'CVnCoV' }), DT, 10, mode), 'NOT_VALID/NOT_EMA')
  })

  test('complete cycle: ends at dt + vaccine_end_day_school (120)', () => {
    assertDayWindow(vaccination(), DT, 0, 120, VALID, { mode })
    assertDayWindow(vaccination({ mp: JANSSEN, dn: 1, sd: 1 }), DT, 15, 120, VALID, { mode })
    assert.equal(at(vaccination({ mp: 'CVnCoV' }), DT, -1, mode), NOT_VALID_YET)
    assert.equal(at(vaccination({ mp: 'CVnCoV' }), DT, 10, mode), 'NOT_VALID/NOT_EMA')
    const settings = settingsWith([{ name: 'vaccine_end_day_school', value: '60' }])
    assertDayWindow(vaccination(), DT, 0, 60, VALID, { mode, settings })
  })

  test('not complete: NOT_VALID', () => {
    assert.equal(at(vaccination({ dn: 1, sd: 2 }), DT, 20, mode), 'NOT_VALID/MODE_REQUIRES_COMPLETE_CYCLE')
  })

  test('recovery, not bis: from fr + 0 to fr + recovery_cert_end_day_school (120)', () => {
    const fr = '2021-12-20'
    assertDayWindow(recovery({ fr, df: DT }), fr, 0, 120, VALID, { mode })
    assertDayWindow(recovery({ fr, df: DT, co: 'DE' }), fr, 0, 120, VALID, { mode, keyUsage: RECOVERY_DSC })
    assert.equal(at(recovery({ fr: 'garbage' }), DT, 10, mode), 'NOT_VALID/DATE_INVALID')
    assert.equal(at(recovery({ fr: undefined }), DT, 10, mode), 'NOT_VALID/DATE_INVALID')
  })

  test('recovery bis: from df, 0 … 540', () => {
    assertDayWindow(recovery({ fr: '2021-12-20', df: DT }), DT, 0, 540, VALID, { mode, keyUsage: RECOVERY_DSC })
  })

  test('tests: NOT_VALID; exemption: VALID', () => {
    assert.equal(verdict(testCertificate({ sc: SC }), { mode, at: afterSc(HOUR) }), 'NOT_VALID/MODE_EXCLUDES_TEST')
    assertDayWindow(exemption({ du: '2022-02-10' }), DT, 0, 31, VALID, { mode })
  })
})

describe('WORK / LAVORO (§6.5): 2G from age 50, 3G below', () => {
  const mode = ScanMode.WORK
  const abroad = vaccination({ co: 'FR' })
  const testAt = (dob: string, atDate: Date) =>
    verdict(testCertificate({ sc: atDate.toISOString() }, { dob }), { mode, at: atDate })
  const day200 = romeDayAfter(DT, 200) // 2022-07-29

  test('under 50: the 3G rules (tests VALID, a foreign complete cycle ends at dt+180)', () => {
    assert.equal(testAt('1980-04-12', day200), VALID)
    assert.equal(verdict({ ...abroad, dob: '1980-04-12' }, { mode, at: day200 }), EXPIRED)
  })

  test('50 or more: the 2G rules (tests NOT_VALID, the extended window)', () => {
    assert.equal(testAt('1960-04-12', day200), 'NOT_VALID/MODE_EXCLUDES_TEST')
    assert.equal(
      verdict({ ...abroad, dob: '1960-04-12' }, { mode, at: day200 }),
      'TEST_NEEDED/TEST_NEEDED_EXTENDED_WINDOW',
    )
  })

  test('the 50th birthday, in Rome days: 49 until 23:59:59.999 the day before, 50 from 00:00', () => {
    assert.equal(testAt('1972-03-01', rome('2022-02-28T23:59:59.999')), VALID)
    assert.equal(testAt('1972-03-01', rome('2022-03-01T00:00')), 'NOT_VALID/MODE_EXCLUDES_TEST')
    // 23:30 UTC on 28 February is already 1 March in Rome.
    assert.equal(testAt('1972-03-01', new Date('2022-02-28T23:30:00Z')), 'NOT_VALID/MODE_EXCLUDES_TEST')
  })

  test('a birthday on 29 February: 50 on 1 March of a common year', () => {
    assert.equal(testAt('1972-02-29', rome('2022-02-28T12:00')), VALID)
    assert.equal(testAt('1972-02-29', rome('2022-03-01T12:00')), 'NOT_VALID/MODE_EXCLUDES_TEST')
  })

  test('partial dates of birth count as the latest possible date (§6.7)', () => {
    // YYYY → 31 December.
    assert.equal(testAt('1972', rome('2022-12-30T12:00')), VALID)
    assert.equal(testAt('1972', rome('2022-12-31T12:00')), 'NOT_VALID/MODE_EXCLUDES_TEST')
    // YYYY-MM → the last day of the month.
    assert.equal(testAt('1972-03', rome('2022-03-30T12:00')), VALID)
    assert.equal(testAt('1972-03', rome('2022-03-31T12:00')), 'NOT_VALID/MODE_EXCLUDES_TEST')
    // Zero parts: 1972-00-00 → 31 December.
    assert.equal(testAt('1972-00-00', rome('2022-12-30T12:00')), VALID)
    assert.equal(testAt('1972-00-00', rome('2022-12-31T12:00')), 'NOT_VALID/MODE_EXCLUDES_TEST')
  })

  test('an unreadable or missing dob: not proven 50, so 3G', () => {
    for (const dob of ['', 'unknown', '12/03/1950', '1950-13-01']) {
      assert.equal(testAt(dob, day200), VALID, dob)
    }
    const { dob: _, ...withoutDob } = testCertificate({ sc: day200.toISOString() })
    assert.equal(verdict(withoutDob, { mode, at: day200 }), VALID)
  })

  test('recovery and exemption at 50 or more: as 3G', () => {
    assertDayWindow(recovery({}, { dob: '1950-01-01' }), DT, 0, 180, VALID, { mode })
    assertDayWindow(exemption({ du: '2022-02-10' }, { dob: '1950-01-01' }), DT, 0, 31, VALID, { mode })
  })
})

describe('ENTRY_ITALY / INGRESSO IT (§6.6)', () => {
  const mode = ScanMode.ENTRY_ITALY
  const adult = { dob: '1980-04-12' }

  test('complete cycle: the NOT_IT keys, 0 (+15 Janssen) … 270, for every country', () => {
    assertDayWindow(vaccination({ co: 'IT' }, adult), DT, 0, 270, VALID, { mode })
    assertDayWindow(vaccination({ co: 'DE' }, adult), DT, 0, 270, VALID, { mode })
    assertDayWindow(vaccination({ mp: JANSSEN, dn: 1, sd: 1 }, adult), DT, 15, 270, VALID, { mode })
  })

  test('booster: 0 … 540 (NOT_IT keys)', () => {
    assertDayWindow(vaccination({ dn: 3, sd: 3 }, adult), DT, 0, 540, VALID, { mode })
    const settings = settingsWith([{ name: 'vaccine_end_day_booster_NOT_IT', value: '365' }])
    assertDayWindow(vaccination({ dn: 3, sd: 3 }, adult), DT, 0, 365, VALID, { mode, settings })
  })

  test('not complete or not EMA → NOT_VALID (dates first for a complete cycle)', () => {
    assert.equal(at(vaccination({ dn: 1, sd: 2 }, adult), DT, 20, mode), 'NOT_VALID/MODE_REQUIRES_COMPLETE_CYCLE')
    assert.equal(at(vaccination({ mp: SPUTNIK, co: 'RU' }, adult), DT, 20, mode), 'NOT_VALID/NOT_EMA')
    assert.equal(at(vaccination({ mp: SPUTNIK, co: 'RU' }, adult), DT, -1, mode), NOT_VALID_YET)
  })

  test('under 18: a complete cycle ends at dt + vaccine_end_day_complete_under_18 (540)', () => {
    assertDayWindow(vaccination({}, { dob: '2010-05-05' }), DT, 0, 540, VALID, { mode })
    // A booster keeps its own window.
    assertDayWindow(vaccination({ dn: 3, sd: 3 }, { dob: '2010-05-05' }), DT, 0, 540, VALID, { mode })
  })

  test('the 18th birthday, in Rome days', () => {
    const day300 = '2022-11-06' // dt + 300: past the adult end (270), inside the minor end (540)
    const check = (dob: string, local: string) => verdict(vaccination({}, { dob }), { mode, at: rome(local) })
    assert.equal(check('2004-11-06', `${day300}T00:00`), EXPIRED) // 18 today
    assert.equal(check('2004-11-07', `${day300}T23:59:59.999`), VALID) // 18 tomorrow
    assert.equal(check('2004', `${day300}T12:00`), VALID) // 2004 → 31 December 2004
    assert.equal(check('2004-11', `${day300}T12:00`), VALID) // 2004-11 → 30 November 2004: 17
    assert.equal(check('2004-10', `${day300}T12:00`), EXPIRED) // 2004-10 → 31 October 2004: 18
    assert.equal(check('2004-00-00', `${day300}T12:00`), VALID)
  })

  test('the age is taken at dob + vaccine_complete_under_18_offset, measured today', () => {
    const settings = settingsWith([{ name: 'vaccine_complete_under_18_offset', value: '30' }])
    const day300 = rome('2022-11-06T12:00')
    // 18 since 2022-10-20; plus 30 days, still a minor until 2022-11-19.
    assert.equal(verdict(vaccination({}, { dob: '2004-10-20' }), { mode, at: day300 }), EXPIRED)
    assert.equal(verdict(vaccination({}, { dob: '2004-10-20' }), { mode, at: day300, settings }), VALID)
  })

  test('an unreadable dob is not proof of being a minor', () => {
    assert.equal(verdict(vaccination({}, { dob: '' }), { mode, at: rome('2022-11-06T12:00') }), EXPIRED)
    assert.equal(verdict(vaccination({}, { dob: 'garbage' }), { mode, at: rome('2022-11-06T12:00') }), EXPIRED)
  })

  test('recovery: IT or NOT_IT keys by the recovery’s own co', () => {
    const settings = settingsWith([
      { name: 'recovery_cert_end_day_NOT_IT', value: '90' },
      { name: 'recovery_cert_end_day_IT', value: '120' },
    ])
    assertDayWindow(recovery({ co: 'IT' }), DT, 0, 120, VALID, { mode, settings })
    assertDayWindow(recovery({ co: 'FR' }), DT, 0, 90, VALID, { mode, settings })
    assertDayWindow(recovery({ co: 'FR' }), DT, 0, 180, VALID, { mode })
    assertDayWindow(recovery({ co: 'IT' }), DT, 0, 540, VALID, { mode, keyUsage: RECOVERY_DSC })
  })

  test('tests as 3G; exemption NOT_VALID', () => {
    assert.equal(verdict(testCertificate({ sc: SC }), { mode, at: afterSc(48 * HOUR) }), VALID)
    assert.equal(verdict(testCertificate({ sc: SC }), { mode, at: afterSc(48 * HOUR + 1) }), EXPIRED)
    assert.equal(at(exemption(), DT, 10, mode), 'NOT_VALID/MODE_EXCLUDES_EXEMPTION')
    assert.equal(at(exemption(), DT, -1, mode), NOT_VALID_YET)
  })
})

describe('DOUBLE_SCAN (§6.3)', () => {
  const mode = ScanMode.DOUBLE_SCAN

  test('anything that is not a test → NOT_VALID, even when valid in 3G', () => {
    for (const dcc of [vaccination(), vaccination({ dn: 3, sd: 3 }), recovery(), exemption()]) {
      assert.equal(at(dcc, DT, 10, mode), 'NOT_VALID/MODE_REQUIRES_TEST')
      assert.equal(at(dcc, DT, 10, mode, { previousMode: ScanMode.BOOSTER }), 'NOT_VALID/MODE_REQUIRES_TEST')
    }
    assert.equal(at(recovery(), DT, 10, mode, { keyUsage: RECOVERY_DSC }), 'NOT_VALID/MODE_REQUIRES_TEST')
  })

  test('a molecular test: 72 h, or 48 h (rapid_test_end_hours) after a BOOSTER scan', () => {
    const dcc = testCertificate({ tt: 'LP6464-4', sc: SC })
    for (const previousMode of [undefined, ScanMode.BASE, ScanMode.STRENGTHENED, ScanMode.DOUBLE_SCAN]) {
      assert.equal(verdict(dcc, { mode, previousMode, at: afterSc(72 * HOUR) }), VALID, String(previousMode))
      assert.equal(verdict(dcc, { mode, previousMode, at: afterSc(72 * HOUR + 1) }), EXPIRED)
    }
    const previousMode = ScanMode.BOOSTER
    assert.equal(verdict(dcc, { mode, previousMode, at: afterSc(-1) }), NOT_VALID_YET)
    assert.equal(verdict(dcc, { mode, previousMode, at: afterSc(48 * HOUR) }), VALID)
    assert.equal(verdict(dcc, { mode, previousMode, at: afterSc(48 * HOUR + 1) }), EXPIRED)
    const settings = settingsWith([{ name: 'rapid_test_end_hours', value: '36' }])
    assert.equal(verdict(dcc, { mode, previousMode, settings, at: afterSc(36 * HOUR + 1) }), EXPIRED)
  })

  test('a rapid test: 48 h whatever the previous mode; a positive test NOT_VALID', () => {
    const dcc = testCertificate({ tt: 'LP217198-3', sc: SC })
    assert.equal(verdict(dcc, { mode, previousMode: ScanMode.BOOSTER, at: afterSc(48 * HOUR) }), VALID)
    assert.equal(verdict(dcc, { mode, at: afterSc(48 * HOUR + 1) }), EXPIRED)
    assert.equal(verdict(testCertificate({ tr: '260373001' }), { mode, at: afterSc(HOUR) }), 'NOT_VALID/TEST_POSITIVE')
  })
})

describe('3G accepts every type (§5)', () => {
  test('test and exemption VALID in their windows', () => {
    assert.equal(verdict(testCertificate({ sc: SC }), { at: afterSc(HOUR) }), VALID)
    assertDayWindow(exemption({ du: '2022-02-10' }), DT, 0, 31, VALID)
  })
})
