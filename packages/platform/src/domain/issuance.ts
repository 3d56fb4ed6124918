/**
 * The automatic issuance decision: given what the platform knows of a person and a new valid event, which
 * certificates to issue now (none, one or two), each with its DCC, validity, signer and code. Pure: the instant, the
 * DSC validity and the randomness are passed in.
 *
 * The seeds' rules (issue 4), and the decisions where they are silent:
 * - one vaccination certificate per dose given in Italy, encoded per `vaccination-status.ts`; doses given abroad
 *   (`country` ≠ IT) are recorded for the history but issue nothing (their country issues);
 * - a negative test: one certificate, `exp` = sampling + 48 h (antigen) / 72 h (molecular). A test whose window has
 *   already closed at `at` issues nothing (it would be born expired). A positive test issues nothing: it is recorded
 *   and, if molecular, dates an infection;
 * - a recovery: one certificate, `fr` = first positive test, `df` = the later of the declared recovery and fr + 11
 *   days (the EU rule: no recovery certificate before day 11), `du` = fr + 180 days. A "recovery bis" when the person
 *   had completed a cycle or a booster before `fr`: signed by the recovery-only DSC. If instead the infection came
 *   more than 14 days after the first dose of a two-dose product, a 1/1 vaccination certificate for that dose is
 *   issued with it (replacing the 1/2 one), unless one exists already;
 * - vaccination and recovery `exp` = issuance + 540 days; every `exp` is capped by the signing DSC's notAfter;
 * - an event already in the history (same facility and event id) issues nothing again.
 */
import { addDays, formatDay } from '@greenpass/rules'
import { makeItalianUvci } from '@greenpass/hcert'
import type { IssuedCertificate, Signer } from './certificate.ts'
import { CodeType, generateCode } from './codes.ts'
import { recoveryDcc, testDcc, TEST_TYPE_CODE, NOT_DETECTED, vaccinationDcc } from './dcc-builder.ts'
import type { RecoveryEvent, TestEvent, ValidEvent, VaccinationEvent } from './events.ts'
import { RECOVERY_DAYS } from './events.ts'
import { hasEvent, isSuperseded, type PersonHistory } from './history.ts'
import { type RandomSource, randomBytes } from './random.ts'
import { cwtValidity, epochSeconds, longValidityEnd, type SigningDscs, TEST_VALIDITY_HOURS } from './validity.ts'
import { dayOf, vaccinationStatus, nextDoseEncoding, type DoseEncoding } from './vaccination-status.ts'

/** Days after the first positive test before a recovery certificate may start (EU Regulation 2021/953). */
export const RECOVERY_START_DAYS = 11

/** What issuance needs besides the history and the event. */
export interface IssuanceContext {
  readonly at: Date
  readonly dscs: SigningDscs
  readonly random: RandomSource
}

/**
 * The certificates to issue now for `event`, in order (for an infection after a first dose: the 1/1 vaccination
 * certificate, then the recovery). Throws only `DomainError` (`SIGNER_EXPIRED`, `RANDOM_INVALID`,
 * `INSTANT_INVALID`).
 *
 * @example
 * decideIssuance(EMPTY_HISTORY, firstPfizerDose, { at, dscs, random })
 * // [{ kind: 'vaccination', dcc: { …, v: [{ dn: 1, sd: 2, … }] }, signer: 'ordinary', codeType: 'AUTHCODE', … }]
 */
export function decideIssuance(
  history: PersonHistory,
  event: ValidEvent,
  context: IssuanceContext,
): IssuedCertificate[] {
  epochSeconds(context.at)
  if (hasEvent(history, event)) return []
  switch (event.kind) {
    case 'vaccination':
      return issueForDose(history, event, context)
    case 'test':
      return issueForTest(event, context)
    case 'recovery':
      return issueForRecovery(history, event, context)
  }
}

