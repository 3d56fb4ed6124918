import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { isRecoveryBis } from '../src/recovery.ts'
import { ScanMode } from '../src/scan-mode.ts'
import { assertDayWindow, recovery, romeDayAfter, settingsWith, verdict } from './support/fixtures.ts'

const DF = '2022-01-10'
const VALID = 'VALID/WITHIN_WINDOW'
const RECOVERY_KEY_USAGE: ReadonlySet<'t' | 'v' | 'r'> = new Set(['r'])

describe('recovery bis detection (§5.2)', () => {
  test('the DSC has the recovery key usage and co = IT', () => {
    assert.equal(isRecoveryBis(new Set(['r']), 'IT'), true)
    assert.equal(isRecoveryBis(new Set(['v', 't', 'r']), 'IT'), true)
  })
  test('not with a foreign co, even when signed by a recovery DSC (the documentation, not the dead code)', () => {
    assert.equal(isRecoveryBis(new Set(['r']), 'DE'), false)
    assert.equal(isRecoveryBis(new Set(['r']), 'SM'), false)
    assert.equal(isRecoveryBis(new Set(['r']), undefined), false)
  })
  test('not when the DSC has no recovery key usage, or no DCC key usage at all', () => {
    assert.equal(isRecoveryBis(new Set(['v']), 'IT'), false)
    assert.equal(isRecoveryBis(new Set(['t', 'v']), 'IT'), false)
    assert.equal(isRecoveryBis(new Set(), 'IT'), false)
    assert.equal(isRecoveryBis('any', 'IT'), false)
  })
})

describe('3G recovery windows (§5.2)', () => {
  test('an ordinary recovery: df + 0 … df + 180', () => {
    assertDayWindow(recovery(), DF, 0, 180, VALID)
  })

  test('a foreign recovery: the same IT keys', () => {
    assertDayWindow(recovery({ co: 'DE' }), DF, 0, 180, VALID)
    assertDayWindow(recovery({ co: 'DE' }), DF, 0, 180, VALID, { keyUsage: RECOVERY_KEY_USAGE })
  })

  test('a recovery bis: df + 0 … df + 540', () => {
    assertDayWindow(recovery(), DF, 0, 540, VALID, { keyUsage: RECOVERY_KEY_USAGE })
  })

  test('the Italian recovery DSC with a foreign co is not a bis', () => {
    assert.equal(
      verdict(recovery({ co: 'FR' }), { keyUsage: RECOVERY_KEY_USAGE, at: romeDayAfter(DF, 200) }),
      'EXPIRED/WINDOW_ENDED',
    )
  })

  test('du is ignored: a foreign certificate with du = df + 30 is valid for 180 days', () => {
    const dcc = recovery({ co: 'DE', du: '2022-02-09' })
    assertDayWindow(dcc, DF, 0, 180, VALID)
    for (const du of ['', 'garbage', undefined, '2021-01-01']) {
      assert.equal(verdict(recovery({ du }), { at: romeDayAfter(DF, 100) }), VALID, String(du))
    }
  })

  test('fr is ignored outside SCHOOL mode, even unreadable', () => {
    for (const fr of ['2020-01-01', '', 'garbage', undefined]) {
      assertDayWindow(recovery({ fr }), DF, 0, 180, VALID)
    }
  })

  test('df with a time part is the date', () => {
    assertDayWindow(recovery({ df: '2022-01-10T22:00:00Z' }), DF, 0, 180, VALID)
  })

  test('an unreadable df → NOT_VALID', () => {
    for (const df of ['', '2022-13-01', 'soon', undefined, null]) {
      assert.equal(verdict(recovery({ df })), 'NOT_VALID/DATE_INVALID', String(df))
    }
  })

  test('the first recovery entry decides (§3.5)', () => {
    const [recent] = recovery({ df: '2022-02-20' }).r as object[]
    const [old] = recovery({ df: '2021-01-01' }).r as object[]
    const at = romeDayAfter('2022-02-20', 10)
    assert.equal(verdict({ ...recovery(), r: [recent, old] }, { at }), VALID)
    assert.equal(verdict({ ...recovery(), r: [old, recent] }, { at }), 'EXPIRED/WINDOW_ENDED')
  })

  test('the windows come from the settings', () => {
    const settings = settingsWith([
      { name: 'recovery_cert_start_day_IT', value: '2' },
      { name: 'recovery_cert_end_day_IT', value: '90' },
      { name: 'recovery_pv_cert_end_day', value: '365' },
    ])
    assertDayWindow(recovery(), DF, 2, 90, VALID, { settings })
    assertDayWindow(recovery(), DF, 0, 365, VALID, { settings, keyUsage: RECOVERY_KEY_USAGE })
    // The pre-February-2022 generic keys are not read any more.
    const legacy = settingsWith([{ name: 'recovery_cert_end_day', value: '10' }])
    assertDayWindow(recovery(), DF, 0, 180, VALID, { settings: legacy, mode: ScanMode.BASE })
  })
})
