import type { Kysely } from 'kysely'
import {
  type Database,
  findEventOutcomes,
  type PersonInput,
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
 * Records validated events of one facility in ONE transaction with a few statements for the whole batch, each table
 * written by one multi-row statement. Decisions are taken in order in memory, each event seeing the ones before it in
 * the batch, exactly as one-by-one intake would.
 *
 * The expensive part — deciding and signing — is done before the transaction, from what the database says then, so
 * it never holds the write lock: platform processes (or threads) sharing one database sign in parallel and only
 * their short writes are serialised. Inside the transaction the same reads are made again; should anything have
 * changed meanwhile (another writer recorded one of these events, or something about one of these persons), the
 * batch is planned again there, from the current state.
 */
async function recordBatch(
  services: IssuanceServices,
  facilityId: string,
  events: readonly ValidEvent[],
  at: Date,
): Promise<IntakeOutcome[]> {
  const fiscalCodes = [...new Set(events.map((event) => event.person.fiscalCode))].sort()
  const early = await readBatchState(services.db, facilityId, events, fiscalCodes)
  const guess = planBatch(services, facilityId, events, early, at)
  return withTransaction(services.db, async (trx) => {
    // The upsert locks each person's row until commit, so a concurrent batch about the same person (PostgreSQL) waits
    // and then reads a history that includes this one; in fiscal-code order, so two batches never deadlock.
    await upsertPersons(trx, guess.persons, at.getTime())
    const state = await readBatchState(trx, facilityId, events, fiscalCodes)
    const plan = state.fingerprint === early.fingerprint ? guess : planBatch(services, facilityId, events, state, at)
    const ids = await insertEvents(trx, plan.recorded)
    for (const { eventId, records } of plan.prepared)
      for (const record of records) record.eventRef = ids.get(eventId) ?? null
    await storePrepared(
      trx,
      {
        records: plan.prepared.flatMap((p) => p.records),
        messages: plan.prepared.flatMap((p) => p.messages),
        io: plan.prepared.flatMap((p) => p.io),
      },
      at,
    )
    for (const [uvci, by] of plan.superseded) await markSuperseded(trx, uvci, by)
    return events.map((event) => plan.outcomes.get(event.eventId) as IntakeOutcome)
  })
}

/** What a batch is decided from: the outcomes of its events already stored, and its persons' histories. */
interface BatchState {
  readonly outcomes: ReadonlyMap<string, IntakeOutcome>
  readonly histories: ReadonlyMap<string, PersonHistory>
  /** Equal fingerprints, equal states: the check that a plan made outside the transaction still holds. */
  readonly fingerprint: string
}

async function readBatchState(
  db: Kysely<Database>,
  facilityId: string,
  events: readonly ValidEvent[],
  fiscalCodes: readonly string[],
): Promise<BatchState> {
  const outcomes = (await findEventOutcomes(
    db,
    facilityId,
    events.map((event) => event.eventId),
  )) as Map<string, IntakeOutcome>
  const histories = await loadHistories(db, fiscalCodes)
  return { outcomes, histories, fingerprint: JSON.stringify([[...outcomes.keys()], [...histories]]) }
}

/** Everything a batch writes, decided and signed. */
interface BatchPlan {
  readonly persons: PersonInput[]
  readonly recorded: RecordedEvent[]
  readonly prepared: ({ readonly eventId: string } & PreparedCertificates)[]
  readonly superseded: [string, string][]
  readonly outcomes: ReadonlyMap<string, IntakeOutcome>
}

function planBatch(
  services: IssuanceServices,
  facilityId: string,
  events: readonly ValidEvent[],
  state: BatchState,
  at: Date,
): BatchPlan {
  const outcomes = new Map(state.outcomes)
  const histories = new Map(state.histories)
  // An event sent twice in one batch is recorded once; the second copy gets the first one's outcome.
  const seen = new Set(outcomes.keys())
  const fresh = events.filter((event) => !seen.has(event.eventId) && seen.add(event.eventId))
  // One row per person, as successive upserts would leave it: later names win, contacts only when given.
  const persons = new Map<string, PersonInput>()
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
  const recorded: RecordedEvent[] = []
  const prepared: BatchPlan['prepared'] = []
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
  const sorted = [...persons.values()].sort((a, b) => (a.fiscalCode < b.fiscalCode ? -1 : 1))
  return { persons: sorted, recorded, prepared, superseded, outcomes }
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
