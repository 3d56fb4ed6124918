import { RulesError } from './errors.ts'

/**
 * The scan modes of the Italian verifier (italian-verification-rules.md §5–6). Only `BASE` (3G) is still in force
 * (since January 2023); the others are kept to replay historical behaviour and because their settings keys are still
 * served. The values are the reference's identifiers, except BOOSTER (the Android SDK says `BOOSTED`, the Node SDK
 * and the issue say `BOOSTER`; both are accepted by `parseScanMode`).
 *
 * @example applyItalianRules({ ...input, mode: ScanMode.BASE })
 */
export const ScanMode = Object.freeze({
  /** 3G, "base": vaccination, recovery, test or exemption. */
  BASE: '3G',
  /** 2G, "rafforzata" / Super Green Pass (2021-12 → 2023-01): no tests; TEST_NEEDED for some foreign vaccinations. */
  STRENGTHENED: '2G',
  /** Visitors of care homes (2021-12 → 2023-01): booster, or a complete cycle/recovery plus a test. */
  BOOSTER: 'BOOSTER',
  /** Schools with positive cases (2022-02 → 2022-03): shorter windows, no tests. */
  SCHOOL: 'SCHOOL',
  /** Workplaces (2022-02 → 2022-03): 2G rules from age 50, 3G below. */
  WORK: 'WORK',
  /** Entry into Italy (2022-02 → 2022-06): the foreign (`NOT_IT`) windows, the under-18 rule, no exemptions. */
  ENTRY_ITALY: 'ENTRY_ITALY',
  /** The follow-up scan of a test after a TEST_NEEDED in BOOSTER mode: only tests are accepted. */
  DOUBLE_SCAN: 'DOUBLE_SCAN',
})

export type ScanMode = (typeof ScanMode)[keyof typeof ScanMode]

const BY_NAME: ReadonlyMap<string, ScanMode> = new Map<string, ScanMode>([
  ['3G', ScanMode.BASE],
  ['BASE', ScanMode.BASE],
  ['2G', ScanMode.STRENGTHENED],
  ['RAFFORZATA', ScanMode.STRENGTHENED],
  ['BOOSTER', ScanMode.BOOSTER],
  // The Android SDK's identifier for the same mode.
  ['BOOSTED', ScanMode.BOOSTER],
  ['SCHOOL', ScanMode.SCHOOL],
  ['WORK', ScanMode.WORK],
  ['ENTRY_ITALY', ScanMode.ENTRY_ITALY],
  ['DOUBLE_SCAN', ScanMode.DOUBLE_SCAN],
])
const SCAN_MODE_NAMES = [...BY_NAME.keys()].join(', ')
const MODES: ReadonlySet<string> = new Set(Object.values(ScanMode))

/**
 * The scan mode named by `text`: one of `3G 2G BOOSTER SCHOOL WORK ENTRY_ITALY DOUBLE_SCAN`, or the aliases `BASE`
 * (3G), `RAFFORZATA` (2G), `BOOSTED` (BOOSTER), in any letter case. Anything else is
 * `RulesError('SCAN_MODE_UNKNOWN')`.
 *
 * @example parseScanMode('rafforzata') // '2G'
 */
export function parseScanMode(text: string): ScanMode {
  const mode = BY_NAME.get(String(text).trim().toUpperCase())
  if (mode === undefined) {
    throw new RulesError(
      'SCAN_MODE_UNKNOWN',
      `Unknown scan mode ${JSON.stringify(text)}: use one of ${SCAN_MODE_NAMES}`,
    )
  }
  return mode
}

/** Whether `value` is one of the `ScanMode` values (not an alias). */
export function isScanMode(value: unknown): value is ScanMode {
  return typeof value === 'string' && MODES.has(value)
}
