/**
 * The rules for a vaccination entry (`v.last()`) in every scan mode: §5.1 for BASE/3G, §6.1–6.6 for the historical
 * modes. Each mode is one function below and each row of the spec's tables one branch of it.
 *
 * The order of checks is the reference's (§10 item 8):
 * 1. a not-complete cycle of a non-EMA vaccine is NOT_VALID before any date is read;
 * 2. for complete cycles and boosters the window comes first, then EMA: a non-EMA certificate that is not yet valid
 *    is NOT_VALID_YET, one past its end EXPIRED, and only inside the window NOT_VALID for not being EMA.
 */
import { addDays, ageInYears, type CalendarDay, parseDate, parseDateOfBirth } from './calendar.ts'
import type { RuleContext, RuleMode } from './context.ts'
import { integerField, textField } from './fields.ts'
import { ScanMode } from './scan-mode.ts'
import type { Settings } from './settings.ts'
import { type Outcome, outcome, Status } from './status.ts'
import { classifyVaccination, isEmaVaccine, JANSSEN, VaccinationClass } from './vaccination-class.ts'
import { outsideWindow, WITHIN_WINDOW } from './window.ts'

/** Below this age (in whole years) the ENTRY_ITALY under-18 rule extends a complete cycle (DL 5/2022). */
export const MINOR_AGE = 18

/** The facts every mode decides on, read and checked once. */
interface Vaccination {
  readonly mp: string
  readonly co: string | undefined
  readonly class: VaccinationClass
  readonly ema: boolean
  readonly dt: CalendarDay
}

interface DayWindow {
  readonly start: CalendarDay
  readonly end: CalendarDay
}

/**
 * The status of vaccination `entry` in `mode`.
 *
 * Before any mode rule (§4, §10 item 14): an empty `mp` or `dn`/`sd` that are not whole numbers ≥ 1 → NOT_VALID; a
 * not-complete cycle of a non-EMA vaccine → NOT_VALID; an unreadable `dt` → NOT_VALID.
 *
 * @example vaccinationOutcome(dcc.v.at(-1), ScanMode.BASE, context) // { status: 'VALID', reason: 'WITHIN_WINDOW' }
 */
export function vaccinationOutcome(entry: unknown, mode: RuleMode, context: RuleContext): Outcome {
  const mp = textField(entry, 'mp')
  if (mp === undefined || mp.trim() === '') return outcome(Status.NOT_VALID, 'VACCINATION_PRODUCT_EMPTY')
  const dn = integerField(entry, 'dn')
  const sd = integerField(entry, 'sd')
  if (dn === undefined || sd === undefined || dn < 1 || sd < 1) {
    return outcome(Status.NOT_VALID, 'VACCINATION_DOSES_INVALID')
  }
  const co = textField(entry, 'co')
  const vaccinationClass = classifyVaccination(dn, sd, mp)
  const ema = isEmaVaccine(mp, co, context.settings.emaVaccines)
  // §5.1 step 1, in every mode: before any date check.
  if (vaccinationClass === VaccinationClass.NOT_COMPLETE && !ema) {
    return outcome(Status.NOT_VALID, 'VACCINATION_NOT_COMPLETE_NOT_EMA')
  }
  const dt = parseDate(textField(entry, 'dt'))
  if (dt === undefined) return outcome(Status.NOT_VALID, 'DATE_INVALID')

  const vaccination: Vaccination = { mp, co, class: vaccinationClass, ema, dt }
  switch (mode) {
    case ScanMode.BASE:
      return base(vaccination, context)
    case ScanMode.STRENGTHENED:
      return strengthened(vaccination, context)
    case ScanMode.BOOSTER:
      return booster(vaccination, context)
    case ScanMode.SCHOOL:
      return school(vaccination, context)
    case ScanMode.ENTRY_ITALY:
      return entryItaly(vaccination, context)
  }
}

