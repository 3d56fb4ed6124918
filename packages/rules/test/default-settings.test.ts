import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { DEFAULT_SETTINGS } from '../src/default-settings.ts'
import { parseSettings } from '../src/settings.ts'
import { fixtureRows } from './support/fixtures.ts'

describe('DEFAULT_SETTINGS (the table a new platform serves)', () => {
  test('carries exactly the window values and EMA list of the served Italian table (fixture)', () => {
    const served = new Map(fixtureRows().map((row) => [`${row.type}/${row.name}`, row.value]))
    const numeric = DEFAULT_SETTINGS.filter((row) => /^\d+$/.test(row.value) && row.name !== 'MAX_RETRY')
    assert.ok(numeric.length > 50)
    for (const row of numeric) assert.equal(served.get(`${row.type}/${row.name}`), row.value, `${row.type}/${row.name}`)
    const ema = DEFAULT_SETTINGS.find((row) => row.name === 'EMA_vaccines')
    assert.equal(ema?.value, served.get('GENERIC/EMA_vaccines'))
    // Every window key of the served table is in the defaults too.
    for (const row of fixtureRows().filter((r) => /_(day|hours|offset)/.test(r.name))) {
      assert.ok(
        numeric.some((d) => d.name === row.name && d.type === row.type),
        `${row.type}/${row.name} missing`,
      )
    }
  })

  test('has every APP_MIN_VERSION and Italian text row of the served table, each non-empty', () => {
    const ours = new Map(DEFAULT_SETTINGS.map((row) => [`${row.type}/${row.name}`, row.value]))
    const served = fixtureRows().filter((row) => row.type === 'APP_MIN_VERSION' || row.type === 'IT')
    assert.equal(served.length, 20)
    for (const row of served) assert.ok(ours.get(`${row.type}/${row.name}`), `${row.type}/${row.name} missing`)
    for (const platform of ['android', 'ios'])
      assert.match(ours.get(`APP_MIN_VERSION/${platform}`) ?? '', /^\d+\.\d+\.\d+$/)
    for (const [key, value] of ours) if (key.endsWith('_link')) assert.match(value, /^https:\/\//, key)
  })

  test('parses as a complete table with an empty blacklist and the DRL on', () => {
    const settings = parseSettings(DEFAULT_SETTINGS)
    assert.equal(settings.blackList.size, 0)
    assert.equal(settings.drlSyncActive, true)
    assert.equal(settings.genericNumber('vaccine_end_day_booster_IT'), 540)
  })
})
