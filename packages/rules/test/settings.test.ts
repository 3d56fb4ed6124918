import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { isRulesError, type RulesError } from '../src/errors.ts'
import { parseSettings } from '../src/settings.ts'
import { fixtureRows, fixtureSettings, SETTINGS_JSON } from './support/fixtures.ts'

const rulesError = (code: RulesError['code'], check: (error: RulesError) => boolean = () => true) => {
  return (error: unknown) => isRulesError(error, code) && check(error)
}

describe('the settings fixture (§7.2)', () => {
  test(`is present at ${SETTINGS_JSON} and has 83 rows`, () => {
    assert.equal(fixtureRows().length, 83)
    assert.equal(fixtureSettings().rows.length, 83)
  })

  test('GENERIC numbers', () => {
    const settings = fixtureSettings()
    const expected = {
      vaccine_start_day_complete_IT: 0,
      vaccine_end_day_complete_IT: 180,
      vaccine_start_day_booster_IT: 0,
      vaccine_end_day_booster_IT: 540,
      vaccine_start_day_complete_NOT_IT: 0,
      vaccine_end_day_complete_NOT_IT: 270,
      vaccine_start_day_booster_NOT_IT: 0,
      vaccine_end_day_booster_NOT_IT: 540,
      vaccine_end_day_complete_extended_EMA: 270,
      vaccine_end_day_complete_under_18: 540,
      vaccine_complete_under_18_offset: 0,
      vaccine_end_day_school: 120,
      recovery_cert_end_day_school: 120,
      recovery_cert_start_day: 0,
      recovery_cert_end_day: 180,
      recovery_cert_start_day_IT: 0,
      recovery_cert_end_day_IT: 180,
      recovery_cert_start_day_NOT_IT: 0,
      recovery_cert_end_day_NOT_IT: 180,
      recovery_pv_cert_start_day: 0,
      recovery_pv_cert_end_day: 540,
      rapid_test_start_hours: 0,
      rapid_test_end_hours: 48,
      molecular_test_start_hours: 0,
      molecular_test_end_hours: 72,
    } as const
    for (const [name, value] of Object.entries(expected)) {
      assert.equal(settings.genericNumber(name as keyof typeof expected), value, name)
    }
  })

  test('per-product numbers, matched by name and product', () => {
    const settings = fixtureSettings()
    const table: [string, number, number, number, number][] = [
      ['EU/1/20/1528', 15, 42, 0, 180],
      ['EU/1/20/1507', 15, 42, 0, 180],
      ['EU/1/21/1618', 15, 42, 0, 180],
      ['EU/1/21/1529', 15, 84, 0, 180],
      ['Covishield', 15, 84, 0, 180],
      ['R-COVI', 15, 84, 0, 180],
      ['Covid-19-recombinant', 15, 84, 0, 180],
      ['Sputnik-V', 15, 21, 0, 180],
      ['EU/1/20/1525', 15, 180, 15, 180],
    ]
    for (const [mp, startNotComplete, endNotComplete, startComplete, endComplete] of table) {
      assert.equal(settings.productNumber('vaccine_start_day_not_complete', mp), startNotComplete, mp)
      assert.equal(settings.productNumber('vaccine_end_day_not_complete', mp), endNotComplete, mp)
      assert.equal(settings.productNumber('vaccine_start_day_complete', mp), startComplete, mp)
      assert.equal(settings.productNumber('vaccine_end_day_complete', mp), endComplete, mp)
    }
    assert.throws(
      () => settings.productNumber('vaccine_end_day_not_complete', 'CVnCoV'),
      rulesError('SETTINGS_MISSING_KEY', (error) => error.key === 'vaccine_end_day_not_complete'),
    )
  })

  test('EMA_vaccines: the 8 products of the list', () => {
    assert.deepEqual(
      [...fixtureSettings().emaVaccines].sort(),
      [
        'Covid-19-recombinant',
        'Covishield',
        'EU/1/20/1507',
        'EU/1/20/1525',
        'EU/1/20/1528',
        'EU/1/21/1529',
        'EU/1/21/1618',
        'R-COVI',
      ].sort(),
    )
  })

  test('black_list_uvci: 1,994 UVCIs, the trailing ; yields no empty item', () => {
    const blackList = fixtureSettings().blackList
    assert.equal(blackList.size, 1994)
    assert.equal(blackList.has(''), false)
    assert.equal(blackList.has('URN:UVCI:01:FR:T5DWTJYS4ZR8#4'), true)
    assert.equal(blackList.has('URN:UVCI:01:FR:W7V2BE46QSBJ#L'), true)
  })

  test('the switches absent from the fixture take their defaults (§7.3)', () => {
    const settings = fixtureSettings()
    assert.equal(settings.drlSyncActive, true)
    assert.equal(settings.maxRetry, 1)
    assert.equal(settings.minSdkVersion, undefined)
    assert.equal(settings.value('android', 'APP_MIN_VERSION'), '1.2.9')
    assert.equal(settings.value('valid_faq_link'), 'https://www.dgc.gov.it/web/faq.html#verifica19')
  })
})

