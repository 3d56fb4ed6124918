import type { CalendarDay } from './calendar.ts'
import type { ScanMode } from './scan-mode.ts'
import type { Settings } from './settings.ts'

/** The DCC key usage of the DSC that verified the signature, as hcert reports it (`Dsc.keyUsage`). */
export type KeyUsage = ReadonlySet<'t' | 'v' | 'r'> | 'any'

/** What every per-type rule may consult besides the certificate entry itself. */
export interface RuleContext {
  readonly settings: Settings
  /** The validation instant, in milliseconds since the epoch (test windows). */
  readonly at: number
  /** The Europe/Rome calendar date of `at` (day windows). */
  readonly today: CalendarDay
  readonly keyUsage: KeyUsage
  /** The payload's `dob`, unparsed: only the age rules read it, so BASE/3G never fails on it. */
  readonly dateOfBirth: unknown
}

/**
 * The modes the per-type rule files know. The two others are rewritten into these by `modes.ts`: WORK becomes 2G or
 * 3G by age, DOUBLE_SCAN keeps tests only and applies the 3G test rules.
 */
export type RuleMode = Exclude<ScanMode, 'WORK' | 'DOUBLE_SCAN'>
