/**
 * Stores re-issued certificates for one person: signs each with its DSC, stores it with its code hashed, marks the
 * certificate it replaces superseded, and queues its email and SMS. Called inside the person's transaction, so all
 * of it is stored or none.
 */
import type { Kysely } from 'kysely'
import { type Database, findPerson, markSuperseded } from '../db/index.ts'
import type { IssuedCertificate, PersonHistory } from '../domain/index.ts'
import type { IssuanceServices } from '../issuance/intake.ts'
import { type CertificateContact, storeCertificates } from '../issuance/store-certificates.ts'
import { JobError } from './errors.ts'

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
  return storeCertificates(services, db, { fiscalCode, issued, at, eventRef: null, contact })
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
): Promise<CertificateContact> {
  const person = await findPerson(db, fiscalCode)
  const events = [...history.events].reverse()
  return {
    givenName: person?.givenName ?? certificate.dcc.nam.gn ?? '',
    familyName: person?.familyName ?? certificate.dcc.nam.fn ?? '',
    email: person?.email ?? events.find((event) => event.person.email)?.person.email,
    phone: person?.phone ?? events.find((event) => event.person.phone)?.person.phone,
  }
}
