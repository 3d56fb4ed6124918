import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { HcertErrorCode } from '@greenpass/hcert'
import { isRulesError } from '../src/errors.ts'
import { uvciHash } from '../src/revocation.ts'
import { ScanMode } from '../src/scan-mode.ts'
import { preconditionUvci, selectEntry } from '../src/selection.ts'
import { applyItalianRules, failedVerificationResult, verificationFailureReason } from '../src/validate.ts'
import {
  exemption,
  fixtureSettings,
  JANSSEN,
  recovery,
  rome,
  romeDayAfter,
  run,
  type RunOptions,
  settingsWith,
  test as testCertificate,
  vaccination,
  verdict,
} from './support/fixtures.ts'

const AT = rome('2022-03-01T12:00')
const BLACKLISTED_FR = 'URN:UVCI:01:FR:T5DWTJYS4ZR8#4'
const BLACKLISTED_IT = '01IT8523A6CADC834919A5214EA30779372D#1'

describe('uvciHash (§9.1)', () => {
  test('the test vector', () => assert.equal(uvciHash('Hello!'), 'M00Bb3Vc1txYxTqG4YOIL47BT1L7BTRYh8il7dQsh7c='))
  test('SHA-256 over the exact UTF-8 text, base64 with padding', () => {
    assert.equal(uvciHash('URN:UVCI:01:IT:TESTVACCINATION#1'), '/KsSqu0v0LYJ6GBLnUvnO+perZZyy09VZ1I264Gyzww=')
    assert.equal(uvciHash('URN:UVCI:01:IT:ÄÖ#1'), 'FQeVz4AikmLT3yrMt8pssZIZFUW+okIwKYHRNIZnQ0k=')
    assert.equal(uvciHash('01ITE7300E1AB2A84C719004F103DCB1F70A#6'), 'DyJmCv7CNbMRx3IA0WIvtERL+QWlBpPDt96ehUXBnso=')
    assert.notEqual(uvciHash('URN:UVCI:01:IT:TESTVACCINATION#1 '), uvciHash('URN:UVCI:01:IT:TESTVACCINATION#1'))
    assert.equal(uvciHash('').length, 44)
  })
})

describe('precondition 1: an empty identifier → NOT_EU_DCC (§3.4)', () => {
  test('no group at all', () => {
    for (const dcc of [{}, { ver: '1.3.0', nam: {}, dob: '' }, { v: [] }, { v: {} }, { t: 'x', e: null }]) {
      assert.deepEqual(run(dcc), { status: 'NOT_EU_DCC', reason: 'UVCI_EMPTY', certificateType: null, uvci: '' })
    }
  })

  test('an empty, missing or non-string ci', () => {
    for (const ci of ['', undefined, null, 42]) {
      const result = run(vaccination({ ci }))
      assert.deepEqual(result, { status: 'NOT_EU_DCC', reason: 'UVCI_EMPTY', certificateType: 'vaccination', uvci: '' })
    }
    assert.equal(verdict(exemption({ ci: '' })), 'NOT_EU_DCC/UVCI_EMPTY')
    assert.equal(verdict(recovery({ ci: '' })), 'NOT_EU_DCC/UVCI_EMPTY')
    assert.equal(verdict(testCertificate({ ci: '' })), 'NOT_EU_DCC/UVCI_EMPTY')
  })

  test('the identifier is e[0].ci if there is an exemption, else v[0], t[0], r[0]', () => {
    const v = vaccination({ ci: 'V' }).v
    const t = testCertificate({ ci: 'T' }).t
    const r = recovery({ ci: 'R' }).r
    const e = exemption({ ci: 'E' }).e
    assert.equal(preconditionUvci({ v, t, r, e }), 'E')
    assert.equal(preconditionUvci({ v, t, r }), 'V')
    assert.equal(preconditionUvci({ t, r }), 'T')
    assert.equal(preconditionUvci({ r }), 'R')
    assert.equal(preconditionUvci({ v: [], r }), 'R')
    // An exemption with an empty identifier ends at precondition 1 even beside a vaccination.
    assert.equal(verdict({ v, e: exemption({ ci: '' }).e }), 'NOT_EU_DCC/UVCI_EMPTY')
  })

  test('the identifier is the first entry’s, the entry judged is the last vaccination', () => {
    const [first] = vaccination({ ci: 'FIRST', dn: 1, sd: 2, dt: '2021-01-01' }).v as object[]
    const [last] = vaccination({ ci: 'LAST', dn: 3, sd: 3, dt: '2022-01-10' }).v as object[]
    const result = run({ ...vaccination(), v: [first, last] })
    assert.deepEqual(result, {
      status: 'VALID',
      reason: 'WITHIN_WINDOW',
      certificateType: 'vaccination',
      uvci: 'FIRST',
    })
  })
})

