import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { requiredModeOn, ScanMode } from '@greenpass/rules'
import { activitiesOn, modeInForce, modesOn, romeDayText } from '../../src/mode-choice.ts'

describe('what is being checked: scan modes and activities by day', () => {
  it('offers every historical mode only within its lifetime, and only BASE since 2023-01-24', () => {
    assert.deepEqual(modesOn('2021-11-30'), [ScanMode.BASE])
    assert.deepEqual(modesOn('2022-03-10'), ['3G', '2G', 'BOOSTER', 'SCHOOL', 'WORK', 'ENTRY_ITALY'])
    assert.deepEqual(modesOn('2022-03-28'), ['3G', '2G', 'BOOSTER', 'SCHOOL', 'ENTRY_ITALY'])
    assert.deepEqual(modesOn('2022-06-12'), ['3G', '2G', 'BOOSTER', 'ENTRY_ITALY'])
    assert.deepEqual(modesOn('2022-06-13'), ['3G', '2G', 'BOOSTER'])
    assert.deepEqual(modesOn('2023-01-23'), ['3G', '2G', 'BOOSTER'])
    assert.deepEqual(modesOn('2023-01-24'), [ScanMode.BASE])
    assert.deepEqual(modesOn('2026-11-23'), [ScanMode.BASE])
    assert.equal(modeInForce(ScanMode.DOUBLE_SCAN, '2022-03-01'), false)
    assert.equal(modeInForce(ScanMode.DOUBLE_SCAN, '2022-03-02'), true)
  })

  it('picks the mode the table requires for an activity, before and after the end of its rule', () => {
    const mode = (id: string, day: string) => activitiesOn(day).find((choice) => choice.id === id)?.mode
    // Long-distance transport: 2G (rafforzata) from 2022-01-10 …
    assert.equal(mode('transport.long-distance', '2022-01-10'), requiredModeOn('transport.long-distance', '2022-01-10'))
    assert.equal(mode('transport.long-distance', '2022-01-10'), ScanMode.STRENGTHENED)
    // … and no certificate at all once its rules had ended.
    assert.equal(mode('transport.long-distance', '2022-12-31'), undefined)
    // Care-home visits: BOOSTER until 2022-12-31, nothing after.
    assert.equal(mode('health.care-home-visits', '2022-12-31'), ScanMode.BOOSTER)
    assert.equal(mode('health.care-home-visits', '2023-01-01'), undefined)
    assert.deepEqual(activitiesOn('2026-11-23'), [])
  })

  it('never offers an activity whose mode is no longer in force, whatever the table says', () => {
    for (const day of ['2021-08-06', '2021-12-06', '2022-02-15', '2022-04-01', '2022-10-01', '2023-06-01']) {
      for (const choice of activitiesOn(day)) assert.ok(modeInForce(choice.mode, day), `${choice.id} on ${day}`)
    }
  })

  it('keys both tables by the Europe/Rome day', () => {
    assert.equal(romeDayText(new Date('2023-01-23T23:30:00Z')), '2023-01-24')
    assert.equal(romeDayText(new Date('2022-06-30T21:59:00Z')), '2022-06-30')
  })
})
