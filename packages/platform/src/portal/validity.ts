/**
 * "Valid in Italy from … to …", for the base (3G) and the rafforzata (2G) level, computed by the verifier's own rules
 * (`applyItalianRules` with the platform's settings) rather than restated here: the portal then says exactly what a
 * VerificaC19 scan would say on each day.
 *
 * The status in one mode moves NOT_VALID_YET → VALID → EXPIRED over time, so the window's ends are found by bisection
 * over instants (to the minute: test windows are counted in hours, the others in Rome days).
 */
import type { Dcc } from '@greenpass/hcert'
import { applyItalianRules, type KeyUsage, ScanMode, type Settings, Status } from '@greenpass/rules'

/** When a certificate is valid in one mode: from the first to the last valid minute; `until` null = no end found. */
export type ValidityWindow =
  { readonly valid: true; readonly from: Date; readonly until: Date | null } | { readonly valid: false }

export interface CertificateValidity {
  readonly base: ValidityWindow
  readonly rafforzata: ValidityWindow
  /** The 3G status at `at`. */
  readonly statusNow: Status
}

const MINUTE = 60_000
const DAY = 86_400_000
// The search span around the event: windows start at most days after it and end within a few years.
const BEFORE = 3 * DAY
const AFTER = 3 * 366 * DAY

/**
 * The windows of a certificate in 3G and 2G, and its 3G status at `at`. `keyUsage` is that of the DSC that signed it
 * (a recovery signed by the recovery-only DSC is a "bis").
 *
 * @example certificateValidity(dcc, dsc.keyUsage, settings, now).base // { valid: true, from, until }
 */
export function certificateValidity(dcc: Dcc, keyUsage: KeyUsage, settings: Settings, at: Date): CertificateValidity {
  const anchor = anchorOf(dcc)
  const statusAt = (mode: ScanMode) => (time: number) =>
    applyItalianRules({ dcc: dcc as unknown as Record<string, unknown>, keyUsage, settings, at: new Date(time), mode })
      .status
  return {
    base: anchor === undefined ? { valid: false } : windowOf(statusAt(ScanMode.BASE), anchor),
    rafforzata: anchor === undefined ? { valid: false } : windowOf(statusAt(ScanMode.STRENGTHENED), anchor),
    statusNow: statusAt(ScanMode.BASE)(at.getTime()),
  }
}

function windowOf(status: (time: number) => Status, anchor: number): ValidityWindow {
  const low = anchor - BEFORE
  const high = anchor + AFTER
  // First minute that is no longer NOT_VALID_YET.
  const from = firstWhere(low, high, (time) => status(time) !== Status.NOT_VALID_YET)
  if (from === undefined || status(from) !== Status.VALID) return { valid: false }
  // First minute that is EXPIRED; the window ends one minute before it.
  const expired = firstWhere(from, high, (time) => status(time) === Status.EXPIRED)
  return { valid: true, from: new Date(from), until: expired === undefined ? null : new Date(expired - MINUTE) }
}

/** The first minute in [low, high] where the monotone `test` holds, or undefined. */
function firstWhere(low: number, high: number, test: (time: number) => boolean): number | undefined {
  if (!test(high)) return undefined
  if (test(low)) return low
  let before = low
  let after = high
  while (after - before > MINUTE) {
    const middle = before + Math.floor((after - before) / 2 / MINUTE) * MINUTE
    if (test(middle)) after = middle
    else before = middle
  }
  return after
}

/** The event's instant: the vaccination day, the test sample, the first positive test (or start of validity). */
function anchorOf(dcc: Dcc): number | undefined {
  const text = dcc.v?.[0]?.dt ?? dcc.t?.[0]?.sc ?? dcc.r?.[0]?.fr ?? dcc.r?.[0]?.df
  const time = text === undefined ? Number.NaN : Date.parse(text)
  return Number.isNaN(time) ? undefined : time
}