describe('group selection (§3.5): v → r → t → e', () => {
  const v = vaccination().v
  const r = recovery().r
  const t = testCertificate().t
  const e = exemption().e
  test('the first group present decides', () => {
    assert.equal(selectEntry({ v, r, t, e })?.type, 'vaccination')
    assert.equal(selectEntry({ r, t, e })?.type, 'recovery')
    assert.equal(selectEntry({ t, e })?.type, 'test')
    assert.equal(selectEntry({ e })?.type, 'exemption')
    assert.equal(selectEntry({ v: [], t })?.type, 'test')
    assert.equal(selectEntry({}), undefined)
  })
  test('a recovery beside a test is judged as a recovery, with the test’s identifier', () => {
    const result = run({ r, t })
    assert.equal(result.certificateType, 'recovery')
    assert.equal(result.uvci, 'URN:UVCI:01:IT:TESTTEST#1')
  })
  test('the result names the type and identifier', () => {
    for (const [dcc, type] of [
      [vaccination(), 'vaccination'],
      [recovery(), 'recovery'],
      [testCertificate(), 'test'],
      [exemption(), 'exemption'],
    ] as const) {
      const result = run(dcc)
      assert.equal(result.certificateType, type)
      assert.match(result.uvci, /^URN:UVCI:01:IT:TEST/)
    }
  })
})

describe('precondition 3: the blacklist → NOT_VALID, not REVOKED (§3.4, §10 item 7)', () => {
  test('blacklisted UVCIs of the fixture', () => {
    assert.equal(verdict(vaccination({ ci: BLACKLISTED_FR, co: 'FR', dt: '2021-10-01' })), 'NOT_VALID/BLACKLISTED')
    assert.equal(verdict(vaccination({ ci: BLACKLISTED_IT })), 'NOT_VALID/BLACKLISTED')
    assert.equal(verdict(vaccination({ ci: 'URN:UVCI:01:FR:W7V2BE46QSBJ#L' })), 'NOT_VALID/BLACKLISTED')
  })

  test('exact, case-sensitive matching', () => {
    assert.equal(verdict(vaccination({ ci: BLACKLISTED_FR.toLowerCase() })), 'VALID/WITHIN_WINDOW')
    assert.equal(verdict(vaccination({ ci: `${BLACKLISTED_IT} ` })), 'VALID/WITHIN_WINDOW')
    assert.equal(verdict(vaccination({ ci: BLACKLISTED_IT.slice(0, -1) })), 'VALID/WITHIN_WINDOW')
  })

  test('checked before the DRL and before any rule', () => {
    const options: RunOptions = { isRevoked: () => true, at: rome('2030-01-01T12:00') }
    assert.equal(verdict(vaccination({ ci: BLACKLISTED_FR }), options), 'NOT_VALID/BLACKLISTED')
    assert.equal(verdict(testCertificate({ ci: BLACKLISTED_FR, tr: '260373001' })), 'NOT_VALID/BLACKLISTED')
  })

  test('an exemption’s identifier is checked too', () => {
    assert.equal(verdict(exemption({ ci: BLACKLISTED_IT })), 'NOT_VALID/BLACKLISTED')
  })

  test('the blacklist comes from the settings', () => {
    const list = `${fixtureSettings().value('black_list_uvci')}URN:UVCI:01:IT:TESTVACCINATION#1;`
    const settings = settingsWith([{ name: 'black_list_uvci', value: list }])
    assert.equal(verdict(vaccination(), { settings }), 'NOT_VALID/BLACKLISTED')
    assert.equal(verdict(vaccination()), 'VALID/WITHIN_WINDOW')
  })
})