function issueForDose(history: PersonHistory, event: VaccinationEvent, context: IssuanceContext): IssuedCertificate[] {
  const later = reencodedLaterDoses(history, event, context)
  if (event.vaccination.country !== 'IT') return later
  return [issueVaccinationCertificate(event, doseEncoding(history.events, event), context), ...later]
}

/** The encoding of `dose` after the doses up to its day and the infections strictly before it, among `events`. */
function doseEncoding(events: readonly ValidEvent[], dose: VaccinationEvent): DoseEncoding {
  const day = dayOf(dose.vaccination.date)
  const others = events.filter((other) => other !== dose)
  const status = vaccinationStatus(others, (item) => (item.type === 'dose' ? item.day <= day : item.day < day))
  return nextDoseEncoding(status, dose.vaccination.product)
}

/**
 * A dose that reaches the platform after later ones (a facility's late delivery, a dose given abroad recorded late)
 * changes how those later doses count. Each later Italian dose whose current certificate carries the encoding the
 * history gave it without this dose, and a different one with it, gets a replacement with the right `dn/sd` that
 * supersedes it (the old one stays valid to its own end). Certificates encoded by another rule (the 1/1 after an
 * infection, a 3/3 alignment) are left alone.
 */
function reencodedLaterDoses(
  history: PersonHistory,
  event: VaccinationEvent,
  context: IssuanceContext,
): IssuedCertificate[] {
  const day = dayOf(event.vaccination.date)
  const withEvent = [...history.events, event]
  const replacements: IssuedCertificate[] = []
  for (const later of history.events) {
    if (later.kind !== 'vaccination' || later.vaccination.country !== 'IT' || dayOf(later.vaccination.date) <= day)
      continue
    const before = doseEncoding(history.events, later)
    const after = doseEncoding(withEvent, later)
    if (before.dn === after.dn && before.sd === after.sd) continue
    const current = history.certificates.find(
      (c) =>
        c.kind === 'vaccination' &&
        c.eventId === later.eventId &&
        c.facilityId === later.facilityId &&
        c.supersededBy === undefined &&
        !c.revoked,
    )
    const entry = current?.dcc.v?.[0]
    if (current === undefined || entry?.dn !== before.dn || entry.sd !== before.sd) continue
    replacements.push(issueVaccinationCertificate(later, after, context, current.uvci))
  }
  return replacements
}

/**
 * The vaccination certificate of one dose with the given encoding.
 *
 * @example issueVaccinationCertificate(dose, { dn: 3, sd: 3 }, context).dcc.v?.[0]?.dn // 3
 */
export function issueVaccinationCertificate(
  event: VaccinationEvent,
  encoding: DoseEncoding,
  context: IssuanceContext,
  supersedes?: string,
): IssuedCertificate {
  const { iat, exp } = cwtValidity(context.at, longValidityEnd(context.at), context.dscs.ordinary)
  const uvci = newUvci(context.random)
  const v = event.vaccination
  const dcc = vaccinationDcc(event.person, {
    vp: v.prophylaxis,
    mp: v.product,
    ma: v.manufacturer,
    dn: encoding.dn,
    sd: encoding.sd,
    dt: v.date,
    co: v.country,
    ci: uvci,
  })
  return certificate('vaccination', uvci, dcc, iat, exp, 'ordinary', CodeType.AUTHCODE, event, context.random, {
    supersedes,
  })
}

function issueForTest(event: TestEvent, context: IssuanceContext): IssuedCertificate[] {
  const t = event.test
  if (t.result !== 'negative') return []
  const sampled = epochSeconds(new Date(t.sampledAt))
  const end = sampled + TEST_VALIDITY_HOURS[t.type] * 3600
  const { iat, exp } = cwtValidity(context.at, end, context.dscs.ordinary)
  if (exp <= iat) return []
  const uvci = newUvci(context.random)
  const dcc = testDcc(event.person, {
    tt: TEST_TYPE_CODE[t.type],
    ...(t.type === 'molecular' && t.name !== undefined ? { nm: t.name } : {}),
    ...(t.type === 'antigen' && t.device !== undefined ? { ma: t.device } : {}),
    sc: t.sampledAt,
    tr: NOT_DETECTED,
    ...(t.centre === undefined ? {} : { tc: t.centre }),
    co: t.country,
    ci: uvci,
  })
  const codeType = t.type === 'molecular' ? CodeType.CUN : CodeType.NRFE
  return [certificate('test', uvci, dcc, iat, exp, 'ordinary', codeType, event, context.random)]
}

