/**
 * Scan-mode dispatch (italian-verification-rules.md §5–6): the per-type rule files know the modes 3G, 2G, BOOSTER,
 * SCHOOL and ENTRY_ITALY; the two others are rewritten here.
 *
 * - WORK (§6.5): from age 50 (`VACCINE_MANDATORY_AGE`) the 2G rules (its vaccination rules, tests NOT_VALID,
 *   recovery and exemption as 3G), below it 3G.
 * - DOUBLE_SCAN (§6.3): anything but a test is NOT_VALID; tests as 3G, except that after a BOOSTER scan a molecular
 *   test ends at `rapid_test_end_hours`.
 */
import { ageInYears, parseDateOfBirth } from './calendar.ts'
import type { RuleContext, RuleMode } from './context.ts'
import { exemptionOutcome } from './exemption.ts'
import { recoveryOutcome } from './recovery.ts'
import { ScanMode } from './scan-mode.ts'
import type { SelectedEntry } from './selection.ts'
import { type Outcome, outcome, Status } from './status.ts'
import { testOutcome } from './test.ts'
import { vaccinationOutcome } from './vaccination.ts'

/**
 * The age (whole years, on the validation day) from which WORK mode applies the 2G rules: the legal vaccination
 * obligation of DL 1/2022. A constant of the reference too (`VACCINE_MANDATORY_AGE`), not a setting.
 */
export const VACCINE_MANDATORY_AGE = 50

/**
 * The status of the selected entry in `mode`.
 *
 * @example modeOutcome({ type: 'test', entry }, ScanMode.DOUBLE_SCAN, ScanMode.BOOSTER, context)
 */
export function modeOutcome(
  selected: SelectedEntry,
  mode: ScanMode,
  previousMode: ScanMode | undefined,
  context: RuleContext,
): Outcome {
  switch (mode) {
    case ScanMode.WORK:
      return typeOutcome(selected, workRules(context), context)
    case ScanMode.DOUBLE_SCAN:
      if (selected.type !== 'test') return outcome(Status.NOT_VALID, 'MODE_REQUIRES_TEST')
      return testOutcome(selected.entry, ScanMode.BASE, context, {
        molecularEndKey: previousMode === ScanMode.BOOSTER ? 'rapid_test_end_hours' : 'molecular_test_end_hours',
      })
    default:
      return typeOutcome(selected, mode, context)
  }
}

/**
 * WORK: 2G from age 50, else 3G. The age is taken at the validation day from the dob read as the latest possible
 * date (§6.7); an unreadable dob is not proof of being 50 or more, so 3G applies.
 */
function workRules({ dateOfBirth, today }: RuleContext): RuleMode {
  const birth = parseDateOfBirth(dateOfBirth)
  const mandated = birth !== undefined && ageInYears(birth, today) >= VACCINE_MANDATORY_AGE
  return mandated ? ScanMode.STRENGTHENED : ScanMode.BASE
}

function typeOutcome(selected: SelectedEntry, mode: RuleMode, context: RuleContext): Outcome {
  switch (selected.type) {
    case 'vaccination':
      return vaccinationOutcome(selected.entry, mode, context)
    case 'recovery':
      return recoveryOutcome(selected.entry, mode, context)
    case 'test':
      return testOutcome(selected.entry, mode, context)
    case 'exemption':
      return exemptionOutcome(selected.entry, mode, context)
  }
}
