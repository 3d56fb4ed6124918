/**
 * A person's history as the domain reads it, from the stored events and certificates.
 *
 * Lives here because `issuance/intake.ts` keeps its own loader private and is another engineer's file: intake's
 * version additionally leaves out the event being recorded; with `exclude` this one does the same, so intake can
 * import it and the two cannot drift apart.
 */
import type { Kysely } from 'kysely'
import {
  type Certificate,
  type Database,
  findCertificatesByFiscalCode,
  findCertificatesByFiscalCodes,
  findEventsByFiscalCode,
  findEventsByFiscalCodes,
} from '../db/index.ts'
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
  const certificates = (await findCertificatesByFiscalCode(db, fiscalCode)).map(historyCertificate)
  return { events, certificates }
}

/**
 * The histories of several persons with two queries (batch intake), by upper-case fiscal code; a person with no
 * history has no entry.
 */
export async function loadHistories(
  db: Kysely<Database>,
  fiscalCodes: readonly string[],
): Promise<Map<string, PersonHistory>> {
  const histories = new Map<string, { events: ValidEvent[]; certificates: HistoryCertificate[] }>()
  const of = (fiscalCode: string) => {
    let history = histories.get(fiscalCode)
    if (history === undefined) histories.set(fiscalCode, (history = { events: [], certificates: [] }))
    return history
  }
  for (const stored of await findEventsByFiscalCodes(db, fiscalCodes)) {
    of(stored.fiscalCode).events.push(stored.payload as ValidEvent)
  }
  for (const stored of await findCertificatesByFiscalCodes(db, fiscalCodes)) {
    of(stored.fiscalCode).certificates.push(historyCertificate(stored))
  }
  return histories
}

function historyCertificate(stored: Certificate): HistoryCertificate {
  return {
    ...(stored.payload as HistoryCertificate),
    ...(stored.supersededBy ? { supersededBy: stored.supersededBy } : {}),
    ...(stored.revokedAt !== null ? { revoked: true } : {}),
  }
}
