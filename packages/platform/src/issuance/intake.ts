import { encodeHc1 } from '@greenpass/hcert'
import type { Kysely } from 'kysely'
import {
  type Database,
  enqueue,
  insertCertificates,
  markSuperseded,
  recordEventOnce,
  upsertPerson,
} from '../db/index.ts'
import {
  codeLookupHash,
  decideIssuance,
  type IssuedCertificate,
  maskName,
  type RandomSource,
  type ValidEvent,
  validateEvent,
} from '../domain/index.ts'
import { loadHistory } from '../jobs/load-history.ts'
import type { KeyStore } from '../keys/index.ts'
import { emailText, SMS_SENDER, smsText } from '../notify/index.ts'

/** What issuing needs: storage, keys, secrets and the clock, all passed in. */
export interface IssuanceServices {
  readonly db: Kysely<Database>
  readonly keys: KeyStore
  /** Secret mixed into code hashes, so a stolen database does not give codes away by brute force. */
  readonly codePepper: string
  readonly random: RandomSource
  readonly now: () => Date
  readonly portalUrl: string
  readonly emailFrom: string
}

/** What the facility gets back: the certificates issued (never their codes: those go to the citizen only). */
export interface IntakeOutcome {
  readonly eventId: string
  readonly certificates: readonly { readonly uvci: string; readonly kind: string; readonly codeType: string }[]
}

const DSC_NAMES = { ordinary: 'ordinary', recoveryOnly: 'recovery' } as const

/**
 * Takes one event from a facility: validates it (a `DomainError('EVENT_INVALID')` listing every problem), then in
 * ONE transaction records it (idempotent by facility and event id), updates the registry, decides and signs its
 * certificates, stores them with their code hashes and queues the notifications. The same event twice gives the
 * first outcome and nothing more.
 */
export async function intakeEvent(
  services: IssuanceServices,
  facilityId: string,
  input: unknown,
): Promise<IntakeOutcome> {
  const at = services.now()
  const event: ValidEvent = { ...validateEvent(input, at), facilityId }
  const fiscalCode = event.person.fiscalCode
  const { outcome } = await recordEventOnce(
    services.db,
    { facilityId, eventId: event.eventId, kind: event.kind, fiscalCode, payload: event, receivedAt: at.getTime() },
    async (trx, eventRef) => {
      await upsertPerson(trx, personRecord(event), at.getTime())
      const history = await loadHistory(trx, fiscalCode, { facilityId, eventId: event.eventId })
      const issued = decideIssuance(history, event, {
        at,
        random: services.random,
        dscs: {
          ordinary: services.keys.signer(DSC_NAMES.ordinary),
          recoveryOnly: services.keys.signer(DSC_NAMES.recoveryOnly),
        },
      })
      await storeIssued(services, trx, fiscalCode, issued, at, eventRef, event)
      return {
        eventId: event.eventId,
        certificates: issued.map(({ uvci, kind, codeType }) => ({ uvci, kind, codeType })),
      } satisfies IntakeOutcome
    },
  )
  return outcome
}

async function storeIssued(
  services: IssuanceServices,
  db: Kysely<Database>,
  fiscalCode: string,
  issued: readonly IssuedCertificate[],
  at: Date,
  eventRef: number,
  event: ValidEvent,
): Promise<void> {
  if (issued.length === 0) return
  const records = []
  const messages = []
  for (const certificate of issued) {
    const signer = services.keys.signer(DSC_NAMES[certificate.signer])
    if (!signer.coseSigner) throw new Error(`DSC ${signer.name} has no in-process key`)
    const hc1 = encodeHc1(certificate.dcc, {
      signer: signer.coseSigner,
      iss: 'IT',
      iat: new Date(certificate.iat * 1000),
      exp: new Date(certificate.exp * 1000),
      signerNotAfter: signer.notAfter,
    })
    const { code, ...kept } = certificate
    const entry = certificate.dcc.v?.[0]
    records.push({
      uvci: certificate.uvci,
      fiscalCode,
      kind: certificate.kind,
      dn: entry?.dn ?? null,
      sd: entry?.sd ?? null,
      payload: kept,
      hc1,
      codeType: certificate.codeType,
      codeHash: codeLookupHash(code, services.codePepper),
      signer: signer.kidBase64,
      iat: certificate.iat,
      exp: certificate.exp,
      issuedAt: at.getTime(),
      eventRef,
    })
    const notice = {
      maskedName: maskName(event.person.givenName, event.person.familyName),
      codeType: certificate.codeType,
      code,
      portalUrl: services.portalUrl,
    }
    if (event.person.email) {
      messages.push({
        kind: 'email' as const,
        idempotencyKey: `email-${certificate.uvci}`,
        payload: { from: services.emailFrom, to: event.person.email, ...emailText(notice) },
      })
    }
    if (event.person.phone) {
      messages.push({
        kind: 'sms' as const,
        idempotencyKey: `sms-${certificate.uvci}`,
        payload: { from: SMS_SENDER, to: event.person.phone, text: smsText(notice) },
      })
    }
  }
  await insertCertificates(db, records)
  for (const certificate of issued) {
    if (certificate.supersedes) await markSuperseded(db, certificate.supersedes, certificate.uvci)
  }
  if (messages.length > 0) await enqueue(db, messages, at.getTime())
}

function personRecord(event: ValidEvent) {
  const { person } = event
  return {
    fiscalCode: person.fiscalCode,
    givenName: person.givenName,
    familyName: person.familyName,
    dob: person.dateOfBirth,
    tsNumber: person.tesseraSanitaria?.number ?? null,
    tsExpiry: person.tesseraSanitaria?.expiry ?? null,
    email: person.email ?? null,
    phone: person.phone ?? null,
  }
}
