import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  ActivityCategory,
  CERTIFICATE_REQUIREMENTS,
  isRulesError,
  parseDate,
  requiredModeOn,
  requirementsOn,
  ScanMode,
} from '../src/index.ts'

// The modes that may check each level: SCHOOL is the rafforzato level with the school's shorter windows.
const MODES_OF_LEVEL = {
  BASE: [ScanMode.BASE],
  RAFFORZATA: [ScanMode.STRENGTHENED, ScanMode.SCHOOL],
  BOOSTER: [ScanMode.BOOSTER],
} as const

describe('CERTIFICATE_REQUIREMENTS: consistency', () => {
  test('every row is well formed: known category, real days, from ≤ until, mode of its level, three languages', () => {
    const categories: readonly string[] = Object.values(ActivityCategory)
    for (const row of CERTIFICATE_REQUIREMENTS) {
      const where = `${row.id} from ${row.from}`
      assert.match(row.id, /^[a-z]+\.[a-z0-9-]+$/, where)
      assert.ok(categories.includes(row.category), where)
      assert.ok(parseDate(row.from) !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(row.from), where)
      if (row.until !== null) {
        assert.ok(parseDate(row.until) !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(row.until), where)
        assert.ok(row.from <= row.until, where)
      }
      assert.ok((MODES_OF_LEVEL[row.level] as readonly string[]).includes(row.mode), `${where}: ${row.mode}`)
      assert.ok(row.legalBasis.length > 0, where)
      for (const text of [row.activity, ...(row.note ? [row.note] : [])]) {
        assert.deepEqual(Object.keys(text).sort(), ['de', 'en', 'it'], where)
        for (const value of Object.values(text)) assert.ok(value.trim().length > 0, where)
      }
    }
  })

  test('the rows of one activity do not overlap and share category and activity text', () => {
    const byId = Map.groupBy(CERTIFICATE_REQUIREMENTS, (row) => row.id)
    for (const [id, rows] of byId) {
      const sorted = rows.toSorted((a, b) => a.from.localeCompare(b.from))
      for (let index = 1; index < sorted.length; index++) {
        const previous = sorted[index - 1]!
        const next = sorted[index]!
        assert.ok(
          previous.until !== null && previous.until < next.from,
          `${id}: ${previous.from} overlaps ${next.from}`,
        )
        assert.equal(next.category, previous.category, id)
        assert.deepEqual(next.activity, previous.activity, id)
      }
    }
  })

  test('every category has at least one activity, and the table is frozen', () => {
    for (const category of Object.values(ActivityCategory)) {
      assert.ok(
        CERTIFICATE_REQUIREMENTS.some((row) => row.category === category),
        category,
      )
    }
    assert.equal(Object.isFrozen(CERTIFICATE_REQUIREMENTS), true)
    assert.equal(Object.isFrozen(CERTIFICATE_REQUIREMENTS[0]), true)
  })

  test('every obligation ended: the last rule ended on 2022-12-31', () => {
    assert.ok(CERTIFICATE_REQUIREMENTS.every((row) => row.until !== null && row.until <= '2022-12-31'))
    assert.deepEqual(requirementsOn('2023-01-01'), [])
    assert.deepEqual(requirementsOn('2021-01-01'), [])
  })
})

describe('requirementsOn / requiredModeOn: dated facts', () => {
  test('DL 105/2021: restaurants indoors need the base certificate from 6 August 2021, not the day before', () => {
    assert.equal(requiredModeOn('activities.restaurants-indoor', '2021-08-05'), undefined)
    assert.equal(requiredModeOn('activities.restaurants-indoor', '2021-08-06'), ScanMode.BASE)
    assert.equal(requiredModeOn('activities.restaurants-indoor', '2021-12-06'), ScanMode.STRENGTHENED)
  })

  test('DL 111/2021 and 229/2021: long-distance transport base from 1 September 2021, rafforzato from 10 January 2022', () => {
    assert.equal(requiredModeOn('transport.long-distance', '2021-08-31'), undefined)
    assert.equal(requiredModeOn('transport.long-distance', '2021-09-01'), ScanMode.BASE)
    assert.equal(requiredModeOn('transport.long-distance', '2022-01-09'), ScanMode.BASE)
    assert.equal(requiredModeOn('transport.long-distance', '2022-01-10'), ScanMode.STRENGTHENED)
    assert.equal(requiredModeOn('transport.long-distance', '2022-04-01'), ScanMode.BASE)
    assert.equal(requiredModeOn('transport.long-distance', '2022-05-01'), undefined)
  })

  test('DL 127/2021 and 1/2022: every worker from 15 October 2021, rafforzato from 50 years on 15 February 2022', () => {
    assert.equal(requiredModeOn('work.under-50', '2021-10-14'), undefined)
    assert.equal(requiredModeOn('work.under-50', '2021-10-15'), ScanMode.BASE)
    assert.equal(requiredModeOn('work.50-plus', '2022-02-14'), ScanMode.BASE)
    assert.equal(requiredModeOn('work.50-plus', '2022-02-15'), ScanMode.STRENGTHENED)
    assert.equal(requiredModeOn('work.50-plus', '2022-04-30'), ScanMode.BASE)
    assert.equal(requiredModeOn('work.under-50', '2022-05-01'), undefined)
  })

  test('DL 221/2021 and 24/2022: care-home visits need a booster from 30 December 2021 to 31 December 2022', () => {
    assert.equal(requiredModeOn('health.care-home-visits', '2021-12-29'), ScanMode.BASE)
    assert.equal(requiredModeOn('health.care-home-visits', '2021-12-30'), ScanMode.BOOSTER)
    assert.equal(requiredModeOn('health.care-home-visits', '2022-12-31'), ScanMode.BOOSTER)
    assert.equal(requiredModeOn('health.care-home-visits', '2023-01-01'), undefined)
  })

  test('after the end of the state of emergency (1 May 2022) only health and care visits remain', () => {
    const ids = requirementsOn('2022-05-01').map((row) => row.id)
    assert.deepEqual(ids, ['health.care-home-visits', 'health.hospital-visits'])
  })

  test('on one day an activity has at most one row', () => {
    const rows = requirementsOn('2022-02-15')
    assert.equal(new Set(rows.map((row) => row.id)).size, rows.length)
    assert.ok(rows.length >= 10)
  })

  test('an unknown activity needs nothing; a malformed day is INSTANT_INVALID', () => {
    assert.equal(requiredModeOn('activities.unknown', '2022-01-10'), undefined)
    for (const day of ['2022-02-30', '2022-1-10', '10/01/2022', '', '2022-01-10T00:00:00Z']) {
      assert.throws(
        () => requirementsOn(day),
        (error: unknown) => isRulesError(error) && error.code === 'INSTANT_INVALID',
        day,
      )
    }
  })
})
