import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import {
  createCertificate,
  type Dcc,
  ES256,
  encodeHc1,
  exampleVaccinationDcc,
  importDsc,
  PS256,
  type Dsc,
} from '@greenpass/hcert'

/** A DSC with its private key, as an issuing country holds it. */
export interface TestSigner {
  readonly dsc: Dsc
  /** base64 DER, as the trust list serves it. */
  readonly der: string
  readonly privateKey: KeyObject
  readonly alg: typeof ES256 | typeof PS256
}

export async function makeSigner(name: string, kind: 'ec' | 'rsa' = 'ec'): Promise<TestSigner> {
  const { privateKey, publicKey } =
    kind === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 })
  const der = await createCertificate({
    subject: `C=IT, O=greenpass tests, CN=${name}`,
    publicKey,
    selfSigningKey: privateKey,
    notBefore: new Date('2021-01-01T00:00:00Z'),
    notAfter: new Date('2031-01-01T00:00:00Z'),
    serialNumber: '0a',
  })
  return {
    dsc: importDsc(der),
    der: Buffer.from(der).toString('base64'),
    privateKey,
    alg: kind === 'ec' ? ES256 : PS256,
  }
}

export function issue(signer: TestSigner, dcc: Dcc, at: Date): string {
  return encodeHc1(dcc, {
    signer: { alg: signer.alg, privateKey: signer.privateKey, kid: signer.dsc.kid },
    iss: 'IT',
    iat: new Date(at.getTime() - 86_400_000),
    exp: new Date(at.getTime() + 365 * 86_400_000),
  })
}

const day = (at: Date, offset: number) => new Date(at.getTime() + offset * 86_400_000).toISOString().slice(0, 10)

/** The certificates the app is tested with, around the instant `at` (each with its own UVCI). */
export function testDccs(at: Date) {
  return {
    /** 3/3: VALID in every mode. */
    booster: exampleVaccinationDcc({ vaccination: { dn: 3, sd: 3, dt: day(at, -30), ci: 'URN:UVCI:01:IT:BOOSTER#1' } }),
    /** 2/2 ten months ago: EXPIRED (complete cycles end at day 180). */
    expired: exampleVaccinationDcc({ vaccination: { dt: day(at, -300), ci: 'URN:UVCI:01:IT:EXPIRED#2' } }),
    /** 2/2 last month: VALID in 3G, TEST_NEEDED in BOOSTER mode. */
    primaryCycle: exampleVaccinationDcc({
      nam: { fn: 'Bianchi', fnt: 'BIANCHI', gn: 'Luca', gnt: 'LUCA' },
      dob: '1975-02-03',
      vaccination: { dt: day(at, -30), ci: 'URN:UVCI:01:IT:PRIMARY#3' },
    }),
    /** To be revoked through the DRL. */
    revoked: exampleVaccinationDcc({ vaccination: { dn: 3, sd: 3, dt: day(at, -20), ci: 'URN:UVCI:01:IT:REVOKED#4' } }),
    /** A negative rapid test two hours old: the second scan of DOUBLE_SCAN. */
    test: {
      ver: '1.3.0',
      nam: { fn: 'Bianchi', fnt: 'BIANCHI', gn: 'Luca', gnt: 'LUCA' },
      dob: '1975-02-03',
      t: [
        {
          tg: '840539006',
          tt: 'LP217198-3',
          ma: '1232',
          sc: new Date(at.getTime() - 2 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          tr: '260415000',
          tc: 'Farmacia Centrale',
          co: 'IT',
          is: 'Ministero della Salute',
          ci: 'URN:UVCI:01:IT:TEST#5',
        },
      ],
    } as Dcc,
  }
}
