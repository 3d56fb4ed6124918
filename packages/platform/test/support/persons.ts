import { fiscalCodeCheckCharacter } from '../../src/domain/index.ts'

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const MONTHS = 'ABCDEHLMPRST'

/** Six letters spelling `n` in base 26 (distinct for n < 26^6). */
function letters(n: number): string {
  let out = ''
  for (let i = 0; i < 6; i++) {
    out = (LETTERS[n % 26] as string) + out
    n = Math.floor(n / 26)
  }
  return out
}

/**
 * The i-th synthetic person: a distinct, valid codice fiscale (its name letters encode `i`; birth 1950–1999), with
 * an email and a phone, as an intake event's `person`.
 */
export function syntheticPerson(i: number) {
  const year = 1950 + (i % 50)
  const month = i % 12
  const day = 1 + (i % 28)
  const female = i % 2 === 1
  const first15 =
    `${letters(i)}${String(year % 100).padStart(2, '0')}${MONTHS[month]}` +
    `${String(female ? day + 40 : day).padStart(2, '0')}H501`
  return {
    fiscalCode: first15 + fiscalCodeCheckCharacter(first15),
    givenName: female ? 'Maria' : 'Mario',
    familyName: `Rossi${letters(i).toLowerCase()}`,
    dateOfBirth: `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    email: `p${i}@example.org`,
    phone: `+39333${String(i).padStart(7, '0')}`,
  }
}

/** A first Comirnaty dose for the i-th synthetic person (event id `dose1-<i>`). */
export function firstDoseEvent(i: number, date = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)) {
  return {
    kind: 'vaccination',
    eventId: `dose1-${i}`,
    person: syntheticPerson(i),
    vaccination: {
      product: 'EU/1/20/1528',
      manufacturer: 'ORG-100030215',
      prophylaxis: '1119349007',
      date,
      country: 'IT',
    },
  }
}
