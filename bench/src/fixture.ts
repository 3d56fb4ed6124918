import { generateKeyPairSync, X509Certificate } from 'node:crypto'
import {
  createCertificate,
  ES256,
  encodeHc1,
  exampleVaccinationDcc,
  importDsc,
  makeItalianUvci,
} from '@greenpass/hcert'

/** One HC1 certificate plus what a verifier needs to check it. */
export interface DccFixture {
  /** The QR payload, `HC1:` + Base45(zlib(COSE_Sign1)). */
  readonly hc1: string
  /** DER of the Document Signer Certificate that signed it. */
  readonly dscDer: Uint8Array
  /** The same certificate as PEM. */
  readonly dscPem: string
  /** The COSE kid: first 8 bytes of SHA-256 over `dscDer`. */
  readonly kid: Uint8Array
  /** An instant at which the certificate and the DSC are valid. */
  readonly at: Date
}

const DAY_MS = 86_400_000

/**
 * A DCC 1.3 vaccination certificate, as Italy issues them (ES256, P-256 DSC, 180-day CWT), freshly signed so that
 * every implementation in the benchmark checks the same bytes at an instant when they are valid.
 */
export async function createFixture(now = new Date()): Promise<DccFixture> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const dscDer = await createCertificate({
    subject: 'C=IT, O=Ministero della Salute, CN=greenpass bench DSC',
    publicKey,
    selfSigningKey: privateKey,
    notBefore: new Date(now.getTime() - 30 * DAY_MS),
    notAfter: new Date(now.getTime() + 500 * DAY_MS),
    serialNumber: '42',
  })
  const dsc = importDsc(dscDer)
  const dcc = exampleVaccinationDcc({
    nam: { fn: 'Di Caprio Ferrante', fnt: 'DI<CAPRIO<FERRANTE', gn: 'Marilù Teresa Anna', gnt: 'MARILU<TERESA<ANNA' },
    vaccination: {
      dn: 3,
      sd: 3,
      dt: new Date(now.getTime() - 30 * DAY_MS).toISOString().slice(0, 10),
      is: 'Ministero della Salute - Repubblica Italiana',
      ci: makeItalianUvci(Uint8Array.from({ length: 16 }, (_, i) => i * 17)),
    },
  })
  const hc1 = encodeHc1(dcc, {
    signer: { alg: ES256, privateKey, kid: dsc.kid },
    iss: 'IT',
    iat: new Date(now.getTime() - DAY_MS),
    exp: new Date(now.getTime() + 179 * DAY_MS),
  })
  return { hc1, dscDer, dscPem: new X509Certificate(dscDer).toString(), kid: dsc.kid, at: now }
}
