import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import {
  addDays,
  ageInYears,
  calendarDay,
  civilDate,
  formatDay,
  parseDate,
  parseDateOfBirth,
  parseInstant,
  romeDay,
} from '../src/calendar.ts'

const day = (text: string) => {
  const parsed = parseDate(text)
  assert.ok(parsed !== undefined, text)
  return parsed
}
const romeDate = (iso: string) => formatDay(romeDay(new Date(iso)))

describe('calendar days', () => {
  test('round trip with the parts, across centuries and leap years (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1600-01-01T00:00:00Z'), max: new Date('2400-12-31T00:00:00Z'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString().slice(0, 10)
          const parsed = day(iso)
          assert.equal(parsed, Math.floor(date.getTime() / 86_400_000))
          assert.equal(formatDay(parsed), iso)
          const { year, month, day: d } = civilDate(parsed)
          assert.equal(calendarDay(year, month, d), parsed)
        },
      ),
    )
  })

  test('addDays crosses months, years and leap days', () => {
    assert.equal(formatDay(addDays(day('2022-01-10'), 180)), '2022-07-09')
    assert.equal(formatDay(addDays(day('2022-01-10'), 540)), '2023-07-04')
    assert.equal(formatDay(addDays(day('2024-02-28'), 1)), '2024-02-29')
    assert.equal(formatDay(addDays(day('2023-02-28'), 1)), '2023-03-01')
    assert.equal(formatDay(addDays(day('2022-01-01'), -1)), '2021-12-31')
  })

  test('dates that do not exist', () => {
    assert.equal(calendarDay(2022, 2, 29), undefined)
    assert.equal(calendarDay(2022, 13, 1), undefined)
    assert.equal(calendarDay(2022, 0, 1), undefined)
    assert.equal(calendarDay(2022, 4, 31), undefined)
    assert.equal(calendarDay(0, 1, 1), undefined)
    assert.equal(formatDay(calendarDay(2000, 2, 29)!), '2000-02-29')
    assert.equal(calendarDay(1900, 2, 29), undefined)
  })
})

describe('romeDay: the Europe/Rome date of an instant', () => {
  test('winter (UTC+1): the day starts at 23:00 UTC', () => {
    assert.equal(romeDate('2022-01-09T22:59:59.999Z'), '2022-01-09')
    assert.equal(romeDate('2022-01-09T23:00:00Z'), '2022-01-10')
  })
  test('summer (UTC+2): the day starts at 22:00 UTC', () => {
    assert.equal(romeDate('2022-07-09T21:59:59.999Z'), '2022-07-09')
    assert.equal(romeDate('2022-07-09T22:00:00Z'), '2022-07-10')
  })
  test('the spring change (27 March 2022, 01:00 UTC)', () => {
    assert.equal(romeDate('2022-03-26T22:59:59.999Z'), '2022-03-26')
    assert.equal(romeDate('2022-03-26T23:00:00Z'), '2022-03-27')
    assert.equal(romeDate('2022-03-27T00:59:59Z'), '2022-03-27')
    assert.equal(romeDate('2022-03-27T01:00:00Z'), '2022-03-27')
    assert.equal(romeDate('2022-03-27T21:59:59.999Z'), '2022-03-27')
    assert.equal(romeDate('2022-03-27T22:00:00Z'), '2022-03-28')
  })
  test('always the UTC date or the next one, over the whole Date range (property)', () => {
    // Rome is ahead of UTC at every instant (LMT +0:49:56, CET, CEST), by less than a day.
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), (at) => {
        const utcDay = Math.floor(at.getTime() / 86_400_000)
        const day = romeDay(at)
        assert.ok(day === utcDay || day === utcDay + 1, `${at.toISOString()} → ${formatDay(day)}`)
      }),
      { numRuns: 1000 },
    )
    assert.equal(romeDate('-000005-06-01T12:00:00Z'), '-0005-06-01')
    assert.equal(romeDate('+012000-06-01T23:30:00Z'), '12000-06-02')
  })

  test('the autumn change (30 October 2022, 01:00 UTC)', () => {
    assert.equal(romeDate('2022-10-29T21:59:59.999Z'), '2022-10-29')
    assert.equal(romeDate('2022-10-29T22:00:00Z'), '2022-10-30')
    assert.equal(romeDate('2022-10-30T22:59:59.999Z'), '2022-10-30')
    assert.equal(romeDate('2022-10-30T23:00:00Z'), '2022-10-31')
  })
})

describe('parseDate: dt, df, du (§10 item 3)', () => {
  test('a time part is stripped', () => {
    for (const text of [
      '2021-06-01',
      '2021-06-01T00:00:00',
      '2021-06-01T23:59:59+02:00',
      '2021-06-01T10:00:00.123Z',
      ' 2021-06-01 ',
      '2021-06-01 12:00',
    ]) {
      assert.equal(formatDay(day(text)), '2021-06-01', text)
    }
  })
  test('anything else is unreadable', () => {
    for (const text of [
      '',
      '2021-6-1',
      '01/06/2021',
      '2021-06',
      '2021',
      '2021-02-29',
      '2021-06-01X',
      'T',
      '20210601',
    ]) {
      assert.equal(parseDate(text), undefined, text)
    }
    for (const value of [undefined, null, 20210601, {}, ['2021-06-01']]) assert.equal(parseDate(value), undefined)
  })
})