/** §5.1: the window of the class (IT keys for every country), then EMA. */
function base(v: Vaccination, { settings, today }: RuleContext): Outcome {
  const { start, end } = standardWindow(v, settings)
  return outsideWindow(today, start, end) ?? emaOrNotValid(v)
}

/** §6.1 (2G, RAFFORZATA). */
function strengthened(v: Vaccination, context: RuleContext): Outcome {
  const { settings, today } = context
  // Vaccinated in Italy: as 3G.
  if (v.co === 'IT') return base(v, context)
  switch (v.class) {
    case VaccinationClass.NOT_COMPLETE: {
      // Abroad, not complete (EMA, or it was refused above): the product's not-complete window.
      const { start, end } = standardWindow(v, settings)
      return outsideWindow(today, start, end) ?? WITHIN_WINDOW
    }
    case VaccinationClass.BOOSTER: {
      // Abroad, booster: the booster_IT window; VALID if EMA, otherwise TEST_NEEDED.
      const { start, end } = standardWindow(v, settings)
      return outsideWindow(today, start, end) ?? (v.ema ? WITHIN_WINDOW : testNeeded('TEST_NEEDED_NOT_EMA'))
    }
    case VaccinationClass.COMPLETE: {
      // Abroad, complete cycle: EMA → VALID to dt+180, TEST_NEEDED to dt+270; not EMA → TEST_NEEDED to dt+270.
      const { start, end } = standardWindow(v, settings)
      const extendedEnd = addDays(v.dt, settings.genericNumber('vaccine_end_day_complete_extended_EMA'))
      // The extended window only lengthens (TEST_NEEDED only between dt+180 and dt+270, §10 item 6), never shortens.
      const outside = outsideWindow(today, start, Math.max(end, extendedEnd))
      if (outside) return outside
      if (today <= end) return v.ema ? WITHIN_WINDOW : testNeeded('TEST_NEEDED_NOT_EMA')
      return testNeeded(v.ema ? 'TEST_NEEDED_EXTENDED_WINDOW' : 'TEST_NEEDED_NOT_EMA')
    }
  }
}

/** §6.2 (BOOSTER, VISITATORI RSA): the 3G windows; only an EMA booster is VALID on its own. */
function booster(v: Vaccination, { settings, today }: RuleContext): Outcome {
  if (v.class === VaccinationClass.NOT_COMPLETE) return outcome(Status.NOT_VALID, 'MODE_REQUIRES_COMPLETE_CYCLE')
  const { start, end } = standardWindow(v, settings)
  const outside = outsideWindow(today, start, end)
  if (outside) return outside
  // Booster: VALID if EMA, otherwise TEST_NEEDED. Complete cycle: TEST_NEEDED.
  if (v.class === VaccinationClass.BOOSTER) return v.ema ? WITHIN_WINDOW : testNeeded('TEST_NEEDED_NOT_EMA')
  return testNeeded('TEST_NEEDED_NOT_BOOSTER')
}

/** §6.4 (SCHOOL, STUDENTI). */
function school(v: Vaccination, context: RuleContext): Outcome {
  const { settings, today } = context
  switch (v.class) {
    case VaccinationClass.NOT_COMPLETE:
      return outcome(Status.NOT_VALID, 'MODE_REQUIRES_COMPLETE_CYCLE')
    case VaccinationClass.BOOSTER:
      // Booster: the 3G rule.
      return base(v, context)
    case VaccinationClass.COMPLETE: {
      // Complete cycle: 3G start, end at dt + vaccine_end_day_school (120).
      const start = completeStart(v, settings, 'vaccine_start_day_complete_IT')
      const end = addDays(v.dt, settings.genericNumber('vaccine_end_day_school'))
      return outsideWindow(today, start, end) ?? emaOrNotValid(v)
    }
  }
}

