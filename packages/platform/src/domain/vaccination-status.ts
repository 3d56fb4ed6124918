/**
 * Where a person stands in their vaccination, replayed from their history of doses and infections, and the EU dose
 * encoding (in force from 2021-12-27) of their next dose.
 *
 * | before the dose                                          | dose        | encoding |
 * |----------------------------------------------------------|-------------|----------|
 * | nothing                                                  | Janssen (or another one-dose product) | 1/1 |
 * | nothing, but an infection recorded before the dose       | any         | 1/1      |
 * | nothing                                                  | two-dose product | 1/2 |
 * | a first dose of a two-dose product                       | any         | 2/2      |
 * | a two-dose cycle (2/2, n/n)                              | any         | n+1/n+1 (3/3, 4/4) |
 * | a one-dose cycle (Janssen 1/1, dose after infection 1/1, first dose + infection > 14 days) | any | n+1/1 (2/1, 3/1) |
 *
 * Infections are the first positive molecular tests and the `fr` of recoveries. An infection more than 14 days after
 * the first dose of a two-dose product completes the cycle (a one-dose cycle); within 14 days it changes nothing, and
 * the second dose completes the cycle as 2/2 (the seeds' "within 180 days of the infection" changes no encoding).
 *
 * Doses given abroad count like Italian ones, whatever the product (a two-dose non-EMA cycle abroad followed by an
 * Italian booster gives 3/3).
 */
import { addDays, type CalendarDay, parseDate, romeDay } from '@greenpass/rules'
import type { ValidEvent, VaccinationEvent } from './events.ts'

/** Products whose primary cycle is one dose: Janssen (Jcovden), Sputnik Light, Convidecia. */
export const SINGLE_DOSE_PRODUCTS: ReadonlySet<string> = new Set(['EU/1/20/1525', 'Sputnik-Light', 'Convidecia'])

/** Days after a first dose beyond which an infection completes the cycle. */
export const INFECTION_COMPLETES_AFTER_DAYS = 14

/** How the primary cycle was completed. */
export type PrimaryCycle = 'two-dose' | 'single-dose-product' | 'dose-after-infection' | 'infection-after-first-dose'

/** The vaccination state of a person at some day. */
export interface VaccinationStatus {
  readonly stage: 'none' | 'partial' | 'complete'
  /** Set when `stage` is `complete`. */
  readonly primary?: PrimaryCycle
  /** Doses administered so far (the infection that completes a cycle is not a dose). */
  readonly doses: number
  /** The first dose, while `stage` is `partial` (and after, for reference). */
  readonly firstDose?: VaccinationEvent
  /** An infection was recorded before now. */
  readonly infected: boolean
}

/** A dose encoding: `dn` of `sd`. */
export interface DoseEncoding {
  readonly dn: number
  readonly sd: number
}

const NONE: VaccinationStatus = { stage: 'none', doses: 0, infected: false }

type Item = { day: CalendarDay; order: number } & ({ type: 'dose'; event: VaccinationEvent } | { type: 'infection' })

/**
 * The days of the person's infections: the Rome day of each positive molecular test, the `fr` of each recovery.
 *
 * @example infectionDays(history.events) // [19000, 19170]
 */
export function infectionDays(events: readonly ValidEvent[]): CalendarDay[] {
  const days: CalendarDay[] = []
  for (const event of events) {
    if (event.kind === 'test' && event.test.type === 'molecular' && event.test.result === 'positive') {
      days.push(romeDay(new Date(event.test.sampledAt)))
    } else if (event.kind === 'recovery') {
      days.push(dayOf(event.recovery.firstPositive))
    }
  }
  return days
}

/**
 * The status from replaying, in date order, the doses and infections of `events` that `include` selects (doses
 * before infections on the same day; equal days keep the recording order).
 *
 * @example vaccinationStatus(history.events, (item) => item.day < fr)
 */
export function vaccinationStatus(
  events: readonly ValidEvent[],
  include: (item: { type: 'dose' | 'infection'; day: CalendarDay }) => boolean,
): VaccinationStatus {
  const items: Item[] = []
  events.forEach((event, index) => {
    if (event.kind === 'vaccination')
      items.push({ type: 'dose', day: dayOf(event.vaccination.date), order: index, event })
  })
  infectionDays(events).forEach((day, index) => items.push({ type: 'infection', day, order: events.length + index }))
  items.sort((a, b) => a.day - b.day || (a.type === b.type ? a.order - b.order : a.type === 'dose' ? -1 : 1))
  let status = NONE
  for (const item of items) {
    if (!include(item)) continue
    status = item.type === 'dose' ? afterDose(status, item.event) : afterInfection(status, item.day)
  }
  return status
}

/**
 * The encoding of the next dose of `product` for a person in `status`.
 *
 * @example nextDoseEncoding({ stage: 'complete', primary: 'two-dose', doses: 2, infected: false }, 'EU/1/20/1528')
 * // { dn: 3, sd: 3 }
 */
export function nextDoseEncoding(status: VaccinationStatus, product: string): DoseEncoding {
  switch (status.stage) {
    case 'none':
      return SINGLE_DOSE_PRODUCTS.has(product) || status.infected ? { dn: 1, sd: 1 } : { dn: 1, sd: 2 }
    case 'partial':
      return { dn: 2, sd: 2 }
    case 'complete': {
      const dn = status.doses + 1
      return { dn, sd: status.primary === 'two-dose' ? dn : 1 }
    }
  }
}

/**
 * True when the person had completed a cycle (or a booster) strictly before `day`.
 *
 * @example completedBefore(history.events, dayOf('2022-01-10'))
 */
export function completedBefore(events: readonly ValidEvent[], day: CalendarDay): boolean {
  return vaccinationStatus(events, (item) => item.day < day).stage === 'complete'
}

/** A `YYYY-MM-DD` date of a validated event as a calendar day. */
export function dayOf(date: string): CalendarDay {
  const day = parseDate(date)
  if (day === undefined) throw new TypeError(`not a validated date: ${date}`)
  return day
}

function afterDose(status: VaccinationStatus, event: VaccinationEvent): VaccinationStatus {
  const { sd } = nextDoseEncoding(status, event.vaccination.product)
  const doses = status.doses + 1
  if (status.stage === 'none') {
    if (sd === 2) return { ...status, stage: 'partial', doses, firstDose: event }
    const primary = SINGLE_DOSE_PRODUCTS.has(event.vaccination.product) ? 'single-dose-product' : 'dose-after-infection'
    return { ...status, stage: 'complete', primary, doses, firstDose: event }
  }
  if (status.stage === 'partial') return { ...status, stage: 'complete', primary: 'two-dose', doses }
  return { ...status, doses }
}

function afterInfection(status: VaccinationStatus, day: CalendarDay): VaccinationStatus {
  const first = status.firstDose
  if (
    status.stage === 'partial' &&
    first !== undefined &&
    day > addDays(dayOf(first.vaccination.date), INFECTION_COMPLETES_AFTER_DAYS)
  ) {
    return { ...status, stage: 'complete', primary: 'infection-after-first-dose', infected: true }
  }
  return { ...status, infected: true }
}
