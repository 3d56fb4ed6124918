import { encodeHc1 } from '@greenpass/hcert'
import type { Kysely } from 'kysely'
import {
  type Database,
  enqueue,
  insertCertificates,
  type NewCertificateRecord,
  type NewOutboxMessage,
} from '../db/index.ts'
import { codeLookupHash, type IssuedCertificate, maskName } from '../domain/index.ts'
import { emailText, SMS_SENDER, smsText } from '../notify/index.ts'
import type { IssuanceServices } from './intake.ts'
import { type IoDelivery, ioDelivery, storeIoDeliveries } from './io-messages.ts'

/** The key-store names of the two DSCs the domain's `signer` refers to. */
const DSC_NAMES = { ordinary: 'ordinary', recoveryOnly: 'recovery' } as const

/** Who to tell: the names for the masked greeting and the contacts (either may be absent). */
export interface CertificateContact {
  readonly givenName: string
  readonly familyName: string
  readonly email: string | undefined
  readonly phone: string | undefined
}

/** What issuing an event's certificates writes: the certificate records and the notifications announcing them. */
export interface PreparedCertificates {
  readonly records: NewCertificateRecord[]
  readonly messages: NewOutboxMessage[]
  /** What IO needs of each certificate (see `io-messages.ts`); its message, if any, is already in `messages`. */
  readonly io: IoDelivery[]
}

/**
 * Signs each certificate with its DSC, stores it with its code hashed (the clear code only goes into the queued
 * notifications), and queues one email and one SMS per certificate, keyed by UVCI so that nothing is queued twice.
 * Called inside the caller's transaction: all of it is stored or none. Returns the number of notifications queued.
 *
 * @example await storeCertificates(services, trx, { fiscalCode, issued, at, eventRef, contact })
 */
export async function storeCertificates(
  services: IssuanceServices,
  db: Kysely<Database>,
  batch: CertificateBatch,
): Promise<number> {
  return storePrepared(db, prepareCertificates(services, batch), batch.at)
}

/** Stores prepared certificates and their notifications (in the caller's transaction). Returns the messages queued. */
export async function storePrepared(db: Kysely<Database>, prepared: PreparedCertificates, at: Date): Promise<number> {
  if (prepared.records.length === 0) return 0
  await insertCertificates(db, prepared.records)
  await storeIoDeliveries(db, prepared.io)
  return prepared.messages.length > 0 ? enqueue(db, prepared.messages, at.getTime()) : 0
}

/** The certificates an event produced, for one holder. */
export interface CertificateBatch {
  readonly fiscalCode: string
  readonly issued: readonly IssuedCertificate[]
  readonly at: Date
  readonly eventRef: number | null
  readonly contact: CertificateContact
}

/**
 * The signing and building half of {@link storeCertificates}, with no I/O: the records (signed `HC1:`, code hashed)
 * and the notifications (the clear code travels only in them). Batch intake prepares many events' certificates and
 * stores them with one statement per table.
 */
export function prepareCertificates(services: IssuanceServices, batch: CertificateBatch): PreparedCertificates {
  const { fiscalCode, issued, at, eventRef, contact } = batch
  const records: NewCertificateRecord[] = []
  const messages: NewOutboxMessage[] = []
  const io: IoDelivery[] = []
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
      maskedName: maskName(contact.givenName, contact.familyName),
      codeType: certificate.codeType,
      code,
      portalUrl: services.portalUrl,
    }
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
    // IO (issue 6): the record a later first login needs, and the IO message when the platform talks to IO.
    const delivery = ioDelivery(
      { uvci: certificate.uvci, fiscalCode, kind: certificate.kind, code },
      { pepper: services.codePepper, random: services.random, at, queue: services.ioMessages === true },
    )
    io.push(delivery)
    if (delivery.message) messages.push(delivery.message)
  }
  return { records, messages, io }
}
