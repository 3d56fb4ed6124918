/**
 * Stores re-issued certificates for one person: signs each with its DSC, stores it with its code hashed, marks the
 * certificate it replaces superseded, and queues its email and SMS. Called inside the person's transaction, so all
 * of it is stored or none.
 */
import { encodeHc1 } from '@greenpass/hcert'
import type { Kysely } from 'kysely'
import {
  type Database,
  enqueue,
  findPerson,
  insertCertificates,
  markSuperseded,
  type NewCertificateRecord,
  type NewOutboxMessage,
} from '../db/index.ts'
import { codeLookupHash, type IssuedCertificate, maskName, type PersonHistory } from '../domain/index.ts'
import type { IssuanceServices } from '../issuance/intake.ts'
import { emailText, SMS_SENDER, smsText } from '../notify/index.ts'
import { JobError } from './errors.ts'

const DSC_NAMES = { ordinary: 'ordinary', recoveryOnly: 'recovery' } as const

/** Who to tell: names for the masked greeting, and the contacts (either may be absent). */
interface Contact {
  readonly givenName: string
  readonly familyName: string
  readonly email: string | undefined
  readonly phone: string | undefined
}

/**
 * Stores `issued` (each with `supersedes`). A certificate already superseded (another run got there first) is a
 * `JobError('JOB_CONFLICT')`: thrown inside the transaction, it rolls back everything stored here. Returns the number
 * of notifications queued.
 *
 * @example await withTransaction(db, (trx) => storeReissued(services, trx, fiscalCode, history, issued, at))
 */
export async function storeReissued(
  services: IssuanceServices,
  db: Kysely<Database>,
  fiscalCode: string,
  history: PersonHistory,
  issued: readonly IssuedCertificate[],
  at: Date,
): Promise<number> {
  if (issued.length === 0) return 0
  // Supersede first: the conditional update is the job's unique key, so a concurrent run fails here, before signing.
  for (const certificate of issued) {
    if (certificate.supersedes === undefined) continue
    if (!(await markSuperseded(db, certificate.supersedes, certificate.uvci))) {
      throw new JobError('JOB_CONFLICT', `certificate ${certificate.supersedes} was already superseded`)
    }
  }
  const contact = await contactOf(db, fiscalCode, history, issued[0] as IssuedCertificate)
  const records: NewCertificateRecord[] = []
  const messages: NewOutboxMessage[] = []
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
      eventRef: null,
    })
    const notice = {
      maskedName: maskName(contact.givenName, contact.familyName),
      codeType: certificate.codeType,
      code,
      portalUrl: services.portalUrl,
    }
    // The same keys as intake's, per new UVCI: a rerun that somehow reached here again would queue nothing twice.
    if (contact.email !== undefined) {
      messages.push({
        kind: 'email',
        idempotencyKey: `email-${certificate.uvci}`,
        payload: { from: services.emailFrom, to: contact.email, ...emailText(notice) },
      })
    }
    if (contact.phone !== undefined) {
      messages.push({
        kind: 'sms',
        idempotencyKey: `sms-${certificate.uvci}`,
        payload: { from: SMS_SENDER, to: contact.phone, text: smsText(notice) },
      })
    }
  }
  await insertCertificates(db, records)
  return messages.length > 0 ? enqueue(db, messages, at.getTime()) : 0
}

/**
 * The registry's names and contacts (imported, or completed by events); failing those, the latest event's contacts
 * and the certificate's own names.
 */
async function contactOf(
  db: Kysely<Database>,
  fiscalCode: string,
  history: PersonHistory,
  certificate: IssuedCertificate,
): Promise<Contact> {
  const person = await findPerson(db, fiscalCode)
  const events = [...history.events].reverse()
  return {
    givenName: person?.givenName ?? certificate.dcc.nam.gn ?? '',
    familyName: person?.familyName ?? certificate.dcc.nam.fn ?? '',
    email: person?.email ?? events.find((event) => event.person.email)?.person.email,
    phone: person?.phone ?? events.find((event) => event.person.phone)?.person.phone,
  }
}
