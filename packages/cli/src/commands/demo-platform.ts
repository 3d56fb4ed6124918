import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { TEST_IDENTITIES, TEST_PASSWORD } from '@greenpass/idp'
import { fiscalCodeCheckCharacter } from '@greenpass/platform'

const DAY = 86_400_000

/** `greenpass demo --platform` cannot start: the demo facility's key is not in the data folder it was given. */
export class DemoSetupError extends Error {
  override name = 'DemoSetupError'
  readonly code = 'DEMO_FACILITY_KEY_MISSING'
}

/** The demo facility's API key from the platform's data folder, or a DemoSetupError naming the file and the flag. */
async function demoFacilityKey(url: string, dataDir: string): Promise<string> {
  const file = join(dataDir, 'demo-facility.key')
  try {
    return (await readFile(file, 'utf8')).trim()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    throw new DemoSetupError(
      `No demo facility key at ${file}: the platform at ${url} keeps its data in another folder. ` +
        'Pass that folder with --data <dir> (the --data given to greenpass start).',
      { cause: error },
    )
  }
}

/**
 * Loads a few persons and events into a running platform through its intake API, as a health facility would:
 * a two-dose cycle and a booster, a Janssen dose, a negative antigen test. The platform then issues the
 * certificates and sends their codes to its dev mailbox and SMS sink. The embedded SPID/CIE provider's test identities
 * get a health card and a two-dose cycle each, so a newcomer can log in to the portal and see certificates.
 */
export async function runPlatformDemo(url: string, dataDir: string, now: Date, print: (line: string) => void) {
  const key = await demoFacilityKey(url, dataDir)
  const day = (offset: number) => new Date(now.getTime() + offset * DAY).toISOString().slice(0, 10)
  const person = (n: number, givenName: string, familyName: string) => {
    const first15 = `DMOPRS80A01H${String(n).padStart(3, '0')}`
    return {
      fiscalCode: first15 + fiscalCodeCheckCharacter(first15),
      givenName,
      familyName,
      dateOfBirth: '1980-01-01',
      email: `${givenName.toLowerCase()}@example.org`,
      phone: `+39333000000${n}`,
    }
  }
  const pfizer = { product: 'EU/1/20/1528', manufacturer: 'ORG-100030215', prophylaxis: '1119349007' }
  const maria = person(1, 'Maria', 'Rossi')
  const luca = person(2, 'Luca', 'Bianchi')
  const anna = person(3, 'Anna', 'Verdi')
  const events = [
    { kind: 'vaccination', eventId: 'demo-maria-1', person: maria, vaccination: { ...pfizer, date: day(-240) } },
    { kind: 'vaccination', eventId: 'demo-maria-2', person: maria, vaccination: { ...pfizer, date: day(-219) } },
    { kind: 'vaccination', eventId: 'demo-maria-3', person: maria, vaccination: { ...pfizer, date: day(-30) } },
    {
      kind: 'vaccination',
      eventId: 'demo-luca-1',
      person: luca,
      vaccination: {
        product: 'EU/1/20/1525',
        manufacturer: 'ORG-100001417',
        prophylaxis: '29061000087103',
        date: day(-20),
      },
    },
    {
      kind: 'test',
      eventId: 'demo-anna-1',
      person: anna,
      test: {
        type: 'antigen',
        sample: 'nasal-swab',
        device: '1232',
        sampledAt: new Date(now.getTime() - 3_600_000).toISOString(),
        result: 'negative',
      },
    },
    ...TEST_IDENTITIES.flatMap((identity, n) => {
      const holder = {
        fiscalCode: identity.fiscalCode,
        givenName: identity.givenName,
        familyName: identity.familyName,
        dateOfBirth: identity.dateOfBirth,
        email: identity.email,
        phone: `+39333100000${n}`,
        tesseraSanitaria: { number: `8038000000000000000${n}`, expiry: day(1000) },
      }
      return [1, 2].map((dose) => ({
        kind: 'vaccination',
        eventId: `demo-${identity.fiscalCode}-${dose}`,
        person: holder,
        vaccination: { ...pfizer, date: day(dose === 1 ? -70 : -49) },
      }))
    }),
  ]
  const response = await fetch(`${url.replace(/\/$/, '')}/v1/intake/events/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ events }),
  })
  if (!response.ok)
    throw new Error(`the platform refused the demo events: HTTP ${response.status} ${await response.text()}`)
  const { results } = (await response.json()) as {
    results: { status: string; certificates?: { kind: string; codeType: string }[] }[]
  }
  const issued = results.flatMap((result) => result.certificates ?? [])
  print(`${events.length} events sent, ${issued.length} certificates issued:`)
  for (const certificate of issued) print(`  ${certificate.kind} (${certificate.codeType})`)
  print(`Portal logins (SPID/CIE test provider, password "${TEST_PASSWORD}") and their health cards:`)
  TEST_IDENTITIES.forEach((identity, n) =>
    print(`  ${identity.fiscalCode}  card last 8 digits 0000000${n}, expiry ${day(1000)}`),
  )
  print('Their codes are on their way to the dev mailbox and SMS sink (URLs printed by greenpass start).')
}
