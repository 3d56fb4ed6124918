import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { settingsWith, test as testCertificate, verdict } from './support/fixtures.ts'

const VALID = 'VALID/WITHIN_WINDOW'
const NOT_VALID_YET = 'NOT_VALID_YET/WINDOW_NOT_STARTED'
const EXPIRED = 'EXPIRED/WINDOW_ENDED'
const MOLECULAR = 'LP6464-4'
const RAPID = 'LP217198-3'
const HOUR = 3_600_000
const SC = '2022-01-10T10:00:00Z'
const collected = Date.parse(SC)
const after = (ms: number) => new Date(collected + ms)

describe('3G tests (§5.3): hour windows compared as instants', () => {
  test('rapid antigen: sc + 0 … sc + 48 h, inclusive to the millisecond', () => {
    const dcc = testCertificate({ tt: RAPID, sc: SC })
    assert.equal(verdict(dcc, { at: after(-1) }), NOT_VALID_YET)
    assert.equal(verdict(dcc, { at: after(0) }), VALID)
    assert.equal(verdict(dcc, { at: after(24 * HOUR) }), VALID)
    assert.equal(verdict(dcc, { at: after(48 * HOUR) }), VALID)
    assert.equal(verdict(dcc, { at: after(48 * HOUR + 1) }), EXPIRED)
  })

  test('molecular: sc + 0 … sc + 72 h', () => {
    const dcc = testCertificate({ tt: MOLECULAR, sc: SC })
    assert.equal(verdict(dcc, { at: after(-1) }), NOT_VALID_YET)
    assert.equal(verdict(dcc, { at: after(0) }), VALID)
    assert.equal(verdict(dcc, { at: after(60 * HOUR) }), VALID)
    assert.equal(verdict(dcc, { at: after(72 * HOUR) }), VALID)
    assert.equal(verdict(dcc, { at: after(72 * HOUR + 1) }), EXPIRED)
  })

  test('a positive test → NOT_VALID before any other check', () => {
    for (const fields of [{}, { tt: 'unknown' }, { sc: 'garbage' }]) {
      const dcc = testCertificate({ tr: '260373001', ...fields })
      assert.equal(verdict(dcc, { at: after(HOUR) }), 'NOT_VALID/TEST_POSITIVE')
      assert.equal(verdict(dcc, { at: after(-HOUR) }), 'NOT_VALID/TEST_POSITIVE')
    }
  })

  test('a type other than molecular or rapid antigen → NOT_VALID', () => {
    for (const tt of ['LP6464-5', 'lp6464-4', '', undefined, 94309]) {
      assert.equal(verdict(testCertificate({ tt }), { at: after(HOUR) }), 'NOT_VALID/TEST_TYPE_UNKNOWN', String(tt))
    }
  })

  test('an unreadable sc → NOT_EU_DCC', () => {
    for (const sc of ['', '2022-01-10', '10/01/2022 10:00', '2022-01-10T25:00:00Z', '2022-01-10T10:00+25:00', null]) {
      assert.equal(verdict(testCertificate({ sc }), { at: after(HOUR) }), 'NOT_EU_DCC/DATE_INVALID', String(sc))
    }
  })

  test('the first test entry decides (§3.5)', () => {
    const [positive] = testCertificate({ tr: '260373001' }).t as object[]
    const [negative] = testCertificate().t as object[]
    assert.equal(verdict({ ...testCertificate(), t: [negative, positive] }, { at: after(HOUR) }), VALID)
    assert.equal(
      verdict({ ...testCertificate(), t: [positive, negative] }, { at: after(HOUR) }),
      'NOT_VALID/TEST_POSITIVE',
    )
  })
})

describe('sc formats (§10 item 2): the offset is applied, never dropped', () => {
  // Every spelling of 2022-01-10 10:00:00 UTC.
  const sameInstant = [
    '2022-01-10T10:00:00Z',
    '2022-01-10T10:00Z',
    '2022-01-10T10:00:00.000Z',
    '2022-01-10T10:00:00.000000Z',
    '2022-01-10T11:00:00+01:00',
    '2022-01-10T11:00:00+0100',
    '2022-01-10T11:00+01:00',
    '2022-01-10T11:00:00+01',
    '2022-01-10T05:00:00-05:00',
    '2022-01-10T10:00:00',
    '2022-01-10 10:00:00',
    '2022-01-10t10:00:00z',
  ]
  for (const sc of sameInstant) {
    test(sc, () => {
      const dcc = testCertificate({ tt: RAPID, sc })
      assert.equal(verdict(dcc, { at: after(-1) }), NOT_VALID_YET)
      assert.equal(verdict(dcc, { at: after(48 * HOUR) }), VALID)
      assert.equal(verdict(dcc, { at: after(48 * HOUR + 1) }), EXPIRED)
    })
  }

  test('a sample taken across the spring DST change: 48 real hours, not wall-clock hours', () => {
    // 26 March 2022 12:00 CET = 11:00Z; 48 h later is 28 March 11:00Z = 13:00 CEST on the wall clock.
    const dcc = testCertificate({ tt: RAPID, sc: '2022-03-26T12:00:00+01:00' })
    assert.equal(verdict(dcc, { at: new Date('2022-03-28T11:00:00Z') }), VALID)
    assert.equal(verdict(dcc, { at: new Date('2022-03-28T11:00:00.001Z') }), EXPIRED)
  })

  test('a foreign offset is honoured (the reference compared wall clocks)', () => {
    const dcc = testCertificate({ tt: RAPID, sc: '2022-01-10T08:00:00-05:00' }) // 13:00Z
    assert.equal(verdict(dcc, { at: new Date('2022-01-10T12:59:59Z') }), NOT_VALID_YET)
    assert.equal(verdict(dcc, { at: new Date('2022-01-12T13:00:00Z') }), VALID)
    assert.equal(verdict(dcc, { at: new Date('2022-01-12T13:00:01Z') }), EXPIRED)
  })
})

describe('test windows come from the settings', () => {
  test('rapid_test_end_hours 48 → 24, molecular_test_start_hours 0 → 2', () => {
    const settings = settingsWith([
      { name: 'rapid_test_end_hours', value: '24' },
      { name: 'molecular_test_start_hours', value: '2' },
    ])
    assert.equal(verdict(testCertificate({ tt: RAPID }), { at: after(30 * HOUR) }), VALID)
    assert.equal(verdict(testCertificate({ tt: RAPID }), { at: after(30 * HOUR), settings }), EXPIRED)
    assert.equal(verdict(testCertificate({ tt: MOLECULAR }), { at: after(HOUR), settings }), NOT_VALID_YET)
    assert.equal(verdict(testCertificate({ tt: MOLECULAR }), { at: after(2 * HOUR), settings }), VALID)
  })
})
