/**
 * The rules for a recovery entry (`r.first()`): §5.2 for BASE/3G, §6.2, §6.4 and §6.6 for the historical modes.
 *
 * The window runs from `df` (valid from) plus a start to `df` plus an end, in Rome calendar days. `du` (valid until)
 * is **ignored**: a foreign certificate with `du = df + 30` is still valid for 180 days. `fr` (first positive test)
 * is read only in SCHOOL mode.
 */
import { addDays, parseDate } from './calendar.ts'
import type { KeyUsage, RuleContext, RuleMode } from './context.ts'
import { textField } from './fields.ts'
import { ScanMode } from './scan-mode.ts'
import type { GenericNumberKey } from './settings.ts'
import { type Outcome, outcome, Status } from './status.ts'
import { outsideWindow, WITHIN_WINDOW } from './window.ts'

/**
 * Whether a recovery is a **recovery bis** (recovery after vaccination, issued in Italy from 2021-12-28): the DSC that
 * signed it carries the recovery key usage (EKU `1.3.6.1.4.1.1847.2021.1.3`, or the legacy `…1.0.1847.2021.1.3`;
 * hcert folds every EKU OID of the DSC into `keyUsage`) **and** `co = IT`, as the documentation and the PHP SDK say
 * (the reference's `co` check is dead code, §11). A DSC without any DCC key usage (`'any'`) does not make a bis.
 *
 * @example isRecoveryBis(dsc.keyUsage, 'IT')
 */
export function isRecoveryBis(keyUsage: KeyUsage, co: string | undefined): boolean {
  return keyUsage !== 'any' && keyUsage.has('r') && co === 'IT'
}

/**
 * The status of recovery `entry` in `mode`. An unreadable `df` (or `fr` in SCHOOL mode) → NOT_VALID.
 *
 * @example recoveryOutcome(dcc.r[0], ScanMode.BASE, context)
 */
export function recoveryOutcome(entry: unknown, mode: RuleMode, context: RuleContext): Outcome {
  const { settings, today } = context
  const co = textField(entry, 'co')
  const bis = isRecoveryBis(context.keyUsage, co)

  let from: string | undefined = textField(entry, 'df')
  let startKey: GenericNumberKey
  let endKey: GenericNumberKey
  if (bis) {
    // Recovery bis, every mode: recovery_pv_cert_* (0 … 540) from df.
    startKey = 'recovery_pv_cert_start_day'
    endKey = 'recovery_pv_cert_end_day'
  } else if (mode === ScanMode.SCHOOL) {
    // SCHOOL, not bis: from fr + start to fr + recovery_cert_end_day_school (120).
    from = textField(entry, 'fr')
    startKey = 'recovery_cert_start_day_IT'
    endKey = 'recovery_cert_end_day_school'
  } else if (mode === ScanMode.ENTRY_ITALY && co !== 'IT') {
    // ENTRY_ITALY: the keys follow the recovery's own country.
    startKey = 'recovery_cert_start_day_NOT_IT'
    endKey = 'recovery_cert_end_day_NOT_IT'
  } else {
    // 3G, 2G, BOOSTER, and ENTRY_ITALY for an Italian recovery: recovery_cert_*_IT (0 … 180) from df.
    startKey = 'recovery_cert_start_day_IT'
    endKey = 'recovery_cert_end_day_IT'
  }

  const base = parseDate(from)
  if (base === undefined) return outcome(Status.NOT_VALID, 'DATE_INVALID')
  const start = addDays(base, settings.genericNumber(startKey))
  const end = addDays(base, settings.genericNumber(endKey))
  const outside = outsideWindow(today, start, end)
  if (outside) return outside
  // BOOSTER: only a recovery bis is enough on its own.
  if (mode === ScanMode.BOOSTER && !bis) return outcome(Status.TEST_NEEDED, 'TEST_NEEDED_NOT_BOOSTER')
  return WITHIN_WINDOW
}
