// Shared fixtures of the domain tests: a seeded random source, a fixed intake instant, events by kind.
import { type IssuanceContext, type RandomSource, type ValidEvent, validateEvent } from '../../src/domain/index.ts'

/** A deterministic random source (xorshift32), different per seed. */
export function seededRandom(seed = 1): RandomSource {
  let state = seed >>> 0 || 1
  return (bytes) => {
    const out = new Uint8Array(bytes)
    for (let i = 0; i < bytes; i++) {
      state ^= state << 13
      state >>>= 0
      state ^= state >>> 17
      state ^= state << 5
      state >>>= 0
      out[i] = state & 0xff
    }
    return out
  }
}

export const PERSON = {
  fiscalCode: 'RSSMRA85T10A562S',
  givenName: 'Maria',
  familyName: 'Rossi',
  dateOfBirth: '1985-12-10',
  tesseraSanitaria: { number: '80380000001234567890', expiry: '2027-06-30' },
  email: 'maria.rossi@example.it',
  phone: '+39 333 1234567',
}

export const FAR_DSCS = {
  ordinary: { notAfter: new Date('2030-01-01T00:00:00Z') },
  recoveryOnly: { notAfter: new Date('2030-01-01T00:00:00Z') },
}

export function context(at: string, seed = 7, dscs = FAR_DSCS): IssuanceContext {
  return { at: new Date(at), dscs, random: seededRandom(seed) }
}

let counter = 0

/** A valid vaccination event for PERSON on `date` (validated at noon of that day, Rome). */
export function dose(date: string, product = 'EU/1/20/1528', country = 'IT'): ValidEvent {
  const manufacturer: Record<string, string> = {
    'EU/1/20/1528': 'ORG-100030215',
    'EU/1/20/1507': 'ORG-100031184',
    'EU/1/20/1525': 'ORG-100001417',
    'Sputnik-V': 'Gamaleya-Research-Institute',
  }
  return validateEvent(
    {
      kind: 'vaccination',
      eventId: `V-${++counter}`,
      person: PERSON,
      vaccination: {
        product,
        manufacturer: manufacturer[product] ?? 'ORG-100030215',
        prophylaxis: product === 'EU/1/20/1525' ? '1119305005' : '1119349007',
        date,
        country,
      },
    },
    new Date(`${date}T12:00:00Z`),
  )
}

/** A valid test event sampled at `sampledAt` (an instant with offset). */
export function test(
  sampledAt: string,
  type: 'molecular' | 'antigen',
  result: 'negative' | 'positive' = 'negative',
): ValidEvent {
  return validateEvent(
    {
      kind: 'test',
      eventId: `T-${++counter}`,
      person: PERSON,
      test: {
        type,
        sample: type === 'molecular' ? 'nasopharyngeal-swab' : 'nasal-swab',
        ...(type === 'antigen' ? { device: '1232' } : { name: 'Allplex SARS-CoV-2' }),
        sampledAt,
        result,
        centre: 'Farmacia Centrale',
      },
    },
    new Date(Date.parse(sampledAt) + 3_600_000),
  )
}

/** A valid recovery event. */
export function recovery(firstPositive: string, clearedOn: string): ValidEvent {
  return validateEvent(
    { kind: 'recovery', eventId: `R-${++counter}`, person: PERSON, recovery: { firstPositive, clearedOn } },
    new Date(`${clearedOn}T12:00:00Z`),
  )
}