describe('parseInstant: sc read leniently (§10 item 2)', () => {
  const cases: [string, string][] = [
    ['2021-05-29T19:21:13Z', '2021-05-29T19:21:13.000Z'],
    ['2021-05-29T19:21:13+02:00', '2021-05-29T17:21:13.000Z'],
    ['2021-05-29T19:21:13+0200', '2021-05-29T17:21:13.000Z'],
    ['2021-05-29T19:21:13+02', '2021-05-29T17:21:13.000Z'],
    ['2021-05-29T19:21:13-0530', '2021-05-30T00:51:13.000Z'],
    ['2021-05-29T19:21Z', '2021-05-29T19:21:00.000Z'],
    ['2021-05-29T19:21+02:00', '2021-05-29T17:21:00.000Z'],
    ['2021-05-29T19:21:13', '2021-05-29T19:21:13.000Z'],
    ['2021-05-29T19:21', '2021-05-29T19:21:00.000Z'],
    ['2021-05-29T19:21:13.5Z', '2021-05-29T19:21:13.500Z'],
    ['2021-05-29T19:21:13.123456+02:00', '2021-05-29T17:21:13.123Z'],
    ['2021-05-29T19:21:13,25Z', '2021-05-29T19:21:13.250Z'],
    ['2021-05-29 19:21:13 +02:00', '2021-05-29T17:21:13.000Z'],
    ['2021-05-29t19:21:13z', '2021-05-29T19:21:13.000Z'],
    ['2021-12-31T23:30:00-01:00', '2022-01-01T00:30:00.000Z'],
  ]
  for (const [text, iso] of cases) {
    test(text, () => assert.equal(new Date(parseInstant(text)!).toISOString(), iso))
  }
  test('unreadable', () => {
    for (const text of [
      '',
      '2021-05-29',
      '2021-05-29T',
      '2021-05-29T19',
      '2021-05-29T24:00:00Z',
      '2021-05-29T19:60:00Z',
      '2021-05-29T19:21:61Z',
      '2021-02-30T10:00:00Z',
      '2021-05-29T19:21:13+19:00',
      '2021-05-29T19:21:13+02:60',
      '2021-05-29T19:21:13 CET',
      '29/05/2021 19:21',
      '1622316073',
    ]) {
      assert.equal(parseInstant(text), undefined, text)
    }
    assert.equal(parseInstant(1622316073000), undefined)
  })
  test('agrees with Date.parse on ISO instants (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -18 * 60, max: 18 * 60 }),
        (date, offsetMinutes) => {
          const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23)
          const sign = offsetMinutes < 0 ? '-' : '+'
          const abs = Math.abs(offsetMinutes)
          const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
          assert.equal(parseInstant(`${local}${offset}`), date.getTime())
          assert.equal(parseInstant(`${local}${offset.replace(':', '')}`), date.getTime())
        },
      ),
    )
  })
})

describe('dates of birth and age (§6.7, §10 item 4)', () => {
  const dob = (text: string) => {
    const parsed = parseDateOfBirth(text)
    return parsed === undefined ? undefined : formatDay(parsed)
  }
  test('full and partial dates: missing or zero parts are the latest possible', () => {
    assert.equal(dob('1980-04-12'), '1980-04-12')
    assert.equal(dob('1980-04'), '1980-04-30')
    assert.equal(dob('1980-02'), '1980-02-29')
    assert.equal(dob('1981-02'), '1981-02-28')
    assert.equal(dob('1980'), '1980-12-31')
    assert.equal(dob('1970-00-00'), '1970-12-31')
    assert.equal(dob('1970-00'), '1970-12-31')
    assert.equal(dob('1970-06-00'), '1970-06-30')
    assert.equal(dob('1970-00-15'), '1970-12-15')
    assert.equal(dob('1970-XX-XX'), '1970-12-31')
    assert.equal(dob('1970-1-5'), '1970-01-05')
    assert.equal(dob('1970-01-05T00:00:00'), '1970-01-05')
  })
  test('unreadable dates of birth', () => {
    for (const text of [
      '',
      'unknown',
      '05/01/1970',
      '1970-13-01',
      '1970-02-30',
      '0000-01-01',
      '70-01-01',
      '1970-01-01-01',
    ]) {
      assert.equal(parseDateOfBirth(text), undefined, text)
    }
    assert.equal(parseDateOfBirth(undefined), undefined)
    assert.equal(parseDateOfBirth(1970), undefined)
  })
  test('whole years, birthdays by the calendar', () => {
    const age = (birth: string, today: string) => ageInYears(parseDateOfBirth(birth)!, day(today))
    assert.equal(age('1972-03-01', '2022-02-28'), 49)
    assert.equal(age('1972-03-01', '2022-03-01'), 50)
    assert.equal(age('2004-02-29', '2022-02-28'), 17)
    assert.equal(age('2004-02-29', '2022-03-01'), 18)
    assert.equal(age('2004-02-29', '2024-02-29'), 20)
    assert.equal(age('1972', '2022-12-30'), 49)
    assert.equal(age('1972', '2022-12-31'), 50)
    assert.equal(age('2030-01-01', '2022-01-01'), -8)
  })
})
