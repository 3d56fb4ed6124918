/**
 * Retrieval for persons vaccinated in Italy who are not enrolled in the national health service (no tessera
 * sanitaria, so no card to type): the fiscal code, or the identifier they were registered under at vaccination, and
 * the date of their last dose (issuance-and-io.md §4). A person who has a card must use it (or SPID/CIE): this weaker
 * proof opens nothing for them. Same answer and same work for every wrong combination, as with the card.
 */
import type { Kysely } from 'kysely'
import { type Certificate, type Database, findCertificatesByFiscalCode, findPerson } from '../db/index.ts'
import { constantTimeEqual } from '../domain/index.ts'
import { dccOf } from './certificate-facts.ts'

export interface LastDoseRetrieval {
  /** Fiscal code or registration identifier, as typed (trimmed and upper-cased here). */
  readonly identifier: string
  /** `YYYY-MM-DD`. */
  readonly doseDate: string
}

/** The current certificate of the person's last dose, when the date is that of the last dose; otherwise undefined. */
export async function retrieveByLastDose(
  db: Kysely<Database>,
  input: LastDoseRetrieval,
): Promise<Certificate | undefined> {
  const identifier = input.identifier.trim().toUpperCase()
  const person = await findPerson(db, identifier)
  const certificates = await findCertificatesByFiscalCode(db, identifier)
  const last = lastDoseCertificate(certificates)
  const dt = last === undefined ? undefined : dccOf(last).v?.[0]?.dt
  const checks = [
    person !== undefined && person.tsNumber === null,
    constantTimeEqual(dt ?? 'xxxx-xx-xx', input.doseDate),
  ]
  return checks.every(Boolean) ? last : undefined
}

/** The unrevoked vaccination certificate of the latest dose; of several for that dose, the one not superseded. */
function lastDoseCertificate(certificates: readonly Certificate[]): Certificate | undefined {
  let best: Certificate | undefined
  let bestKey = ''
  for (const certificate of certificates) {
    const entry = dccOf(certificate).v?.[0]
    if (entry === undefined || certificate.revokedAt !== null) continue
    const key = `${entry.dt}|${certificate.supersededBy === null ? 1 : 0}|${String(certificate.issuedAt).padStart(15, '0')}`
    if (key > bestKey) [best, bestKey] = [certificate, key]
  }
  return best
}
