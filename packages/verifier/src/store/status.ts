import type { DrlState, SettingsState, TrustListState } from './layout.ts'

/** Data older than this is stale: the onboarding checklist's 24 h for DSCs and settings (§8), and for the DRL. */
export const MAX_DATA_AGE_MS = 24 * 60 * 60 * 1000

/** What `VerifierStore.status` reports. Times are the last successful sync of each part (null: never). */
export interface VerifierStatus {
  readonly trustList: {
    readonly count: number
    readonly syncedAt: Date | null
    /** DSCs in the file whose certificate does not parse (left out of the trust store; 0 unless hand-edited). */
    readonly unusable: number
  }
  readonly settings: { readonly count: number; readonly syncedAt: Date | null }
  readonly drl: {
    /** The version of the last complete download (the set's version before a download in progress). */
    readonly version: number
    readonly count: number
    /** False while a download is part-way through. */
    readonly complete: boolean
    readonly syncedAt: Date | null
    /** Setting `DRL_SYNC_ACTIVE`: when false the DRL is neither synced nor checked, and its age does not matter. */
    readonly active: boolean
    /** The download in progress, if any. */
    readonly download: {
      readonly requestedVersion: number
      readonly currentChunk: number
      readonly totalChunk: number
    } | null
    readonly totalNumberUCVI: number | null
  }
  /** Some part was never synced or is older than 24 h (the DRL only counts while active). */
  readonly stale: boolean
  /** False while a DRL download is incomplete (§3.1: the reference refuses to verify then). */
  readonly verificationAllowed: boolean
}

export interface StatusInput {
  readonly trustList: TrustListState
  readonly settings: SettingsState
  readonly drlState: DrlState
  readonly drlCount: number
  readonly drlSyncActive: boolean
  readonly unusableDscs: number
  readonly now: Date
}

/**
 * The status of a store's state at `now`: a pure function, so staleness can be tested at any instant.
 *
 * @example verifierStatus({ …, now: new Date('2022-01-02T00:00:00Z') }).stale
 */
export function verifierStatus(input: StatusInput): VerifierStatus {
  const { drlState, now } = input
  const trustListSyncedAt = toDate(input.trustList.syncedAt)
  const settingsSyncedAt = toDate(input.settings.syncedAt)
  const drlSyncedAt = toDate(drlState.syncedAt)
  const download = drlState.download
  const complete = download === null
  const stale =
    isStale(trustListSyncedAt, now) ||
    isStale(settingsSyncedAt, now) ||
    (input.drlSyncActive && isStale(drlSyncedAt, now))
  return {
    trustList: { count: input.trustList.dscs.length, syncedAt: trustListSyncedAt, unusable: input.unusableDscs },
    settings: { count: input.settings.rows.length, syncedAt: settingsSyncedAt },
    drl: {
      version: drlState.version,
      count: input.drlCount,
      complete,
      syncedAt: drlSyncedAt,
      active: input.drlSyncActive,
      download: download && {
        requestedVersion: download.requestedVersion,
        currentChunk: download.currentChunk,
        totalChunk: download.totalChunk,
      },
      totalNumberUCVI: drlState.totalNumberUCVI,
    },
    stale,
    verificationAllowed: complete || !input.drlSyncActive,
  }
}

function toDate(value: string | null): Date | null {
  return value === null ? null : new Date(value)
}

function isStale(syncedAt: Date | null, now: Date): boolean {
  return syncedAt === null || now.getTime() - syncedAt.getTime() > MAX_DATA_AGE_MS
}
