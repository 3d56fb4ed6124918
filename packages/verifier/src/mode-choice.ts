import {
  type CertificateRequirement,
  formatDay,
  type LocalizedText,
  requirementsOn,
  romeDay,
  ScanMode,
} from '@greenpass/rules'

/** When a scan mode could be used: Europe/Rome days, both inclusive; `until` null while in force. */
export interface ScanModeLifetime {
  readonly mode: ScanMode
  readonly from: string
  readonly until: string | null
  readonly legalBasis: string
}

/**
 * The lifetimes of the scan modes (italian-verification-rules.md §6): from the reference SDK release that brought a
 * mode to the day before the release that removed it. DOUBLE_SCAN is never chosen: it is the follow-up scan of a
 * BOOSTER-mode TEST_NEEDED, and lives as long as BOOSTER.
 */
export const SCAN_MODE_LIFETIMES: readonly ScanModeLifetime[] = Object.freeze([
  { mode: ScanMode.BASE, from: '2021-06-01', until: null, legalBasis: 'DL 52/2021 art. 9' },
  { mode: ScanMode.STRENGTHENED, from: '2021-12-01', until: '2023-01-23', legalBasis: 'DL 172/2021' },
  { mode: ScanMode.BOOSTER, from: '2021-12-27', until: '2023-01-23', legalBasis: 'DL 221/2021 art. 7' },
  { mode: ScanMode.SCHOOL, from: '2022-02-04', until: '2022-03-29', legalBasis: 'DL 1/2022' },
  { mode: ScanMode.WORK, from: '2022-02-09', until: '2022-03-27', legalBasis: 'DL 1/2022' },
  { mode: ScanMode.ENTRY_ITALY, from: '2022-02-14', until: '2022-06-12', legalBasis: 'DL 5/2022' },
  { mode: ScanMode.DOUBLE_SCAN, from: '2022-03-02', until: '2023-01-23', legalBasis: 'DL 221/2021 art. 7' },
])

/** Whether `mode` was in force on a Europe/Rome day (`YYYY-MM-DD`). */
export function modeInForce(mode: ScanMode, day: string): boolean {
  const lifetime = SCAN_MODE_LIFETIMES.find((entry) => entry.mode === mode)
  return lifetime !== undefined && lifetime.from <= day && (lifetime.until === null || day <= lifetime.until)
}

/**
 * The modes a verifier may choose on a day, in the order of `SCAN_MODE_LIFETIMES` (DOUBLE_SCAN excluded: it follows
 * a TEST_NEEDED). Since 2023-01-24 only BASE.
 *
 * @example modesOn('2026-11-23') // ['3G']
 */
export function modesOn(day: string): ScanMode[] {
  return SCAN_MODE_LIFETIMES.filter((entry) => entry.mode !== ScanMode.DOUBLE_SCAN && modeInForce(entry.mode, day)).map(
    (entry) => entry.mode,
  )
}

/** An activity a verifier may choose on a day, and the mode the requirements table sets for it. */
export interface ActivityChoice {
  readonly id: string
  readonly category: CertificateRequirement['category']
  readonly activity: LocalizedText
  readonly level: CertificateRequirement['level']
  readonly mode: ScanMode
  readonly legalBasis: string
  readonly note: LocalizedText | undefined
}

/**
 * The activities that needed a certificate on a day (the dated table of `rules`), each with the mode that checks
 * it; an activity whose mode was no longer in force is left out (no mode is offered after its legal end date).
 *
 * @example activitiesOn('2022-02-01').find((a) => a.id === 'transport.long-distance')?.mode // '2G'
 */
export function activitiesOn(day: string): ActivityChoice[] {
  return requirementsOn(day)
    .filter((row) => modeInForce(row.mode, day))
    .map((row) => ({
      id: row.id,
      category: row.category,
      activity: row.activity,
      level: row.level,
      mode: row.mode,
      legalBasis: row.legalBasis,
      note: row.note,
    }))
}

/** The Europe/Rome day of an instant as `YYYY-MM-DD`, the key of both tables. */
export function romeDayText(at: Date): string {
  return formatDay(romeDay(at))
}
