import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { classifyVaccination, isEmaVaccine, VaccinationClass } from '../src/vaccination-class.ts'
import {
  ASTRAZENECA,
  assertDayWindow,
  fixtureSettings,
  JANSSEN,
  MODERNA,
  PFIZER,
  rome,
  romeDayAfter,
  settingsWith,
  SPUTNIK,
  vaccination,
  verdict,
} from './support/fixtures.ts'

const DT = '2022-01-10'
const VALID = 'VALID/WITHIN_WINDOW'
const NOT_VALID_YET = 'NOT_VALID_YET/WINDOW_NOT_STARTED'
const EXPIRED = 'EXPIRED/WINDOW_ENDED'

describe('vaccination classes (§4)', () => {
  const cases: [number, number, string, VaccinationClass][] = [
    [1, 2, PFIZER, 'NOT_COMPLETE'],
    [1, 3, PFIZER, 'NOT_COMPLETE'],
    [2, 3, PFIZER, 'NOT_COMPLETE'],
    [2, 2, PFIZER, 'COMPLETE'],
    [2, 2, MODERNA, 'COMPLETE'],
    [1, 1, JANSSEN, 'COMPLETE'],
    [1, 1, PFIZER, 'COMPLETE'],
    [2, 1, PFIZER, 'BOOSTER'],
    [2, 1, JANSSEN, 'BOOSTER'],
    [2, 2, JANSSEN, 'BOOSTER'],
    [3, 2, PFIZER, 'BOOSTER'],
    [3, 3, PFIZER, 'BOOSTER'],
    [4, 4, MODERNA, 'BOOSTER'],
  ]
  for (const [dn, sd, mp, expected] of cases) {
    test(`${dn}/${sd} ${mp} → ${expected}`, () => assert.equal(classifyVaccination(dn, sd, mp), expected))
  }
})

describe('EMA rule (§4)', () => {
  const ema = fixtureSettings().emaVaccines
  test('every product of the fixture list is EMA, in any country', () => {
    for (const mp of [JANSSEN, MODERNA, PFIZER, ASTRAZENECA, 'Covishield', 'R-COVI', 'Covid-19-recombinant']) {
      assert.equal(isEmaVaccine(mp, 'DE', ema), true, mp)
    }
    assert.equal(isEmaVaccine('EU/1/21/1618', 'IT', ema), true)
  })
  test('Sputnik-V is EMA only from San Marino', () => {
    assert.equal(isEmaVaccine(SPUTNIK, 'SM', ema), true)
    assert.equal(isEmaVaccine(SPUTNIK, 'IT', ema), false)
    assert.equal(isEmaVaccine(SPUTNIK, undefined, ema), false)
  })
  test('other products are not EMA, and matching is exact', () => {
    assert.equal(isEmaVaccine('CVnCoV', 'DE', ema), false)
    assert.equal(isEmaVaccine('eu/1/20/1528', 'IT', ema), false)
    assert.equal(isEmaVaccine('', 'IT', ema), false)
  })
})