function issueForRecovery(history: PersonHistory, event: RecoveryEvent, context: IssuanceContext): IssuedCertificate[] {
  const r = event.recovery
  const fr = dayOf(r.firstPositive)
  const before = vaccinationStatus(history.events, (item) => item.day < fr)
  const bis = before.stage === 'complete'
  const issued: IssuedCertificate[] = []

  const first = before.firstDose
  if (
    before.stage === 'partial' &&
    first !== undefined &&
    first.vaccination.country === 'IT' &&
    fr > addDays(dayOf(first.vaccination.date), 14)
  ) {
    const cycleCertificate = oneOfOneFor(history, first, context)
    if (cycleCertificate !== undefined) issued.push(cycleCertificate)
  }

  const signer: Signer = bis ? 'recoveryOnly' : 'ordinary'
  const { iat, exp } = cwtValidity(context.at, longValidityEnd(context.at), context.dscs[signer])
  const cleared = dayOf(r.clearedOn)
  const start = addDays(fr, RECOVERY_START_DAYS)
  const uvci = newUvci(context.random)
  const dcc = recoveryDcc(event.person, {
    fr: r.firstPositive,
    co: r.country,
    df: formatDay(cleared > start ? cleared : start),
    du: formatDay(addDays(fr, RECOVERY_DAYS)),
    ci: uvci,
  })
  issued.push(
    certificate('recovery', uvci, dcc, iat, exp, signer, CodeType.NUCG, event, context.random, {
      recoveryBis: bis || undefined,
    }),
  )
  return issued
}

// The 1/1 certificate of a first dose completed by an infection, replacing its 1/2 certificate; none if a 1/1 for
// that dose exists already (a second recovery event for the same infection, a replayed job).
function oneOfOneFor(
  history: PersonHistory,
  firstDose: VaccinationEvent,
  context: IssuanceContext,
): IssuedCertificate | undefined {
  const ofThatDose = history.certificates.filter(
    (c) => c.kind === 'vaccination' && c.dcc.v?.[0]?.dt === firstDose.vaccination.date && c.dcc.v[0].dn === 1,
  )
  if (ofThatDose.some((c) => c.dcc.v?.[0]?.sd === 1)) return undefined
  const partial = ofThatDose.find((c) => c.dcc.v?.[0]?.sd === 2 && !isSuperseded(history, c.uvci))
  return issueVaccinationCertificate(firstDose, { dn: 1, sd: 1 }, context, partial?.uvci)
}

/**
 * A new Italian UVCI from 16 bytes of the injected randomness.
 *
 * @example newUvci(random) // '01IT…#7'
 */
export function newUvci(random: RandomSource): string {
  return makeItalianUvci(randomBytes(random, 16))
}

function certificate(
  kind: IssuedCertificate['kind'],
  uvci: string,
  dcc: IssuedCertificate['dcc'],
  iat: number,
  exp: number,
  signer: Signer,
  codeType: CodeType,
  source: { eventId?: string; facilityId?: string },
  random: RandomSource,
  extra: { supersedes?: string | undefined; recoveryBis?: boolean | undefined } = {},
): IssuedCertificate {
  return {
    kind,
    uvci,
    dcc,
    iat,
    exp,
    signer,
    codeType,
    code: generateCode(codeType, random),
    ...(source.eventId === undefined ? {} : { eventId: source.eventId }),
    ...(source.facilityId === undefined ? {} : { facilityId: source.facilityId }),
    ...(extra.supersedes === undefined ? {} : { supersedes: extra.supersedes }),
    ...(extra.recoveryBis === true ? { recoveryBis: true } : {}),
  }
}
