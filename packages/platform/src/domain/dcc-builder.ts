/**
 * DCC 1.3.0 payloads as the Italian platform writes them: issuer "Ministero della Salute", names standardised,
 * one entry per certificate (hcert-format.md §9).
 */
import type { Dcc, PersonName, Recovery, Test, Vaccination } from '@greenpass/hcert'
import type { Person } from './events.ts'
import { standardiseName } from './standardised-name.ts'

/** The schema release the platform issues. */
export const DCC_VERSION = '1.3.0'
/** `is` of every Italian certificate. */
export const ITALIAN_ISSUER = 'Ministero della Salute'
/** `tg`: COVID-19 (SNOMED CT). */
export const COVID_19 = '840539006'
/** `tt` codes. */
export const TEST_TYPE_CODE = Object.freeze({ molecular: 'LP6464-4', antigen: 'LP217198-3' })
/** `tr`: not detected. */
export const NOT_DETECTED = '260415000'

/**
 * The `nam` and `dob` of a person (an empty given name is left out, with its standardised form).
 *
 * @example personPart({ givenName: 'Maria', familyName: 'Rossi', … }).nam // { fn: 'Rossi', fnt: 'ROSSI', gn: 'Maria', gnt: 'MARIA' }
 */
export function personPart(person: Person): { nam: PersonName; dob: string } {
  const nam: PersonName = { fn: person.familyName, fnt: standardiseName(person.familyName) }
  if (person.givenName !== '') {
    nam.gn = person.givenName
    nam.gnt = standardiseName(person.givenName)
  }
  return { nam, dob: person.dateOfBirth }
}

/** A vaccination DCC. */
export function vaccinationDcc(person: Person, entry: Omit<Vaccination, 'tg' | 'is'>): Dcc {
  return { ver: DCC_VERSION, ...personPart(person), v: [{ tg: COVID_19, ...entry, is: ITALIAN_ISSUER }] }
}

/** A test DCC. */
export function testDcc(person: Person, entry: Omit<Test, 'tg' | 'is'>): Dcc {
  return { ver: DCC_VERSION, ...personPart(person), t: [{ tg: COVID_19, ...entry, is: ITALIAN_ISSUER }] }
}

/** A recovery DCC. */
export function recoveryDcc(person: Person, entry: Omit<Recovery, 'tg' | 'is'>): Dcc {
  return { ver: DCC_VERSION, ...personPart(person), r: [{ tg: COVID_19, ...entry, is: ITALIAN_ISSUER }] }
}
