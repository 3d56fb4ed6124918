import type { Kysely } from 'kysely'
import { type Database, markSuperseded, recordEventOnce, upsertPerson, withTransaction } from '../db/index.ts'
import {
  decideIssuance,
  isDomainError,
  type Problem,
  type RandomSource,
  type ValidEvent,
  validateEvent,
} from '../domain/index.ts'
import { loadHistory } from '../jobs/load-history.ts'
import { storeCertificates } from './store-certificates.ts'
import type { KeyStore } from '../keys/index.ts'

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
  return recordEvent(services, { ...validateEvent(input, at), facilityId }, at)
}

/** One item of a batch: its outcome, or why it was refused (every problem of the event, as for a single intake). */
export type BatchItemOutcome =
  | ({ readonly status: 'ok' } & IntakeOutcome)
  | { readonly status: 'refused'; readonly code: string; readonly problems: readonly Problem[] }

/**
 * Takes a batch of events: validates each (a refused event never blocks its neighbours), then records all the valid
 * ones in ONE transaction — one commit instead of one per event. Should anything fail while recording, that
 * transaction rolls back as a whole and the events are recorded again one transaction each, so a failing event
 * leaves nothing half-stored and costs only itself.
 */
export async function intakeBatch(
  services: IssuanceServices,
  facilityId: string,
  inputs: readonly unknown[],
): Promise<BatchItemOutcome[]> {
  const at = services.now()
  const results: (BatchItemOutcome | ValidEvent)[] = inputs.map((input) => {
    try {
      return { ...validateEvent(input, at), facilityId }
    } catch (error) {
      if (!isDomainError(error)) throw error
      return { status: 'refused', code: error.code, problems: error.problems }
    }
  })
  const pending = results.flatMap((item, index) => ('status' in item ? [] : [{ index, event: item }]))
  try {
    await withTransaction(services.db, async (trx) => {
      for (const { index, event } of pending) {
        results[index] = { status: 'ok', ...(await recordEvent({ ...services, db: trx }, event, at)) }
      }
    })
  } catch {
    for (const { index, event } of pending) {
      try {
        results[index] = { status: 'ok', ...(await recordEvent(services, event, at)) }
      } catch (error) {
        if (!isDomainError(error)) throw error
        results[index] = { status: 'refused', code: error.code, problems: error.problems }
      }
    }
  }
  return results as BatchItemOutcome[]
}

/** Records a validated event in one transaction (joining the caller's, if any); see `intakeEvent`. */
async function recordEvent(services: IssuanceServices, event: ValidEvent, at: Date): Promise<IntakeOutcome> {
  const facilityId = event.facilityId as string
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
          ordinary: services.keys.signer('ordinary'),
          recoveryOnly: services.keys.signer('recovery'),
        },
      })
      const { givenName, familyName, email, phone } = event.person
      await storeCertificates(services, trx, {
        fiscalCode,
        issued,
        at,
        eventRef,
        contact: { givenName, familyName, email, phone },
      })
      for (const certificate of issued) {
        if (certificate.supersedes) await markSuperseded(trx, certificate.supersedes, certificate.uvci)
      }
      return {
        eventId: event.eventId,
        certificates: issued.map(({ uvci, kind, codeType }) => ({ uvci, kind, codeType })),
      } satisfies IntakeOutcome
    },
  )
  return outcome
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
