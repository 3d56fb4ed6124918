import { type CoseSigner, type Dcc, ES256, encodeHc1, exampleVaccinationDcc, kidOf, makeEuUvci } from '@greenpass/hcert'
import type { Kysely } from 'kysely'
import type { CmsSigner } from './cms/sign.ts'
import type { GatewayClient, GatewayResponse } from './client/index.ts'
import type { GatewayDatabase } from './db/schema.ts'
import { type KeyPairCertificate, makeCertificate } from './operator/certificates.ts'
import { serial } from './operator/data-dir.ts'
import { onboardTrustedParty } from './operator/onboard.ts'

const DAY_MS = 86_400_000

/** A second country for the cross-border story: its CSCA, a DSC the CSCA signs, its UPLOAD and AUTHENTICATION certificates. */
export interface DemoCountry {
  readonly country: string
  readonly csca: KeyPairCertificate
  readonly dsc: KeyPairCertificate
  readonly upload: KeyPairCertificate
  readonly authentication: KeyPairCertificate
  /** The UPLOAD certificate as a CMS signer. */
  readonly uploadSigner: CmsSigner
  /** The minimal issuer: a DCC signed by the DSC, as `HC1:` text. */
  issue(dcc: Dcc, at: Date, validityDays?: number): string
  /** A vaccination (dose 2 of 2, a week before `at`) of a fictitious person, issued by this country. */
  issueVaccination(at: Date): string
  /** Has the trust anchor sign and the gateway load the CSCA, UPLOAD and AUTHENTICATION certificates. */
  onboard(db: Kysely<GatewayDatabase>, trustAnchor: CmsSigner, now: Date): Promise<void>
  /** Uploads the DSC through the gateway API (201 on success). */
  uploadDsc(gateway: GatewayClient): Promise<GatewayResponse>
}

/**
 * Makes a demo country in memory (EC P-256 throughout; the DSC valid a year, the CSCA four).
 *
 * @example const germany = await createDemoCountry({ country: 'DE', now: new Date() })
 */
export async function createDemoCountry(options: { country: string; now: Date }): Promise<DemoCountry> {
  const { country } = options
  const notBefore = new Date(Math.floor(options.now.getTime() / 1000) * 1000 - DAY_MS)
  const years = (n: number) => new Date(notBefore.getTime() + n * 365 * DAY_MS)
  const cscaSubject = `C=${country}, O=greenpass demo, CN=${country} DGC CSCA DEMO`
  const csca = await makeCertificate({
    subject: cscaSubject,
    notBefore,
    notAfter: years(4),
    serialNumber: serial(),
    ca: true,
  })
  const dsc = await makeCertificate({
    subject: `C=${country}, O=greenpass demo, CN=${country} DGC DSC DEMO`,
    notBefore,
    notAfter: years(1),
    serialNumber: serial(),
    issuer: { subject: cscaSubject, privateKey: csca.privateKey },
  })
  const upload = await makeCertificate({
    subject: `C=${country}, O=greenpass demo, CN=${country} DGCG UPLOAD DEMO`,
    notBefore,
    notAfter: years(2),
    serialNumber: serial(),
  })
  const authentication = await makeCertificate({
    subject: `C=${country}, O=greenpass demo, CN=${country} DGCG AUTHENTICATION DEMO`,
    notBefore,
    notAfter: years(2),
    serialNumber: serial(),
  })
  const signer: CoseSigner = { alg: ES256, privateKey: dsc.privateKey, kid: kidOf(dsc.der) }
  const issue = (dcc: Dcc, at: Date, validityDays = 365) =>
    encodeHc1(dcc, { signer, iss: country, iat: at, exp: new Date(at.getTime() + validityDays * DAY_MS) })
  return {
    country,
    csca,
    dsc,
    upload,
    authentication,
    uploadSigner: { certificate: upload.der, privateKey: upload.privateKey },
    issue,
    issueVaccination: (at) => {
      const date = new Date(at.getTime() - 7 * DAY_MS).toISOString().slice(0, 10)
      const ci = makeEuUvci({ country, issuer: 'DEMO', opaque: String(at.getTime()) })
      const dcc = exampleVaccinationDcc({
        nam: { fn: 'Muster', fnt: 'MUSTER', gn: 'Erika', gnt: 'ERIKA' },
        vaccination: { dt: date, co: country, is: `${country} demo issuer`, ci },
      })
      return issue(dcc, at)
    },
    async onboard(db, trustAnchor, now) {
      for (const [certificate, type] of [
        [csca, 'CSCA'],
        [upload, 'UPLOAD'],
        [authentication, 'AUTHENTICATION'],
      ] as const) {
        await onboardTrustedParty(db, trustAnchor, { certificate: certificate.der, type, now })
      }
    },
    uploadDsc: (gateway) =>
      gateway.uploadSignerCertificate(dsc.der, { certificate: upload.der, privateKey: upload.privateKey }),
  }
}
