/**
 * The two re-issue jobs of issue 4, over the persons with candidate certificates:
 * - `runBoosterAlignment`: every live 3/2-encoded booster (dn > sd, sd = 2) gets a 3/3 replacement;
 * - `runRenewal`: the latest booster whose `exp` is within the window gets a new certificate for 540 more days.
 *
 * One transaction per person (history loaded, planned, new certificates signed and stored, old ones marked
 * superseded, email and SMS queued, audit written), so a crash leaves each person done or untouched. Resumable and
 * idempotent twice over: a done person's planner plans nothing on their new history, and the conditional supersede
 * (`superseded_by is null`) refuses a certificate another run already replaced.
 */
import type { Kysely } from 'kysely'
import { appendAudit, type Database, withTransaction } from '../db/index.ts'
import {
  DEFAULT_RENEWAL_WINDOW_DAYS,
  epochSeconds,
  type IssuanceContext,
  type IssuedCertificate,
  planBoosterAlignment,
  planRenewal,
  type PersonHistory,
} from '../domain/index.ts'
import type { IssuanceServices } from '../issuance/intake.ts'
import { isJobError, JobError } from './errors.ts'
import { loadHistory } from './load-history.ts'
import { storeReissued } from './store-reissued.ts'

/** What a run did. */
export interface ReissueJobOutcome {
  /** Persons with candidate certificates that were examined. */
  readonly persons: number
  /** Persons who got new certificates. */
  readonly reissuedPersons: number
  /** New certificates stored (each superseding one). */
  readonly certificates: number
  /** Notifications queued (email and SMS). */
  readonly notifications: number
  /** Persons a concurrent run changed first (rolled back here, nothing issued twice). */
  readonly conflicts: number
}

/** Options of {@link runBoosterAlignment}. */
export interface BoosterAlignmentOptions {
  /** The job's instant: validity of new certificates, which old ones are still live. */
  readonly now: Date
  /** Persons read per candidate query (default 100). Each person still has their own transaction. */
  readonly batchSize?: number
}

/** Options of {@link runRenewal}. */
export interface RenewalOptions extends BoosterAlignmentOptions {
  /** Renew boosters whose `exp` is within this many days of `now` (default 30; 1–539). */
  readonly windowDays?: number
}

type Planner = (history: PersonHistory, context: IssuanceContext) => IssuedCertificate[]

/**
 * The 3/2 → 3/3 alignment over every person holding a live booster certificate encoded dn > sd with sd = 2.
 *
 * @example const outcome = await runBoosterAlignment(services, { now: new Date(), batchSize: 200 })
 */
export async function runBoosterAlignment(
  services: IssuanceServices,
  options: BoosterAlignmentOptions,
): Promise<ReissueJobOutcome> {
  const nowSeconds = epochSeconds(options.now)
  return runJob(services, options, 'reissue.align-boosters', planBoosterAlignment, (db, after, limit) =>
    db
      .selectFrom('certificates')
      .select('fiscal_code')
      .distinct()
      .where('kind', '=', 'vaccination')
      .where('sd', '=', 2)
      .where('dn', '>', 2)
      .where('superseded_by', 'is', null)
      .where('revoked_at', 'is', null)
      .where('exp', '>', nowSeconds)
      .where('fiscal_code', '>', after)
      .orderBy('fiscal_code')
      .limit(limit)
      .execute(),
  )
}

/**
 * The 540-day renewal over every person holding a live vaccination certificate whose `exp` falls within
 * `windowDays` of `now` (or has passed); the planner keeps only each person's latest booster.
 *
 * @example const outcome = await runRenewal(services, { now: new Date(), windowDays: 30 })
 */
export async function runRenewal(services: IssuanceServices, options: RenewalOptions): Promise<ReissueJobOutcome> {
  const windowDays = options.windowDays ?? DEFAULT_RENEWAL_WINDOW_DAYS
  // A window as long as the 540 days a renewal gives would make every renewal due again at once.
  if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 539) {
    throw new JobError('JOB_OPTIONS_INVALID', 'windowDays must be a whole number of days from 1 to 539')
  }
  const horizon = epochSeconds(options.now) + windowDays * 86_400
  return runJob(
    services,
    options,
    'reissue.renew',
    (history, context) => planRenewal(history, context, windowDays).filter((renewal) => extends_(history, renewal)),
    (db, after, limit) =>
      db
        .selectFrom('certificates')
        .select('fiscal_code')
        .distinct()
        .where('kind', '=', 'vaccination')
        .where('superseded_by', 'is', null)
        .where('revoked_at', 'is', null)
        .where('exp', '<=', horizon)
        .where('fiscal_code', '>', after)
        .orderBy('fiscal_code')
        .limit(limit)
        .execute(),
  )
}

/**
 * True when a renewal ends later than what it replaces. Both are capped by their DSC's notAfter, so a renewal signed
 * by the same DSC as the old certificate can end on the same second: issuing it would only send the holder a new code
 * for nothing, and it would be due again on the next run. Such persons wait for a newer DSC.
 */
function extends_(history: PersonHistory, renewal: IssuedCertificate): boolean {
  const old = history.certificates.find((certificate) => certificate.uvci === renewal.supersedes)
  return old === undefined || renewal.exp > old.exp
}

async function runJob(
  services: IssuanceServices,
  options: BoosterAlignmentOptions,
  action: string,
  plan: Planner,
  candidates: (db: Kysely<Database>, after: string, limit: number) => Promise<{ fiscal_code: string }[]>,
): Promise<ReissueJobOutcome> {
  const batchSize = options.batchSize ?? 100
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new JobError('JOB_OPTIONS_INVALID', 'batchSize must be a positive integer')
  }
  const at = options.now
  const context: IssuanceContext = {
    at,
    random: services.random,
    dscs: { ordinary: services.keys.signer('ordinary'), recoveryOnly: services.keys.signer('recovery') },
  }
  let persons = 0
  let reissuedPersons = 0
  let certificates = 0
  let notifications = 0
  let conflicts = 0
  // Keyset paging by fiscal code: persons done during this run drop out of the query, so OFFSET would skip others.
  let after = ''
  for (;;) {
    const page = await candidates(services.db, after, batchSize)
    for (const { fiscal_code: fiscalCode } of page) {
      persons++
      try {
        const issued = await withTransaction(services.db, async (trx) => {
          const history = await loadHistory(trx, fiscalCode)
          const planned = plan(history, context)
          if (planned.length === 0) return { count: 0, messages: 0 }
          const messages = await storeReissued(services, trx, fiscalCode, history, planned, at)
          for (const certificate of planned) {
            // No fiscal code or names in the audit: the UVCIs identify the act.
            await appendAudit(trx, {
              at: at.getTime(),
              actor: 'job',
              action,
              subject: certificate.uvci,
              details: { supersedes: certificate.supersedes },
            })
          }
          return { count: planned.length, messages }
        })
        if (issued.count > 0) {
          reissuedPersons++
          certificates += issued.count
          notifications += issued.messages
        }
      } catch (error) {
        if (!isJobError(error, 'JOB_CONFLICT')) throw error
        conflicts++
      }
    }
    if (page.length < batchSize) break
    after = (page.at(-1) as { fiscal_code: string }).fiscal_code
  }
  return { persons, reissuedPersons, certificates, notifications, conflicts }
}