describe('3G vaccination windows (§5.1), Rome days inclusive at both ends', () => {
  const rows: [string, Record<string, unknown>, number, number][] = [
    ['not complete Comirnaty 1/2: 15 … 42 (per product)', { dn: 1, sd: 2 }, 15, 42],
    ['not complete Spikevax 1/2: 15 … 42', { mp: MODERNA, dn: 1, sd: 2 }, 15, 42],
    ['not complete Vaxzevria 1/2: 15 … 84', { mp: ASTRAZENECA, dn: 1, sd: 2 }, 15, 84],
    ['not complete Janssen 1/2: 15 … 180', { mp: JANSSEN, dn: 1, sd: 2 }, 15, 180],
    ['not complete Sputnik-V 1/2 from San Marino: 15 … 21', { mp: SPUTNIK, dn: 1, sd: 2, co: 'SM' }, 15, 21],
    ['complete Comirnaty 2/2: 0 … 180', {}, 0, 180],
    ['complete Vaxzevria 2/2 abroad: 0 … 180 (the IT keys for all)', { mp: ASTRAZENECA, co: 'DE' }, 0, 180],
    ['complete Janssen 1/1: 15 … 180', { mp: JANSSEN, dn: 1, sd: 1 }, 15, 180],
    ['complete Sputnik-V 2/2 from San Marino: 0 … 180', { mp: SPUTNIK, co: 'SM' }, 0, 180],
    ['booster Comirnaty 3/3: 0 … 540', { dn: 3, sd: 3 }, 0, 540],
    ['booster 2/1: 0 … 540', { dn: 2, sd: 1 }, 0, 540],
    ['booster 3/2: 0 … 540', { dn: 3, sd: 2 }, 0, 540],
    ['booster 4/4: 0 … 540', { dn: 4, sd: 4 }, 0, 540],
    ['booster Janssen 2/2: 0 … 540', { mp: JANSSEN, dn: 2, sd: 2 }, 0, 540],
    ['booster Janssen 2/1: 0 … 540', { mp: JANSSEN, dn: 2, sd: 1 }, 0, 540],
  ]
  for (const [label, fields, start, end] of rows) {
    test(label, () => assertDayWindow(vaccination(fields), DT, start, end, VALID))
  }

  test('Janssen 1/1: NOT_VALID_YET on days 0–14, VALID from day 15', () => {
    const dcc = vaccination({ mp: JANSSEN, dn: 1, sd: 1 })
    for (let day = 0; day <= 14; day++) {
      assert.equal(verdict(dcc, { at: romeDayAfter(DT, day, '23:59:59.999') }), NOT_VALID_YET, `day ${day}`)
    }
    assert.equal(verdict(dcc, { at: romeDayAfter(DT, 15, '00:00') }), VALID)
  })

  test('a time part of dt is ignored (§10 item 3)', () => {
    for (const dt of ['2022-01-10T23:30:00+01:00', '2022-01-10T00:00:00Z', '2022-01-10T00:00:00']) {
      assertDayWindow(vaccination({ dt }), DT, 0, 180, VALID)
    }
  })

  test('today is the Rome date, not the UTC date', () => {
    // 23:30 UTC on 9 January is 00:30 on 10 January in Rome: the start day of a complete cycle.
    assert.equal(verdict(vaccination(), { at: new Date('2022-01-09T23:30:00Z') }), VALID)
    assert.equal(verdict(vaccination(), { at: new Date('2022-01-09T22:59:59.999Z') }), NOT_VALID_YET)
    // The end day dt+180 = 2022-07-09 (summer time): valid until 21:59:59.999 UTC, expired from 22:00 UTC.
    assert.equal(verdict(vaccination(), { at: new Date('2022-07-09T21:59:59.999Z') }), VALID)
    assert.equal(verdict(vaccination(), { at: new Date('2022-07-09T22:00:00Z') }), EXPIRED)
  })
})

describe('day windows across the DST changes', () => {
  test('a start on 27 March 2022 (clocks go forward at 02:00)', () => {
    // 1/2 Comirnaty on 12 March: valid from 27 March.
    const dcc = vaccination({ dn: 1, sd: 2, dt: '2022-03-12' })
    assert.equal(verdict(dcc, { at: rome('2022-03-26T23:59:59.999') }), NOT_VALID_YET)
    assert.equal(verdict(dcc, { at: rome('2022-03-27T00:00') }), VALID)
    assert.equal(verdict(dcc, { at: rome('2022-03-27T03:00') }), VALID)
    assert.equal(verdict(dcc, { at: new Date('2022-03-26T23:00:00Z') }), VALID)
    assert.equal(verdict(dcc, { at: new Date('2022-03-26T22:59:59.999Z') }), NOT_VALID_YET)
  })

  test('an end on 27 March 2022, a 23-hour day, is valid all day', () => {
    const dt = '2021-09-28' // + 180 = 2022-03-27
    assertDayWindow(vaccination({ dt }), dt, 0, 180, VALID)
    assert.equal(verdict(vaccination({ dt }), { at: new Date('2022-03-27T21:59:59.999Z') }), VALID)
    assert.equal(verdict(vaccination({ dt }), { at: new Date('2022-03-27T22:00:00Z') }), EXPIRED)
  })

  test('an end on 30 October 2022, a 25-hour day, is valid all day', () => {
    const dt = '2022-05-03' // + 180 = 2022-10-30
    assertDayWindow(vaccination({ dt }), dt, 0, 180, VALID)
    // 02:30 happens twice that night; both are on the end day.
    assert.equal(verdict(vaccination({ dt }), { at: new Date('2022-10-30T00:30:00Z') }), VALID)
    assert.equal(verdict(vaccination({ dt }), { at: new Date('2022-10-30T01:30:00Z') }), VALID)
    assert.equal(verdict(vaccination({ dt }), { at: new Date('2022-10-30T22:59:59.999Z') }), VALID)
    assert.equal(verdict(vaccination({ dt }), { at: new Date('2022-10-30T23:00:00Z') }), EXPIRED)
  })

  test('a start on 31 October 2022, the day after the change back', () => {
    const dcc = vaccination({ dn: 1, sd: 2, dt: '2022-10-16' })
    assert.equal(verdict(dcc, { at: new Date('2022-10-30T22:59:59.999Z') }), NOT_VALID_YET)
    assert.equal(verdict(dcc, { at: new Date('2022-10-30T23:00:00Z') }), VALID)
  })
})

