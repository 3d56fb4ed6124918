import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import {
  createCertificate,
  type Dcc,
  type DccType,
  type Dsc,
  exampleVaccinationDcc,
  importDsc,
} from '../../src/index.ts'

export interface TestSigner {
  readonly privateKey: KeyObject
  readonly dsc: Dsc
}

/** A throw-away DSC (self-signed) with an EC P-256 or RSA key, valid from `notBefore` to `notAfter`. */
export async function testSigner(options: {
  kind?: 'ec' | 'rsa'
  notBefore?: Date
  notAfter?: Date
  dccTypes?: DccType[]
}): Promise<TestSigner> {
  const { privateKey, publicKey } =
    options.kind === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const der = await createCertificate({
    subject: 'C=IT, O=greenpass tests, CN=test DSC',
    publicKey,
    selfSigningKey: privateKey,
    notBefore: options.notBefore ?? new Date('2026-01-01T00:00:00Z'),
    notAfter: options.notAfter ?? new Date('2028-01-01T00:00:00Z'),
    serialNumber: '0a1b2c',
    dccTypes: options.dccTypes,
  })
  return { privateKey, dsc: importDsc(der) }
}

/** The example vaccination, with top-level fields overridden (e.g. a second group). */
export function sampleVaccination(overrides: Partial<Dcc> = {}): Dcc {
  return {
    ...exampleVaccinationDcc({
      nam: { fn: 'Rossi', fnt: 'ROSSI', gn: 'Mario', gnt: 'MARIO' },
      dob: '1970-01-01',
      vaccination: { dt: '2026-10-01' },
    }),
    ...overrides,
  }
}