describe('precondition 4: the DRL → REVOKED (§3.4)', () => {
  test('the DRL is asked for base64(SHA-256(UVCI)) and decides REVOKED', () => {
    const asked: string[] = []
    const revoked = new Set([uvciHash('URN:UVCI:01:IT:TESTVACCINATION#1')])
    const isRevoked = (hash: string) => (asked.push(hash), revoked.has(hash))
    assert.deepEqual(run(vaccination(), { isRevoked }), {
      status: 'REVOKED',
      reason: 'REVOKED',
      certificateType: 'vaccination',
      uvci: 'URN:UVCI:01:IT:TESTVACCINATION#1',
    })
    assert.deepEqual(asked, ['/KsSqu0v0LYJ6GBLnUvnO+perZZyy09VZ1I264Gyzww='])
    assert.equal(verdict(vaccination({ ci: 'URN:UVCI:01:IT:OTHER#1' }), { isRevoked }), 'VALID/WITHIN_WINDOW')
  })

  test('before the rules: an expired revoked certificate is REVOKED', () => {
    const isRevoked = () => true
    assert.equal(verdict(vaccination(), { isRevoked, at: rome('2030-01-01T12:00') }), 'REVOKED/REVOKED')
    assert.equal(verdict(testCertificate({ tr: '260373001' }), { isRevoked }), 'REVOKED/REVOKED')
  })

  test('an exemption’s identifier is checked too', () => {
    const isRevoked = (hash: string) => hash === uvciHash('URN:UVCI:01:IT:TESTEXEMPTION#1')
    assert.equal(verdict(exemption(), { isRevoked }), 'REVOKED/REVOKED')
  })

  test('DRL_SYNC_ACTIVE false → no revocation check; absent → checked', () => {
    const isRevoked = () => assert.fail('the DRL must not be consulted')
    const off = settingsWith([{ name: 'DRL_SYNC_ACTIVE', value: 'false' }])
    assert.equal(verdict(vaccination(), { isRevoked, settings: off }), 'VALID/WITHIN_WINDOW')
    const on = settingsWith([{ name: 'DRL_SYNC_ACTIVE', value: 'true' }])
    assert.equal(verdict(vaccination(), { isRevoked: () => true, settings: on }), 'REVOKED/REVOKED')
    assert.equal(verdict(vaccination(), { isRevoked: () => true }), 'REVOKED/REVOKED')
  })

  test('no DRL given → no check', () => {
    assert.equal(verdict(vaccination()), 'VALID/WITHIN_WINDOW')
  })
})

describe('precondition 2: failed verification (§3.4)', () => {
  test('NOT_VALID when decoded, NOT_EU_DCC when not', () => {
    assert.deepEqual(failedVerificationResult(true, 'SIGNATURE'), {
      status: 'NOT_VALID',
      reason: 'SIGNATURE',
      certificateType: null,
      uvci: '',
    })
    assert.deepEqual(failedVerificationResult(false, 'DECODE'), {
      status: 'NOT_EU_DCC',
      reason: 'DECODE',
      certificateType: null,
      uvci: '',
    })
  })

  test('hcert error codes are mapped to reasons', () => {
    const expected: Record<HcertErrorCode, string> = {
      HC1_PREFIX: 'DECODE',
      BASE45: 'DECODE',
      ZLIB: 'DECODE',
      ZLIB_TOO_LARGE: 'DECODE',
      CBOR: 'DECODE',
      COSE: 'DECODE',
      COSE_ALG: 'SIGNATURE',
      CWT: 'DECODE',
      CWT_EXPIRED: 'CWT_EXPIRED',
      CWT_NOT_YET_VALID: 'CWT_NOT_YET_VALID',
      KID: 'KID_UNKNOWN',
      KID_UNKNOWN: 'KID_UNKNOWN',
      SIGNATURE: 'SIGNATURE',
      KEY_USAGE: 'KEY_USAGE',
      KEY: 'SIGNATURE',
      SCHEMA: 'SCHEMA',
      UVCI: 'DECODE',
      QR_RENDER: 'DECODE',
      QR_READ: 'DECODE',
    }
    for (const [code, reason] of Object.entries(expected) as [HcertErrorCode, string][]) {
      assert.equal(verificationFailureReason(code), reason, code)
      assert.equal(failedVerificationResult(true, code).reason, reason, code)
    }
    assert.equal(failedVerificationResult(true, 'BASE45').status, 'NOT_VALID')
  })
})