describe('order of checks (§5.1, §10 item 8)', () => {
  test('not complete and not EMA → NOT_VALID before any date, even inside or before the window', () => {
    for (const fields of [
      { mp: SPUTNIK, co: 'IT', dn: 1, sd: 2 },
      { mp: 'CVnCoV', co: 'DE', dn: 1, sd: 2 },
    ]) {
      for (const day of [-5, 0, 16, 400]) {
        assert.equal(
          verdict(vaccination(fields), { at: romeDayAfter(DT, day) }),
          'NOT_VALID/VACCINATION_NOT_COMPLETE_NOT_EMA',
          `${fields.mp} day ${day}`,
        )
      }
    }
  })

  test('a non-EMA complete cycle: NOT_VALID_YET before dt, NOT_VALID inside, EXPIRED after', () => {
    for (const fields of [{ mp: SPUTNIK, co: 'IT' }, { mp: 'CVnCoV' }, { mp: 'BBIBP-CorV', co: 'CN' }]) {
      const dcc = vaccination(fields)
      assert.equal(verdict(dcc, { at: romeDayAfter(DT, -1) }), NOT_VALID_YET, fields.mp)
      assert.equal(verdict(dcc, { at: romeDayAfter(DT, 0) }), 'NOT_VALID/NOT_EMA', fields.mp)
      assert.equal(verdict(dcc, { at: romeDayAfter(DT, 180) }), 'NOT_VALID/NOT_EMA', fields.mp)
      assert.equal(verdict(dcc, { at: romeDayAfter(DT, 181) }), EXPIRED, fields.mp)
    }
  })

  test('a non-EMA booster: dates first, then NOT_VALID', () => {
    const dcc = vaccination({ mp: 'CVnCoV', dn: 3, sd: 3 })
    assert.equal(verdict(dcc, { at: romeDayAfter(DT, -1) }), NOT_VALID_YET)
    assert.equal(verdict(dcc, { at: romeDayAfter(DT, 540) }), 'NOT_VALID/NOT_EMA')
    assert.equal(verdict(dcc, { at: romeDayAfter(DT, 541) }), EXPIRED)
  })

  test('Sputnik-V: from San Marino VALID, the same from Italy NOT_VALID (§10 item 12)', () => {
    assert.equal(verdict(vaccination({ mp: SPUTNIK, co: 'SM' }), { at: romeDayAfter(DT, 30) }), VALID)
    assert.equal(verdict(vaccination({ mp: SPUTNIK, co: 'IT' }), { at: romeDayAfter(DT, 30) }), 'NOT_VALID/NOT_EMA')
    assert.equal(verdict(vaccination({ mp: SPUTNIK, co: 'SM', dn: 3, sd: 3 }), { at: romeDayAfter(DT, 300) }), VALID)
  })
})

