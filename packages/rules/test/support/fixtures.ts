/**
 * Shared test helpers: the real settings fixture, certificate builders, and Europe/Rome wall-clock instants computed
 * independently of the code under test.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { applyItalianRules, type RulesInput, type RulesResult } from '../../src/validate.ts'
import { ScanMode } from '../../src/scan-mode.ts'
import { parseSettings, type SettingRow, type Settings } from '../../src/settings.ts'

// The repository root is three levels up from packages/rules/test (four from this support folder); shared/ sits
// beside it.
export const SHARED_TESTDATA = fileURLToPath(new URL('../../../../../shared/testdata/', import.meta.url))
export const SETTINGS_JSON = `${SHARED_TESTDATA}verificac19/responses/settings.json`

/** The rows of the real settings fixture. Fails (never skips) when the shared test data is missing. */
export function fixtureRows(): SettingRow[] {
  if (!existsSync(SETTINGS_JSON)) {
    throw new Error(
      `The settings fixture is missing at ${SETTINGS_JSON}: put the shared/ folder (../shared/testdata) beside the repository`,
    )
  }
  return JSON.parse(readFileSync(SETTINGS_JSON, 'utf8')) as SettingRow[]
}

let cached: Settings | undefined

/** The real settings fixture, parsed once. */
export function fixtureSettings(): Settings {
  cached ??= parseSettings(fixtureRows())
  return cached
}

/** The fixture with rows changed (matched by name, and type when given), added when absent, or removed. */
export function settingsWith(
  changes: readonly { name: string; type?: string; value: string }[] = [],
  removals: readonly { name: string; type?: string }[] = [],
): Settings {
  const matches = (row: SettingRow, target: { name: string; type?: string }) =>
    row.name === target.name && (target.type === undefined || row.type === target.type)
  let rows = fixtureRows().filter((row) => !removals.some((removal) => matches(row, removal)))
  for (const change of changes) {
    if (rows.some((row) => matches(row, change))) {
      rows = rows.map((row) => (matches(row, change) ? { ...row, value: change.value } : row))
    } else rows.push({ name: change.name, type: change.type ?? 'GENERIC', value: change.value })
  }
  return parseSettings(rows)
}

const ROME_WALL_CLOCK = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/**
 * The instant at which Rome's wall clock shows `local` (`YYYY-MM-DDTHH:MM[:SS[.mmm]]`): tries CET and CEST and keeps
 * the one the time-zone database agrees with. Throws for a time that does not exist (skipped by the spring change).
 */
export function rome(local: string): Date {
  const [date, time = '12:00'] = local.split('T')
  const [hm, fraction] = time.split('.')
  const full = `${date}T${hm!.length === 5 ? `${hm}:00` : hm}${fraction === undefined ? '' : `.${fraction}`}`
  for (const offset of ['+01:00', '+02:00']) {
    const instant = new Date(`${full}${offset}`)
    if (ROME_WALL_CLOCK.format(instant).replace(' ', 'T') === full.slice(0, 19)) return instant
  }
  throw new Error(`${local} does not exist in Europe/Rome`)
}

/** `date` (YYYY-MM-DD) plus `days`, as YYYY-MM-DD (plain UTC arithmetic, independent of the code under test). */
export function plusDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10)
}

/** The Rome instant `days` after `date`, at the given wall-clock time (noon by default). */
export function romeDayAfter(date: string, days: number, time = '12:00'): Date {
  return rome(`${plusDays(date, days)}T${time}`)
}

export const PFIZER = 'EU/1/20/1528'
export const MODERNA = 'EU/1/20/1507'
export const ASTRAZENECA = 'EU/1/21/1529'
export const JANSSEN = 'EU/1/20/1525'
export const SPUTNIK = 'Sputnik-V'

const PERSON = { nam: { fn: 'Rossi', fnt: 'ROSSI', gn: 'Maria', gnt: 'MARIA' }, dob: '1980-04-12', ver: '1.3.0' }

type Dcc = Record<string, unknown>
type Fields = Record<string, unknown>

