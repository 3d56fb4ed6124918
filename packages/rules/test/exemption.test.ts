import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { assertDayWindow, exemption, rome, romeDayAfter, run, vaccination, verdict } from './support/fixtures.ts'

const DF = '2022-01-10'
const VALID = 'VALID/WITHIN_WINDOW'

describe('3G exemptions (§5.4)', () => {
  test('df … du, Rome days inclusive at both ends', () => {
    assertDayWindow(exemption({ du: '2022-06-30' }), DF, 0, 171, VALID)
  })

  test('no du (absent, null or empty): open-ended', () => {
    for (const du of [undefined, null, '']) {
      const dcc = exemption({ du })
      assert.equal(verdict(dcc, { at: romeDayAfter(DF, -1, '23:59:59.999') }), 'NOT_VALID_YET/WINDOW_NOT_STARTED')
      assert.equal(verdict(dcc, { at: romeDayAfter(DF, 0, '00:00') }), VALID)
      assert.equal(verdict(dcc, { at: rome('2030-01-01T12:00') }), VALID)
    }
  })

  test('a time part of df or du is ignored', () => {
    assertDayWindow(exemption({ df: '2022-01-10T15:00:00+01:00', du: '2022-06-30T00:00:00Z' }), DF, 0, 171, VALID)
  })

  test('an unreadable df, or a present but unreadable du → NOT_EU_DCC', () => {
    for (const fields of [{ df: '' }, { df: undefined }, { df: '2022-02-29' }, { du: 'never' }, { du: 20220630 }]) {
      assert.equal(
        verdict(exemption(fields), { at: romeDayAfter(DF, 5) }),
        'NOT_EU_DCC/DATE_INVALID',
        JSON.stringify(fields),
      )
    }
  })

  test('the last exemption entry decides (§3.5)', () => {
    const [expired] = exemption({ df: '2021-06-01', du: '2021-12-31' }).e as object[]
    const [current] = exemption({ df: '2022-01-01', du: '2022-12-31' }).e as object[]
    const at = rome('2022-03-01T12:00')
    assert.equal(verdict({ ...exemption(), e: [expired, current] }, { at }), VALID)
    assert.equal(verdict({ ...exemption(), e: [current, expired] }, { at }), 'EXPIRED/WINDOW_ENDED')
  })

  test('evaluated only when there is no v/r/t group', () => {
    const [expired] = exemption({ df: '2021-06-01', du: '2021-12-31' }).e as object[]
    const result = run(vaccination({}, { e: [expired] }), { at: rome('2022-03-01T12:00') })
    assert.equal(result.certificateType, 'vaccination')
    assert.equal(result.status, 'VALID')
    assert.equal(result.uvci, 'URN:UVCI:01:IT:TESTEXEMPTION#1') // the preconditions still use e[0].ci
  })
})