describe('parseSettings', () => {
  const row = (name: string, value: string, type = 'GENERIC') => ({ name, type, value })

  test('anything but an array → SETTINGS_INVALID', () => {
    for (const input of [undefined, null, {}, 'rows', 42]) {
      assert.throws(() => parseSettings(input), rulesError('SETTINGS_INVALID'))
    }
  })

  test('malformed rows → SETTINGS_INVALID listing every bad row', () => {
    const rows = [row('a', '1'), null, { name: 'b', type: 'GENERIC', value: 2 }, row('c', '3'), { name: 'd' }, []]
    assert.throws(
      () => parseSettings(rows),
      rulesError('SETTINGS_INVALID', (error) => {
        assert.deepEqual(
          error.badRows?.map(({ index }) => index),
          [1, 2, 4, 5],
        )
        assert.match(error.message, /#2: value not a string/)
        assert.match(error.message, /#4: type, value not a string/)
        return true
      }),
    )
  })

  test('extra properties of a row are ignored; an empty table parses', () => {
    const settings = parseSettings([{ _id: 'x', ...row('rapid_test_end_hours', '48') }])
    assert.equal(settings.genericNumber('rapid_test_end_hours'), 48)
    assert.deepEqual(settings.rows, [row('rapid_test_end_hours', '48')])
    assert.equal(parseSettings([]).rows.length, 0)
  })

  test('generic numbers are matched by name and type GENERIC', () => {
    const settings = parseSettings([row('rapid_test_end_hours', '48', 'IT')])
    assert.throws(
      () => settings.genericNumber('rapid_test_end_hours'),
      rulesError('SETTINGS_MISSING_KEY', (error) => error.key === 'rapid_test_end_hours'),
    )
  })

  test('a missing key is SETTINGS_MISSING_KEY naming it, never 0', () => {
    const settings = parseSettings([row('rapid_test_start_hours', '0')])
    assert.equal(settings.genericNumber('rapid_test_start_hours'), 0)
    assert.throws(
      () => settings.genericNumber('molecular_test_end_hours'),
      rulesError('SETTINGS_MISSING_KEY', (error) => /molecular_test_end_hours/.test(error.message)),
    )
    assert.throws(
      () => settings.emaVaccines,
      rulesError('SETTINGS_MISSING_KEY', (error) => error.key === 'EMA_vaccines'),
    )
    assert.throws(
      () => settings.blackList,
      rulesError('SETTINGS_MISSING_KEY', (error) => error.key === 'black_list_uvci'),
    )
  })

  test('numbers must be whole', () => {
    for (const value of ['', 'abc', '1.5', '1e3', '0x10', '12 days']) {
      const settings = parseSettings([row('rapid_test_end_hours', value)])
      assert.throws(
        () => settings.genericNumber('rapid_test_end_hours'),
        rulesError('SETTINGS_INVALID', (error) => error.key === 'rapid_test_end_hours'),
        JSON.stringify(value),
      )
    }
    assert.equal(parseSettings([row('rapid_test_end_hours', ' 36 ')]).genericNumber('rapid_test_end_hours'), 36)
    assert.equal(parseSettings([row('rapid_test_start_hours', '-2')]).genericNumber('rapid_test_start_hours'), -2)
  })

  test('the first row of a name and type wins, as in the reference', () => {
    const settings = parseSettings([row('rapid_test_end_hours', '48'), row('rapid_test_end_hours', '24')])
    assert.equal(settings.genericNumber('rapid_test_end_hours'), 48)
  })

  test('lists split on ;, ignoring empty items and surrounding blanks', () => {
    const settings = parseSettings([
      row('EMA_vaccines', 'A;;B ; C;'),
      { name: 'black_list_uvci', type: 'black_list_uvci', value: ';X#1;;Y#2;' },
    ])
    assert.deepEqual([...settings.emaVaccines], ['A', 'B', 'C'])
    assert.deepEqual([...settings.blackList], ['X#1', 'Y#2'])
    const empty = parseSettings([{ name: 'black_list_uvci', type: 'black_list_uvci', value: '' }])
    assert.equal(empty.blackList.size, 0)
  })

  test('DRL_SYNC_ACTIVE, MAX_RETRY and sdk are found by name whatever their type', () => {
    const settings = parseSettings([
      row('DRL_SYNC_ACTIVE', 'FALSE', 'APP'),
      row('MAX_RETRY', '3'),
      row('sdk', '1.1.12', 'X'),
    ])
    assert.equal(settings.drlSyncActive, false)
    assert.equal(settings.maxRetry, 3)
    assert.equal(settings.minSdkVersion, '1.1.12')
    assert.equal(parseSettings([row('DRL_SYNC_ACTIVE', 'true')]).drlSyncActive, true)
  })

  test('a DRL_SYNC_ACTIVE or MAX_RETRY that cannot be read → SETTINGS_INVALID', () => {
    assert.throws(() => parseSettings([row('DRL_SYNC_ACTIVE', 'yes')]), rulesError('SETTINGS_INVALID'))
    assert.throws(() => parseSettings([row('MAX_RETRY', '-1')]), rulesError('SETTINGS_INVALID'))
    assert.throws(() => parseSettings([row('MAX_RETRY', 'many')]), rulesError('SETTINGS_INVALID'))
  })

  test('the parsed settings cannot be changed', () => {
    const settings = parseSettings([row('rapid_test_end_hours', '48')])
    assert.throws(() => {
      ;(settings as { maxRetry: number }).maxRetry = 5
    }, TypeError)
    assert.throws(() => {
      ;(settings.rows as unknown as unknown[]).push(row('x', '1'))
    }, TypeError)
  })
})