describe('malformed vaccination entries (§4, §10 item 14)', () => {
  const at = romeDayAfter(DT, 30)
  test('dn ≤ 0, sd ≤ 0 or doses that are not whole numbers → NOT_VALID', () => {
    for (const fields of [
      { dn: 0, sd: 2 },
      { dn: -1, sd: 2 },
      { dn: 2, sd: 0 },
      { dn: 1.5, sd: 2 },
      { dn: '2', sd: 2 },
      { dn: undefined },
      { sd: null },
      { dn: Number.NaN },
    ]) {
      assert.equal(verdict(vaccination(fields), { at }), 'NOT_VALID/VACCINATION_DOSES_INVALID', JSON.stringify(fields))
    }
  })

  test('an empty or missing mp → NOT_VALID', () => {
    for (const mp of ['', '  ', undefined, 42]) {
      assert.equal(verdict(vaccination({ mp }), { at }), 'NOT_VALID/VACCINATION_PRODUCT_EMPTY', String(mp))
    }
  })

  test('an unreadable dt → NOT_VALID', () => {
    for (const dt of ['', '2022-02-30', '10/01/2022', '2022-1-10', undefined, 20220110]) {
      assert.equal(verdict(vaccination({ dt }), { at }), 'NOT_VALID/DATE_INVALID', String(dt))
    }
  })

  test('an entry that is not an object → NOT_VALID', () => {
    for (const entry of [null, 'v', 7, []]) {
      const dcc = { ...vaccination(), v: [{ ci: 'URN:UVCI:01:IT:X#1' }, entry] }
      assert.equal(verdict(dcc, { at }), 'NOT_VALID/VACCINATION_PRODUCT_EMPTY', JSON.stringify(entry))
    }
  })
})

describe('the last vaccination entry decides (§3.5)', () => {
  test('an old first dose followed by a recent booster → the booster', () => {
    const first = { ...(vaccination({ dn: 1, sd: 2, dt: '2021-01-01' }).v as object[])[0] }
    const last = { ...(vaccination({ dn: 3, sd: 3, dt: '2022-01-10' }).v as object[])[0] }
    assert.equal(verdict({ ...vaccination(), v: [first, last] }, { at: rome('2022-12-01T12:00') }), VALID)
    assert.equal(verdict({ ...vaccination(), v: [last, first] }, { at: rome('2022-12-01T12:00') }), EXPIRED)
  })
})

describe('the windows come from the settings', () => {
  test('vaccine_end_day_complete_IT 180 → 90 ends a complete cycle earlier', () => {
    const at = romeDayAfter(DT, 100)
    assert.equal(verdict(vaccination(), { at }), VALID)
    const settings = settingsWith([{ name: 'vaccine_end_day_complete_IT', value: '90' }])
    assert.equal(verdict(vaccination(), { at, settings }), EXPIRED)
  })

  test('a product dropped from EMA_vaccines is no longer EMA; one added becomes EMA', () => {
    const at = romeDayAfter(DT, 30)
    const list = 'EU/1/20/1525;EU/1/20/1507;EU/1/21/1529;Covishield;R-COVI;Covid-19-recombinant;EU/1/21/1618;CVnCoV'
    const settings = settingsWith([{ name: 'EMA_vaccines', value: list }])
    assert.equal(verdict(vaccination(), { at, settings }), 'NOT_VALID/NOT_EMA')
    assert.equal(verdict(vaccination({ mp: 'CVnCoV' }), { at, settings }), VALID)
  })

  test("Janssen's +15 days is the product's vaccine_start_day_complete", () => {
    const settings = settingsWith([{ name: 'vaccine_start_day_complete', type: JANSSEN, value: '3' }])
    assertDayWindow(vaccination({ mp: JANSSEN, dn: 1, sd: 1 }), DT, 3, 180, VALID, { settings })
  })

  test('a not-complete window is per product', () => {
    const settings = settingsWith([{ name: 'vaccine_end_day_not_complete', type: PFIZER, value: '30' }])
    assertDayWindow(vaccination({ dn: 1, sd: 2 }), DT, 15, 30, VALID, { settings })
    assertDayWindow(vaccination({ dn: 1, sd: 2, mp: MODERNA }), DT, 15, 42, VALID, { settings })
  })
})
