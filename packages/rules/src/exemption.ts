/**
 * The rules for an Italian exemption (`e.last()`, §5.4): an array outside the EU schema, evaluated only when the
 * payload has no v, r or t group. Fields used: `df` (valid from) and the optional `du` (valid until); `ci` is the
 * identifier the preconditions check against the blacklist and the revocation list.
 */
import { parseDate } from './calendar.ts'
import type { RuleContext, RuleMode } from './context.ts'
import { field, textField } from './fields.ts'
import { ScanMode } from './scan-mode.ts'
import { type Outcome, outcome, Status } from './status.ts'
import { outsideWindow, WITHIN_WINDOW } from './window.ts'

/**
 * The status of exemption `entry` in `mode`: before `df` → NOT_VALID_YET; `du` present and passed → EXPIRED (no `du`:
 * open-ended); then BOOSTER → TEST_NEEDED, ENTRY_ITALY → NOT_VALID, otherwise VALID. An unreadable `df`, or a `du`
 * that is present but unreadable, is a parse error → NOT_EU_DCC.
 *
 * @example exemptionOutcome(dcc.e.at(-1), ScanMode.BASE, context)
 */
export function exemptionOutcome(entry: unknown, mode: RuleMode, { today }: RuleContext): Outcome {
  const from = parseDate(textField(entry, 'df'))
  if (from === undefined) return outcome(Status.NOT_EU_DCC, 'DATE_INVALID')
  const until = field(entry, 'du')
  let end = Number.POSITIVE_INFINITY
  // An absent, null or empty `du` means no end.
  if (until !== undefined && until !== null && until !== '') {
    const parsed = parseDate(until)
    if (parsed === undefined) return outcome(Status.NOT_EU_DCC, 'DATE_INVALID')
    end = parsed
  }
  const outside = outsideWindow(today, from, end)
  if (outside) return outside
  switch (mode) {
    case ScanMode.BOOSTER:
      return outcome(Status.TEST_NEEDED, 'TEST_NEEDED_NOT_BOOSTER')
    case ScanMode.ENTRY_ITALY:
      return outcome(Status.NOT_VALID, 'MODE_EXCLUDES_EXEMPTION')
    default:
      // 3G, 2G and SCHOOL.
      return WITHIN_WINDOW
  }
}
