import type { Dcc, PersonName, Vaccination } from './dcc.ts'

/**
 * A schema-valid DCC 1.3.0 vaccination payload as Italy issues it (Comirnaty, dose 2 of 2), for demos, benchmarks
 * and tests. Any field can be overridden; the names default to a fictitious person.
 *
 * @example encodeHc1(exampleVaccinationDcc({ vaccination: { dt: '2026-11-01' } }), options)
 */
export function exampleVaccinationDcc(
  overrides: { nam?: PersonName; dob?: string; vaccination?: Partial<Vaccination> } = {},
): Dcc {
  return {
    ver: '1.3.0',
    nam: overrides.nam ?? { fn: 'Rossi', fnt: 'ROSSI', gn: 'Maria Lucia', gnt: 'MARIA<LUCIA' },
    dob: overrides.dob ?? '1980-04-12',
    v: [
      {
        tg: '840539006',
        vp: '1119349007',
        mp: 'EU/1/20/1528',
        ma: 'ORG-100030215',
        dn: 2,
        sd: 2,
        dt: '2021-06-01',
        co: 'IT',
        is: 'Ministero della Salute',
        ci: '01ITE7300E1AB2A84C719004F103DCB1F70A#6',
        ...overrides.vaccination,
      },
    ],
  }
}