/** §6.6 (ENTRY_ITALY, INGRESSO IT): the NOT_IT keys for everyone, the under-18 rule for complete cycles. */
function entryItaly(v: Vaccination, context: RuleContext): Outcome {
  const { settings, today } = context
  let window: DayWindow
  switch (v.class) {
    case VaccinationClass.NOT_COMPLETE:
      return outcome(Status.NOT_VALID, 'MODE_REQUIRES_COMPLETE_CYCLE')
    case VaccinationClass.BOOSTER:
      window = {
        start: addDays(v.dt, settings.genericNumber('vaccine_start_day_booster_NOT_IT')),
        end: addDays(v.dt, settings.genericNumber('vaccine_end_day_booster_NOT_IT')),
      }
      break
    case VaccinationClass.COMPLETE: {
      // Both ends are read whatever the age: which one applies depends on the certificate, the settings must not.
      const adultEnd = settings.genericNumber('vaccine_end_day_complete_NOT_IT')
      const minorEnd = settings.genericNumber('vaccine_end_day_complete_under_18')
      const minor = isMinor(context)
      window = {
        start: completeStart(v, settings, 'vaccine_start_day_complete_NOT_IT'),
        end: addDays(v.dt, minor ? minorEnd : adultEnd),
      }
      break
    }
  }
  return outsideWindow(today, window.start, window.end) ?? emaOrNotValid(v)
}

/**
 * The under-18 rule (from 2022-04-05): a minor if age(dob + `vaccine_complete_under_18_offset` days) < 18 on today
 * (the reference; the Node SDK measured the age at dt − offset instead). An unreadable dob is not proof of being a
 * minor: the adult window applies.
 */
function isMinor({ settings, today, dateOfBirth }: RuleContext): boolean {
  const offset = settings.genericNumber('vaccine_complete_under_18_offset')
  const birth = parseDateOfBirth(dateOfBirth)
  return birth !== undefined && ageInYears(addDays(birth, offset), today) < MINOR_AGE
}

/** The window of each class with the IT keys (3G, and everything that defers to it). */
function standardWindow(v: Vaccination, settings: Settings): DayWindow {
  switch (v.class) {
    case VaccinationClass.NOT_COMPLETE:
      // Per product: the rows whose type is the mp code (15 … 42 for Comirnaty).
      return {
        start: addDays(v.dt, settings.productNumber('vaccine_start_day_not_complete', v.mp)),
        end: addDays(v.dt, settings.productNumber('vaccine_end_day_not_complete', v.mp)),
      }
    case VaccinationClass.COMPLETE:
      return {
        start: completeStart(v, settings, 'vaccine_start_day_complete_IT'),
        end: addDays(v.dt, settings.genericNumber('vaccine_end_day_complete_IT')),
      }
    case VaccinationClass.BOOSTER:
      return {
        start: addDays(v.dt, settings.genericNumber('vaccine_start_day_booster_IT')),
        end: addDays(v.dt, settings.genericNumber('vaccine_end_day_booster_IT')),
      }
  }
}

/**
 * A complete cycle starts at dt + the generic start key, plus, for Janssen 1/1 only, its own
 * `vaccine_start_day_complete` (15 days: NOT_VALID_YET on days 0–14).
 */
function completeStart(
  v: Vaccination,
  settings: Settings,
  key: 'vaccine_start_day_complete_IT' | 'vaccine_start_day_complete_NOT_IT',
): CalendarDay {
  const janssenDays = v.mp === JANSSEN ? settings.productNumber('vaccine_start_day_complete', JANSSEN) : 0
  return addDays(v.dt, settings.genericNumber(key) + janssenDays)
}

function emaOrNotValid(v: Vaccination): Outcome {
  return v.ema ? WITHIN_WINDOW : outcome(Status.NOT_VALID, 'NOT_EMA')
}

function testNeeded(
  reason: 'TEST_NEEDED_NOT_EMA' | 'TEST_NEEDED_NOT_BOOSTER' | 'TEST_NEEDED_EXTENDED_WINDOW',
): Outcome {
  return outcome(Status.TEST_NEEDED, reason)
}