export function vaccination(fields: Fields = {}, payload: Fields = {}): Dcc {
  const entry = {
    tg: '840539006',
    vp: '1119349007',
    mp: PFIZER,
    ma: 'ORG-100030215',
    dn: 2,
    sd: 2,
    dt: '2022-01-10',
    co: 'IT',
    is: 'Ministero della Salute',
    ci: 'URN:UVCI:01:IT:TESTVACCINATION#1',
    ...fields,
  }
  return { ...PERSON, v: [entry], ...payload }
}

export function recovery(fields: Fields = {}, payload: Fields = {}): Dcc {
  const entry = {
    tg: '840539006',
    fr: '2022-01-01',
    co: 'IT',
    is: 'Ministero della Salute',
    df: '2022-01-10',
    du: '2022-07-09',
    ci: 'URN:UVCI:01:IT:TESTRECOVERY#1',
    ...fields,
  }
  return { ...PERSON, r: [entry], ...payload }
}

export function test(fields: Fields = {}, payload: Fields = {}): Dcc {
  const entry = {
    tg: '840539006',
    tt: 'LP217198-3',
    ma: '1232',
    sc: '2022-01-10T10:00:00Z',
    tr: '260415000',
    tc: 'Farmacia',
    co: 'IT',
    is: 'Ministero della Salute',
    ci: 'URN:UVCI:01:IT:TESTTEST#1',
    ...fields,
  }
  return { ...PERSON, t: [entry], ...payload }
}

export function exemption(fields: Fields = {}, payload: Fields = {}): Dcc {
  const entry = {
    tg: '840539006',
    co: 'IT',
    is: 'Ministero della Salute',
    ci: 'URN:UVCI:01:IT:TESTEXEMPTION#1',
    df: '2022-01-10',
    du: '2022-06-30',
    ...fields,
  }
  return { ...PERSON, e: [entry], ...payload }
}

export type RunOptions = Partial<Omit<RulesInput, 'dcc'>>

/** The rules with the fixture settings, 3G, no DRL and a DSC without DCC key usage unless told otherwise. */
export function run(dcc: Dcc, options: RunOptions = {}): RulesResult {
  return applyItalianRules({
    dcc,
    keyUsage: 'any',
    settings: fixtureSettings(),
    at: rome('2022-03-01T12:00'),
    mode: ScanMode.BASE,
    ...options,
  })
}

/** `status/reason`, compact for table tests. */
export function verdict(dcc: Dcc, options: RunOptions = {}): string {
  const { status, reason } = run(dcc, options)
  return `${status}/${reason}`
}

/**
 * Asserts a day window in full: the last instant of the day before the start, the first instant of the start day,
 * the end day from 00:00 to 23:59:59.999 (Rome), and the first instant of the day after. `inside` is the expected
 * `status/reason` inside the window.
 */
export function assertDayWindow(
  dcc: Dcc,
  from: string,
  startDays: number,
  endDays: number,
  inside: string,
  options: RunOptions = {},
): void {
  const cases: [Date, string, string][] = [
    [romeDayAfter(from, startDays - 1, '23:59:59.999'), 'NOT_VALID_YET/WINDOW_NOT_STARTED', 'last instant before'],
    [romeDayAfter(from, startDays, '00:00'), inside, 'start day 00:00'],
    [romeDayAfter(from, startDays, '12:00'), inside, 'start day noon'],
    [romeDayAfter(from, endDays, '00:00'), inside, 'end day 00:00'],
    [romeDayAfter(from, endDays, '12:00'), inside, 'end day noon'],
    [romeDayAfter(from, endDays, '23:59:59.999'), inside, 'end day 23:59:59.999'],
    [romeDayAfter(from, endDays + 1, '00:00'), 'EXPIRED/WINDOW_ENDED', 'day after 00:00'],
  ]
  for (const [at, expected, label] of cases) {
    assert.equal(verdict(dcc, { ...options, at }), expected, `${label} (${at.toISOString()})`)
  }
}