describe('refusals: RulesError, never a status', () => {
  const input = { dcc: vaccination(), keyUsage: 'any' as const, settings: fixtureSettings(), at: AT }
  test('an unknown scan mode (aliases are for parseScanMode)', () => {
    for (const mode of ['BASE', '3g', '', 'FOO']) {
      assert.throws(
        () => applyItalianRules({ ...input, mode: mode as ScanMode }),
        (error: unknown) => isRulesError(error, 'SCAN_MODE_UNKNOWN'),
      )
    }
    assert.throws(
      () => applyItalianRules({ ...input, mode: ScanMode.DOUBLE_SCAN, previousMode: 'RSA' as ScanMode }),
      (error: unknown) => isRulesError(error, 'SCAN_MODE_UNKNOWN'),
    )
  })
  test('an invalid instant', () => {
    assert.throws(
      () => applyItalianRules({ ...input, mode: ScanMode.BASE, at: new Date(Number.NaN) }),
      (error: unknown) => isRulesError(error, 'INSTANT_INVALID'),
    )
  })
})

describe('missing settings keys → SETTINGS_MISSING_KEY naming the key, never a silent 0 (§10 item 11)', () => {
  const bis: ReadonlySet<'t' | 'v' | 'r'> = new Set(['r'])
  const sc = '2022-01-10T10:00:00Z'
  const testAt = new Date('2022-01-10T12:00:00Z')
  const dt = '2022-01-10'
  const noon = romeDayAfter(dt, 30)
  type Case = [ScanMode, Record<string, unknown>, RunOptions, string, string?]
  const cases: Case[] = [
    // Every mode reads the blacklist and (for vaccinations) the EMA list.
    [ScanMode.BASE, testCertificate({ sc }), { at: testAt }, 'black_list_uvci'],
    [ScanMode.BASE, vaccination(), { at: noon }, 'EMA_vaccines'],
    [ScanMode.BASE, vaccination({ dn: 1, sd: 2 }), { at: noon }, 'vaccine_start_day_not_complete', 'EU/1/20/1528'],
    [ScanMode.BASE, vaccination({ dn: 1, sd: 2 }), { at: noon }, 'vaccine_end_day_not_complete', 'EU/1/20/1528'],
    [ScanMode.BASE, vaccination(), { at: noon }, 'vaccine_start_day_complete_IT'],
    [ScanMode.BASE, vaccination(), { at: noon }, 'vaccine_end_day_complete_IT'],
    [ScanMode.BASE, vaccination({ mp: JANSSEN, dn: 1, sd: 1 }), { at: noon }, 'vaccine_start_day_complete', JANSSEN],
    [ScanMode.BASE, vaccination({ dn: 3, sd: 3 }), { at: noon }, 'vaccine_start_day_booster_IT'],
    [ScanMode.BASE, vaccination({ dn: 3, sd: 3 }), { at: noon }, 'vaccine_end_day_booster_IT'],
    [ScanMode.BASE, recovery(), { at: noon }, 'recovery_cert_start_day_IT'],
    [ScanMode.BASE, recovery(), { at: noon }, 'recovery_cert_end_day_IT'],
    [ScanMode.BASE, recovery(), { at: noon, keyUsage: bis }, 'recovery_pv_cert_start_day'],
    [ScanMode.BASE, recovery(), { at: noon, keyUsage: bis }, 'recovery_pv_cert_end_day'],
    [ScanMode.BASE, testCertificate({ sc }), { at: testAt }, 'rapid_test_start_hours'],
    [ScanMode.BASE, testCertificate({ sc }), { at: testAt }, 'rapid_test_end_hours'],
    [ScanMode.BASE, testCertificate({ sc, tt: 'LP6464-4' }), { at: testAt }, 'molecular_test_start_hours'],
    [ScanMode.BASE, testCertificate({ sc, tt: 'LP6464-4' }), { at: testAt }, 'molecular_test_end_hours'],
    [ScanMode.STRENGTHENED, vaccination({ co: 'FR' }), { at: noon }, 'vaccine_end_day_complete_extended_EMA'],
    [ScanMode.STRENGTHENED, vaccination({ co: 'FR' }), { at: noon }, 'vaccine_end_day_complete_IT'],
    [ScanMode.STRENGTHENED, vaccination({ co: 'FR', dn: 3, sd: 3 }), { at: noon }, 'vaccine_end_day_booster_IT'],
    [ScanMode.STRENGTHENED, testCertificate({ sc }), { at: testAt }, 'rapid_test_end_hours'],
    [ScanMode.BOOSTER, vaccination(), { at: noon }, 'vaccine_end_day_complete_IT'],
    [ScanMode.BOOSTER, recovery(), { at: noon }, 'recovery_cert_end_day_IT'],
    [ScanMode.SCHOOL, vaccination(), { at: noon }, 'vaccine_end_day_school'],
    [ScanMode.SCHOOL, recovery(), { at: noon }, 'recovery_cert_end_day_school'],
    [ScanMode.SCHOOL, recovery(), { at: noon }, 'recovery_cert_start_day_IT'],
    [
      ScanMode.WORK,
      vaccination({ co: 'FR' }, { dob: '1950-01-01' }),
      { at: noon },
      'vaccine_end_day_complete_extended_EMA',
    ],
    [ScanMode.WORK, vaccination({}, { dob: '1990-01-01' }), { at: noon }, 'vaccine_end_day_complete_IT'],
    [ScanMode.ENTRY_ITALY, vaccination(), { at: noon }, 'vaccine_start_day_complete_NOT_IT'],
    [ScanMode.ENTRY_ITALY, vaccination(), { at: noon }, 'vaccine_end_day_complete_NOT_IT'],
    [ScanMode.ENTRY_ITALY, vaccination(), { at: noon }, 'vaccine_end_day_complete_under_18'],
    [ScanMode.ENTRY_ITALY, vaccination(), { at: noon }, 'vaccine_complete_under_18_offset'],
    [ScanMode.ENTRY_ITALY, vaccination({ dn: 3, sd: 3 }), { at: noon }, 'vaccine_start_day_booster_NOT_IT'],
    [ScanMode.ENTRY_ITALY, vaccination({ dn: 3, sd: 3 }), { at: noon }, 'vaccine_end_day_booster_NOT_IT'],
    [ScanMode.ENTRY_ITALY, recovery({ co: 'FR' }), { at: noon }, 'recovery_cert_start_day_NOT_IT'],
    [ScanMode.ENTRY_ITALY, recovery({ co: 'FR' }), { at: noon }, 'recovery_cert_end_day_NOT_IT'],
    [ScanMode.ENTRY_ITALY, recovery({ co: 'IT' }), { at: noon }, 'recovery_cert_end_day_IT'],
    [ScanMode.DOUBLE_SCAN, testCertificate({ sc, tt: 'LP6464-4' }), { at: testAt }, 'molecular_test_end_hours'],
    [
      ScanMode.DOUBLE_SCAN,
      testCertificate({ sc, tt: 'LP6464-4' }),
      { at: testAt, previousMode: ScanMode.BOOSTER },
      'rapid_test_end_hours',
    ],
  ]
  for (const [mode, dcc, options, name, type] of cases) {
    test(`${mode}: ${name}${type ? ` (${type})` : ''}`, () => {
      // With the key the certificate gets a status; without it, the rules refuse.
      assert.doesNotThrow(() => run(dcc, { ...options, mode }))
      const settings = settingsWith([], [{ name, type }])
      assert.throws(
        () => run(dcc, { ...options, mode, settings }),
        (error: unknown) => isRulesError(error, 'SETTINGS_MISSING_KEY') && error.key === name,
      )
    })
  }

  test('a key holding something other than a whole number → SETTINGS_INVALID naming it', () => {
    const settings = settingsWith([{ name: 'vaccine_end_day_complete_IT', value: 'one hundred' }])
    assert.throws(
      () => run(vaccination(), { settings }),
      (error: unknown) => isRulesError(error, 'SETTINGS_INVALID') && error.key === 'vaccine_end_day_complete_IT',
    )
  })
})
