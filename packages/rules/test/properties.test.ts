import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { isRulesError } from '../src/errors.ts'
import { ScanMode } from '../src/scan-mode.ts'
import { isReasonCode, Status } from '../src/status.ts'
import { applyItalianRules, type RulesResult } from '../src/validate.ts'
import { fixtureSettings, JANSSEN, MODERNA, PFIZER, SPUTNIK } from './support/fixtures.ts'

const MODES = Object.values(ScanMode)
const STATUSES: ReadonlySet<string> = new Set(Object.values(Status))

const mode = fc.constantFrom(...MODES)
const keyUsage = fc.oneof(
  fc.constant('any' as const),
  fc.subarray(['t', 'v', 'r'] as ('t' | 'v' | 'r')[]).map((types) => new Set(types)),
)
const instant = fc.date({
  min: new Date('2020-06-01T00:00:00Z'),
  max: new Date('2025-12-31T00:00:00Z'),
  noInvalidDate: true,
})
const isoDay = instant.map((date) => date.toISOString().slice(0, 10))
const offset = fc.constantFrom('Z', '+01:00', '+0200', '-05:00', '', '+02')
const sampleTime = fc
  .tuple(instant, offset, fc.boolean())
  .map(([date, zone, seconds]) => `${date.toISOString().slice(0, seconds ? 19 : 16)}${zone}`)
const country = fc.constantFrom('IT', 'SM', 'DE', 'FR', 'RU')
const uvci = fc.constantFrom('URN:UVCI:01:IT:PROPERTY#1', '01IT0000000000000000000000000000000A#1')
const dob = fc.oneof(
  isoDay.map((day) => day.replace(/^20/, '19')),
  fc.constantFrom('1970', '1999-07', '1970-00-00', '', 'x'),
)

const vaccinationEntry = fc.record({
  tg: fc.constant('840539006'),
  mp: fc.constantFrom(PFIZER, MODERNA, JANSSEN, SPUTNIK, 'EU/1/21/1529', 'CVnCoV', 'Covishield'),
  dn: fc.integer({ min: 1, max: 4 }),
  sd: fc.integer({ min: 1, max: 3 }),
  dt: isoDay,
  co: country,
  ci: uvci,
})
const recoveryEntry = fc.record({
  tg: fc.constant('840539006'),
  fr: isoDay,
  df: isoDay,
  du: isoDay,
  co: country,
  ci: uvci,
})
const testEntry = fc.record({
  tg: fc.constant('840539006'),
  tt: fc.constantFrom('LP6464-4', 'LP217198-3'),
  tr: fc.constantFrom('260415000', '260373001'),
  sc: sampleTime,
  co: country,
  ci: uvci,
})
const exemptionEntry = fc.record(
  { tg: fc.constant('840539006'), df: isoDay, du: isoDay, co: country, ci: uvci },
  { requiredKeys: ['tg', 'df', 'co', 'ci'] },
)

/** Plausible certificates with one group, of every type. */
const certificate = fc.oneof(
  fc.tuple(dob, fc.array(vaccinationEntry, { minLength: 1, maxLength: 3 })).map(([birth, v]) => ({ dob: birth, v })),
  fc.tuple(dob, fc.array(recoveryEntry, { minLength: 1, maxLength: 2 })).map(([birth, r]) => ({ dob: birth, r })),
  fc.tuple(dob, fc.array(testEntry, { minLength: 1, maxLength: 2 })).map(([birth, t]) => ({ dob: birth, t })),
  fc.tuple(dob, fc.array(exemptionEntry, { minLength: 1, maxLength: 2 })).map(([birth, e]) => ({ dob: birth, e })),
)

/** Anything: random JSON, and certificates whose fields hold random values. */
const anyEntry = fc.dictionary(
  fc.constantFrom('tg', 'mp', 'dn', 'sd', 'dt', 'co', 'ci', 'fr', 'df', 'du', 'tt', 'tr', 'sc', 'is'),
  fc.oneof(fc.anything(), fc.string(), fc.integer(), isoDay, sampleTime),
)
const anyPayload = fc.oneof(
  fc.anything(),
  fc.dictionary(fc.constantFrom('v', 'r', 't', 'e', 'dob', 'nam', 'ver'), fc.oneof(fc.anything(), fc.array(anyEntry))),
  certificate,
)

function assertWellFormed(result: RulesResult): void {
  assert.ok(STATUSES.has(result.status), result.status)
  assert.ok(isReasonCode(result.reason), result.reason)
  assert.equal(typeof result.uvci, 'string')
  assert.ok([null, 'vaccination', 'recovery', 'test', 'exemption'].includes(result.certificateType))
}

describe('properties of applyItalianRules', () => {
  const settings = fixtureSettings()

  test('never throws anything but RulesError, and always answers with a known status and reason', () => {
    fc.assert(
      fc.property(anyPayload, mode, fc.option(mode), keyUsage, instant, (dcc, scanMode, previousMode, usage, at) => {
        try {
          const result = applyItalianRules({
            dcc: dcc as Record<string, unknown>,
            keyUsage: usage,
            settings,
            at,
            mode: scanMode,
            previousMode: previousMode ?? undefined,
            isRevoked: (hash) => hash.endsWith('A='),
          })
          assertWellFormed(result)
        } catch (error) {
          if (!isRulesError(error)) throw error
        }
      }),
      { numRuns: 2000 },
    )
  })

  test('windows are monotonic: once EXPIRED, always EXPIRED; NOT_VALID_YET only before anything else', () => {
    // WORK is left out: turning 50 switches it from the 3G to the 2G windows, which are longer for foreign
    // complete cycles, so EXPIRED can become TEST_NEEDED on the 50th birthday (the reference behaves the same).
    const monotonicMode = fc.constantFrom(...MODES.filter((m) => m !== ScanMode.WORK))
    fc.assert(
      fc.property(
        certificate,
        monotonicMode,
        fc.option(mode),
        keyUsage,
        instant,
        instant,
        (dcc, scanMode, previous, usage, a, b) => {
          const [earlier, later] = a <= b ? [a, b] : [b, a]
          const input = { dcc, keyUsage: usage, settings, mode: scanMode, previousMode: previous ?? undefined }
          const first = applyItalianRules({ ...input, at: earlier })
          const second = applyItalianRules({ ...input, at: later })
          if (first.status === Status.EXPIRED) assert.equal(second.status, Status.EXPIRED)
          if (second.status === Status.NOT_VALID_YET) assert.equal(first.status, Status.NOT_VALID_YET)
        },
      ),
      { numRuns: 2000 },
    )
  })

  test('the blacklist and the DRL win over every rule', () => {
    fc.assert(
      fc.property(certificate, mode, keyUsage, instant, (dcc, scanMode, usage, at) => {
        const blacklisted = JSON.parse(
          JSON.stringify(dcc)
            .replaceAll('URN:UVCI:01:IT:PROPERTY#1', 'URN:UVCI:01:FR:T5DWTJYS4ZR8#4')
            .replaceAll('01IT0000000000000000000000000000000A#1', 'URN:UVCI:01:FR:T5DWTJYS4ZR8#4'),
        )
        const input = { keyUsage: usage, settings, at, mode: scanMode }
        assert.equal(applyItalianRules({ ...input, dcc: blacklisted }).reason, 'BLACKLISTED')
        assert.equal(applyItalianRules({ ...input, dcc, isRevoked: () => true }).status, Status.REVOKED)
      }),
    )
  })
})
