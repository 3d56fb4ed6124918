/**
 * Vaccination classes (italian-verification-rules.md §4) and the EMA rule. Android, Node ≥ 1.1.1, PHP and the
 * documentation agree on the classes:
 *
 * | Class        | Rule                                                                    |
 * |--------------|-------------------------------------------------------------------------|
 * | not complete | `dn < sd`                                                               |
 * | complete     | `dn ≥ sd`                                                               |
 * | booster      | (subset of complete) Janssen: `dn ≥ 2`; any other product: `dn ≥ 3` or `dn > sd` |
 *
 * So 1/1 Janssen is a complete cycle; 2/1 (any product), 2/2 Janssen, 3/2, 3/3, 4/4 are boosters; 2/2 of another
 * product is a complete cycle.
 */

/** Janssen (Johnson & Johnson), the one-dose vaccine: its complete cycle starts later and its booster is dose 2. */
export const JANSSEN = 'EU/1/20/1525'

/** Sputnik-V counts as EMA-authorised only when given in San Marino (§4). */
export const SPUTNIK_V = 'Sputnik-V'

export const VaccinationClass = Object.freeze({
  NOT_COMPLETE: 'NOT_COMPLETE',
  COMPLETE: 'COMPLETE',
  BOOSTER: 'BOOSTER',
})

export type VaccinationClass = (typeof VaccinationClass)[keyof typeof VaccinationClass]

/**
 * The class of dose `dn` of `sd` of product `mp`. Doses are taken as given (≥ 1; the caller refuses others).
 *
 * @example classifyVaccination(2, 2, 'EU/1/20/1525') // 'BOOSTER' (Janssen 2/2)
 */
export function classifyVaccination(dn: number, sd: number, mp: string): VaccinationClass {
  if (dn < sd) return VaccinationClass.NOT_COMPLETE
  const booster = mp === JANSSEN ? dn >= 2 : dn >= 3 || dn > sd
  return booster ? VaccinationClass.BOOSTER : VaccinationClass.COMPLETE
}

/**
 * Whether the vaccine counts as EMA-authorised: `mp` is in the `EMA_vaccines` setting, or it is Sputnik-V given in
 * San Marino (`co = SM`). The list always comes from the settings, never from a constant (§10 item 12).
 *
 * @example isEmaVaccine('Sputnik-V', 'SM', settings.emaVaccines) // true
 */
export function isEmaVaccine(mp: string, co: string | undefined, emaVaccines: ReadonlySet<string>): boolean {
  return emaVaccines.has(mp) || (mp === SPUTNIK_V && co === 'SM')
}
