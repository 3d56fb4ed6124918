/**
 * The rules for a test entry (`t.first()`): §5.3, and the test rows of the historical modes (§6).
 *
 * Test windows are hours from the sample collection time `sc`, compared as **instants** with the offset applied
 * (the reference drops the offset and compares wall-clock times, which skews around DST and for foreign tests; §11).
 */
import { parseInstant } from './calendar.ts'
import type { RuleContext, RuleMode } from './context.ts'
import { textField } from './fields.ts'
import { ScanMode } from './scan-mode.ts'
import type { GenericNumberKey } from './settings.ts'
import { type Outcome, outcome, Status } from './status.ts'
import { outsideWindow, WITHIN_WINDOW } from './window.ts'

/** `tr` of a positive test: "detected" (SNOMED CT 260373001). */
export const TEST_DETECTED = '260373001'
/** `tt` of a molecular (NAAT/PCR) test (LOINC). */
export const MOLECULAR_TEST = 'LP6464-4'
/** `tt` of a rapid antigen test (LOINC). */
export const RAPID_TEST = 'LP217198-3'

const HOUR_MS = 3_600_000

/** The modes in which a test alone is never enough (after the window checks, as in the reference, §6.1). */
const EXCLUDING_TESTS: ReadonlySet<RuleMode> = new Set([ScanMode.STRENGTHENED, ScanMode.BOOSTER, ScanMode.SCHOOL])

export interface TestRuleOptions {
  /**
   * The setting ending a molecular test's window: `molecular_test_end_hours` (72) normally, `rapid_test_end_hours`
   * (48) in DOUBLE_SCAN after a BOOSTER scan (§6.3).
   */
  readonly molecularEndKey?: 'molecular_test_end_hours' | 'rapid_test_end_hours'
}

/**
 * The status of test `entry` in `mode`, checks in this order: positive → NOT_VALID; a type other than molecular or
 * rapid antigen → NOT_VALID; unreadable `sc` → NOT_EU_DCC; before `sc + start hours` → NOT_VALID_YET; after
 * `sc + end hours` → EXPIRED; a mode that refuses tests → NOT_VALID; otherwise VALID.
 *
 * @example testOutcome(dcc.t[0], ScanMode.BASE, context)
 */
export function testOutcome(
  entry: unknown,
  mode: RuleMode,
  context: RuleContext,
  options: TestRuleOptions = {},
): Outcome {
  if (textField(entry, 'tr') === TEST_DETECTED) return outcome(Status.NOT_VALID, 'TEST_POSITIVE')

  let startKey: GenericNumberKey
  let endKey: GenericNumberKey
  switch (textField(entry, 'tt')) {
    case MOLECULAR_TEST:
      startKey = 'molecular_test_start_hours'
      endKey = options.molecularEndKey ?? 'molecular_test_end_hours'
      break
    case RAPID_TEST:
      startKey = 'rapid_test_start_hours'
      endKey = 'rapid_test_end_hours'
      break
    default:
      return outcome(Status.NOT_VALID, 'TEST_TYPE_UNKNOWN')
  }

  const collected = parseInstant(textField(entry, 'sc'))
  if (collected === undefined) return outcome(Status.NOT_EU_DCC, 'DATE_INVALID')
  const { settings, at } = context
  const start = collected + settings.genericNumber(startKey) * HOUR_MS
  const end = collected + settings.genericNumber(endKey) * HOUR_MS
  const outside = outsideWindow(at, start, end)
  if (outside) return outside
  if (EXCLUDING_TESTS.has(mode)) return outcome(Status.NOT_VALID, 'MODE_EXCLUDES_TEST')
  return WITHIN_WINDOW
}
