/**
 * Planners of the two re-issue jobs (issue 4). Each looks at one person's history and returns the certificates to
 * issue, each replacing an older one (`supersedes`); the old one stays valid to its own end and, once
 * `applyToHistory` has run, is marked `supersededBy`. Planning again on the new history plans nothing: the jobs
 * can stop and resume anywhere.
 *
 * Revoked certificates, superseded ones, and ones whose technical validity has ended are never re-issued by the
 * alignment; the renewal takes only the person's latest booster (renewing an older one would give back a
 * certificate they no longer need).
 */
import { classifyVaccination } from '@greenpass/rules'
import type { Vaccination } from '@greenpass/hcert'
import type { HistoryCertificate, IssuedCertificate } from './certificate.ts'
import { CodeType, generateCode } from './codes.ts'
import { epochSeconds, cwtValidity, longValidityEnd } from './validity.ts'
import { isSuperseded, type PersonHistory } from './history.ts'
import { type IssuanceContext, newUvci } from './issuance.ts'

/** The default renewal window: certificates whose `exp` falls within this many days are renewed. */
export const DEFAULT_RENEWAL_WINDOW_DAYS = 30

/**
 * The 3/2 → 3/3 alignment: every live booster certificate encoded `dn > sd` with `sd = 2` (the encoding before
 * 2021-12-27) gets a `dn/dn` certificate with a new UVCI and code that supersedes it.
 *
 * @example planBoosterAlignment(history, { at, dscs, random }) // [{ dcc: { v: [{ dn: 3, sd: 3 }] }, supersedes: old }]
 */
export function planBoosterAlignment(history: PersonHistory, context: IssuanceContext): IssuedCertificate[] {
  const now = epochSeconds(context.at)
  return liveVaccinations(history)
    .filter(({ certificate, entry }) => certificate.exp > now && entry.sd === 2 && entry.dn > entry.sd)
    .map(({ certificate, entry }) => reissue(certificate, { ...entry, sd: entry.dn }, context))
}

/**
 * The 540-day renewal: the person's latest booster certificate, when its `exp` is within `windowDays` of `at` (or
 * already past), gets a new certificate with a further 540 days (capped by the DSC), same content, new UVCI and code.
 * The window must be shorter than the 540 days a renewal gives (or a renewal would itself be due at once).
 *
 * @example planRenewal(history, { at, dscs, random }, 30)
 */
export function planRenewal(
  history: PersonHistory,
  context: IssuanceContext,
  windowDays: number = DEFAULT_RENEWAL_WINDOW_DAYS,
): IssuedCertificate[] {
  const horizon = epochSeconds(context.at) + windowDays * 86_400
  const latest = liveVaccinations(history)
    .sort(
      (a, b) =>
        a.entry.dt.localeCompare(b.entry.dt) || a.entry.dn - b.entry.dn || a.certificate.iat - b.certificate.iat,
    )
    .at(-1)
  if (latest === undefined) return []
  const { certificate, entry } = latest
  if (classifyVaccination(entry.dn, entry.sd, entry.mp) !== 'BOOSTER' || certificate.exp > horizon) return []
  return [reissue(certificate, entry, context)]
}

function liveVaccinations(history: PersonHistory): { certificate: HistoryCertificate; entry: Vaccination }[] {
  const live: { certificate: HistoryCertificate; entry: Vaccination }[] = []
  for (const certificate of history.certificates) {
    const entry = certificate.dcc.v?.[0]
    if (certificate.kind !== 'vaccination' || entry === undefined || certificate.revoked === true) continue
    if (isSuperseded(history, certificate.uvci)) continue
    live.push({ certificate, entry })
  }
  return live
}

function reissue(old: HistoryCertificate, entry: Vaccination, context: IssuanceContext): IssuedCertificate {
  const { iat, exp } = cwtValidity(context.at, longValidityEnd(context.at), context.dscs.ordinary)
  const uvci = newUvci(context.random)
  return {
    kind: 'vaccination',
    uvci,
    dcc: { ...old.dcc, v: [{ ...entry, ci: uvci }] },
    iat,
    exp,
    signer: 'ordinary',
    codeType: CodeType.AUTHCODE,
    code: generateCode(CodeType.AUTHCODE, context.random),
    ...(old.eventId === undefined ? {} : { eventId: old.eventId }),
    ...(old.facilityId === undefined ? {} : { facilityId: old.facilityId }),
    supersedes: old.uvci,
  }
}
