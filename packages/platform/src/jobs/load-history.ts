/**
 * A person's history as the domain reads it, from the stored events and certificates.
 *
 * Lives here because `issuance/intake.ts` keeps its own loader private and is another engineer's file: intake's
 * version additionally leaves out the event being recorded; with `exclude` this one does the same, so intake can
 * import it and the two cannot drift apart.
 */
import type { Kysely } from 'kysely'
import { type Database, findCertificatesByFiscalCode, findEventsByFiscalCode } from '../db/index.ts'
import type { HistoryCertificate, PersonHistory, ValidEvent } from '../domain/index.ts'

/**
 * The history of `fiscalCode`: events in recording order, certificates in issuance order with their later fate
 * (`supersededBy`, `revoked`). Pass the transaction that will store what is planned from it.
 *
 * @example const history = await loadHistory(trx, 'RSSMRA80A41H501Y')
 */
export async function loadHistory(
  db: Kysely<Database>,
  fiscalCode: string,
  exclude?: { readonly facilityId: string; readonly eventId: string },
): Promise<PersonHistory> {
  const events = (await findEventsByFiscalCode(db, fiscalCode))
    .filter((stored) => !(stored.facilityId === exclude?.facilityId && stored.eventId === exclude?.eventId))
    .map((stored) => stored.payload as ValidEvent)
  const certificates = (await findCertificatesByFiscalCode(db, fiscalCode)).map((stored): HistoryCertificate => ({
    ...(stored.payload as HistoryCertificate),
    ...(stored.supersededBy ? { supersededBy: stored.supersededBy } : {}),
    ...(stored.revokedAt !== null ? { revoked: true } : {}),
  }))
  return { events, certificates }
}
