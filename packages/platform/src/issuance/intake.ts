import type { Kysely } from 'kysely'
import {
  type Database,
  findEventOutcomes,
  insertEvents,
  markSuperseded,
  type RecordedEvent,
  recordEventOnce,
  upsertPerson,
  upsertPersons,
  withTransaction,
} from '../db/index.ts'
import {
  applyToHistory,
  decideIssuance,
  EMPTY_HISTORY,
  type IssuedCertificate,
  isDomainError,
  type PersonHistory,
  type Problem,
  type RandomSource,
  type ValidEvent,
  validateEvent,
} from '../domain/index.ts'
import { loadHistories, loadHistory } from '../jobs/load-history.ts'
import {
  type CertificateBatch,
  type PreparedCertificates,
  prepareCertificates,
  storeCertificates,
  storePrepared,
} from './store-certificates.ts'
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
  /** Queue an IO message for each certificate too (the platform is connected to IO's services API). */
  readonly ioMessages?: boolean
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
    const outcomes = await recordBatch(
      services,
      facilityId,
      pending.map(({ event }) => event),
      at,
    )
    pending.forEach(({ index }, k) => (results[index] = { status: 'ok', ...(outcomes[k] as IntakeOutcome) }))
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

/**
 * Records validated events of one facility in ONE transaction with a few statements for the whole batch: the events
 * already stored (their outcomes are repeated), the persons, the histories of everyone in the batch, then the new
 * events, certificates and notifications, each table written by one multi-row statement. Decisions are taken in
 * order in memory, each event seeing the ones before it in the batch, exactly as one-by-one intake would.
 */
async function recordBatch(
  services: IssuanceServices,
  facilityId: string,
  events: readonly ValidEvent[],
  at: Date,
): Promise<IntakeOutcome[]> {
  return withTransaction(services.db, async (trx) => {
    const outcomes = new Map(
      await findEventOutcomes(
        trx,
        facilityId,
        events.map((event) => event.eventId),
      ),
    ) as Map<string, IntakeOutcome>
    // An event sent twice in one batch is recorded once; the second copy gets the first one's outcome.
    const seen = new Set(outcomes.keys())
    const fresh = events.filter((event) => !seen.has(event.eventId) && seen.add(event.eventId))
    // One row per person, as successive upserts would leave it: later names win, contacts only when given.
    const persons = new Map<string, ReturnType<typeof personRecord>>()
    for (const event of fresh) {
      const record = personRecord(event)
      const before = persons.get(record.fiscalCode)
      persons.set(
        record.fiscalCode,
        before === undefined
          ? record
          : {
              ...record,
              tsNumber: record.tsNumber ?? before.tsNumber,
              tsExpiry: record.tsExpiry ?? before.tsExpiry,
              email: record.email ?? before.email,
              phone: record.phone ?? before.phone,
            },
      )
    }
    // The upsert locks each person's row until commit, so a concurrent batch about the same person (PostgreSQL) waits
    // and then reads a history that includes this one; in fiscal-code order, so two batches never deadlock.
    const sorted = [...persons.values()].sort((a, b) => (a.fiscalCode < b.fiscalCode ? -1 : 1))
    await upsertPersons(trx, sorted, at.getTime())
    const histories = await loadHistories(trx, [...persons.keys()])
    const recorded: RecordedEvent[] = []
    const prepared: {
      eventId: string
      records: PreparedCertificates['records']
      messages: PreparedCertificates['messages']
      io: PreparedCertificates['io']
    }[] = []
    const superseded: [string, string][] = []
    for (const event of fresh) {
      const fiscalCode = event.person.fiscalCode
      const history = histories.get(fiscalCode) ?? EMPTY_HISTORY
      const issued = decide(services, history, event, at)
      histories.set(fiscalCode, applyToHistory(history, event, issued))
      prepared.push({
        eventId: event.eventId,
        ...prepareCertificates(services, certificateBatch(event, issued, at, null)),
      })
      for (const certificate of issued) {
        if (certificate.supersedes) superseded.push([certificate.supersedes, certificate.uvci])
      }
      const outcome = outcomeOf(event, issued)
      outcomes.set(event.eventId, outcome)
      recorded.push({
        facilityId,
        eventId: event.eventId,
        kind: event.kind,
        fiscalCode,
        payload: event,
        receivedAt: at.getTime(),
        outcome,
      })
    }
    const ids = await insertEvents(trx, recorded)
    for (const { eventId, records } of prepared)
      for (const record of records) record.eventRef = ids.get(eventId) ?? null
    await storePrepared(
      trx,
      {
        records: prepared.flatMap((p) => p.records),
        messages: prepared.flatMap((p) => p.messages),
        io: prepared.flatMap((p) => p.io),
      },
      at,
    )
    for (const [uvci, by] of superseded) await markSuperseded(trx, uvci, by)
    return events.map((event) => outcomes.get(event.eventId) as IntakeOutcome)
  })
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
      const issued = decide(services, history, event, at)
      await storeCertificates(services, trx, certificateBatch(event, issued, at, eventRef))
      for (const certificate of issued) {
        if (certificate.supersedes) await markSuperseded(trx, certificate.supersedes, certificate.uvci)
      }
      return outcomeOf(event, issued)
    },
  )
  return outcome
}

function decide(services: IssuanceServices, history: PersonHistory, event: ValidEvent, at: Date) {
  return decideIssuance(history, event, {
    at,
    random: services.random,
    dscs: { ordinary: services.keys.signer('ordinary'), recoveryOnly: services.keys.signer('recovery') },
  })
}

function certificateBatch(
  event: ValidEvent,
  issued: readonly IssuedCertificate[],
  at: Date,
  eventRef: number | null,
): CertificateBatch {
  const { fiscalCode, givenName, familyName, email, phone } = event.person
  return { fiscalCode, issued, at, eventRef, contact: { givenName, familyName, email, phone } }
}

function outcomeOf(event: ValidEvent, issued: readonly IssuedCertificate[]): IntakeOutcome {
  return {
    eventId: event.eventId,
    certificates: issued.map(({ uvci, kind, codeType }) => ({ uvci, kind, codeType })),
  }
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
