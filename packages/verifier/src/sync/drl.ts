import { drlMaxRetry, drlSyncActive } from '../drl/settings.ts'
import type { DrlDownload } from '../store/layout.ts'
import type { SyncStore } from './sync-store.ts'
import { parseDrlCheck, parseDrlChunk } from './drl-messages.ts'
import { SyncError } from './errors.ts'
import type { SyncHttp } from './http.ts'

/** What a DRL sync did. */
export interface DrlSyncResult {
  /** Setting `DRL_SYNC_ACTIVE` is "false": nothing was asked or changed. */
  readonly skipped: boolean
  /** The set's version before and after. */
  readonly fromVersion: number
  readonly version: number
  readonly count: number
  /** Downloads finished by this sync (a download resumed counts). */
  readonly downloads: number
  readonly chunks: number
  /** Entries that actually changed (duplicate insertions and deletions of absent entries are not counted). */
  readonly inserted: number
  readonly deleted: number
  /** The chunk a download from an earlier sync resumed at, if one did. */
  readonly resumedAtChunk: number | null
  /** Full resyncs from version 0 that this sync made (after HTTP 400–407 or a count mismatch). */
  readonly retries: number
  /** Download restarts from version 0 for any reason (also a changed offer or a chunk of another version). */
  readonly restarts: number
}

export interface DrlSyncOptions {
  readonly now: Date
  /**
   * Asked before a download of more than 5 MB (the reference asks the user, §9.6 step 3); false declines with
   * `SYNC_DECLINED`. Omitted: download.
   */
  readonly confirmDownload?: (bytes: number) => boolean | Promise<boolean>
}

/** The reference asks before downloading more than this. */
export const DRL_CONFIRM_BYTES = 5 * 1024 * 1024

/** Checks and downloads in one sync before giving up on a server whose DRL keeps moving. */
const MAX_ROUNDS = 12

/**
 * The DRL client of §9.6, step by step:
 * 1. `drl/check?version=` with the local version (0 once wiped; the download's base version while one is pending).
 * 2. Same version as local: reconcile, i.e. the local count must equal `totalNumberUCVI`, else wipe and download from
 *    version 0, at most `MAX_RETRY` times (setting, default 1).
 * 3. Otherwise download chunks `currentChunk + 1 … totalChunk`: a pending download resumes only when the same version,
 *    chunk size and chunk count are still on offer, otherwise it is wiped and restarted.
 * 4. Every chunk must carry the requested version (and the same kind, and the announced last chunk), else wipe and
 *    restart.
 * 5. Chunk 1 of a snapshot, or of a restart, wipes the set; snapshots insert, deltas insert then delete.
 * 6. HTTP 400–407 wipes, counts a retry and restarts from version 0.
 * 7. After the last chunk: the new version, then check again and reconcile (back to 1).
 * 9. Nothing at all when setting `DRL_SYNC_ACTIVE` is "false".
 *
 * "Wipe" takes effect with the restart's first chunk: until then the store keeps its last committed state, so a sync
 * cut short by the network never leaves an emptied list behind. Each chunk is committed before the next is asked for.
 *
 * @example const result = await syncDrl(store, syncHttp({ baseUrl }), { now: new Date() })
 */
export async function syncDrl(store: SyncStore, http: SyncHttp, options: DrlSyncOptions): Promise<DrlSyncResult> {
  const rows = store.settingsRows()
  const fromVersion = store.drlState().version
  const progress = {
    skipped: false,
    fromVersion,
    version: fromVersion,
    count: store.drl.size,
    downloads: 0,
    chunks: 0,
    inserted: 0,
    deleted: 0,
    resumedAtChunk: null as number | null,
    retries: 0,
    restarts: 0,
  }
  if (!drlSyncActive(rows)) return { ...progress, skipped: true }
  const maxRetry = drlMaxRetry(rows)
  let persistedRetries = store.drlState().retries
  let fromScratch = false

  /** Wipe and start again from version 0; `retry` spends one of MAX_RETRY (else `cause` ends the sync). */
  const restart = (cause: SyncError, retry: boolean) => {
    if (retry) {
      if (progress.retries >= maxRetry) {
        throw new SyncError(cause.code, `${cause.message} (after ${progress.retries} of MAX_RETRY ${maxRetry})`, {
          cause,
          ...(cause.httpStatus === undefined ? {} : { httpStatus: cause.httpStatus }),
        })
      }
      progress.retries++
      persistedRetries++
    }
    progress.restarts++
    fromScratch = true
  }

  rounds: for (let round = 0; round < MAX_ROUNDS; round++) {
    const state = store.drlState()
    const pending = fromScratch ? null : state.download
    const askVersion = fromScratch ? 0 : (pending?.fromVersion ?? state.version)
    let check
    try {
      check = parseDrlCheck(await http.getJson(`drl/check?version=${askVersion}`))
    } catch (error) {
      if (!isWipeStatus(error)) throw error
      restart(error, true)
      continue
    }

    if (!fromScratch && pending === null && check.version === state.version) {
      if (store.drl.size === check.totalNumberUCVI) {
        await store.saveDrlReconciled(check.totalNumberUCVI, options.now)
        return { ...progress, version: state.version, count: store.drl.size }
      }
      restart(
        new SyncError(
          'SYNC_RECONCILIATION',
          `DRL version ${state.version} holds ${store.drl.size} entries, the server announces ${check.totalNumberUCVI}`,
        ),
        true,
      )
      continue
    }

    let download: DrlDownload
    if (pending !== null) {
      const sameOffer =
        pending.requestedVersion === check.version &&
        pending.sizeSingleChunkInByte === check.sizeSingleChunkInByte &&
        pending.totalChunk === check.totalChunk
      if (!sameOffer) {
        restart(new SyncError('SYNC_PROTOCOL', 'the pending download is no longer on offer'), false)
        continue
      }
      download = pending
      if (pending.currentChunk < pending.totalChunk) progress.resumedAtChunk ??= pending.currentChunk + 1
    } else {
      if (check.totalChunk === null)
        throw new SyncError('SYNC_PROTOCOL', `drl/check: version ${check.version} without totalChunk`)
      download = {
        id: state.nextId,
        fromVersion: askVersion,
        requestedVersion: check.version,
        totalChunk: check.totalChunk,
        currentChunk: 0,
        sizeSingleChunkInByte: check.sizeSingleChunkInByte,
        totalNumberUCVI: check.totalNumberUCVI,
        fromScratch,
        kind: null,
      }
      const bytes = check.totalSizeInByte ?? 0
      if (bytes > DRL_CONFIRM_BYTES && options.confirmDownload && !(await options.confirmDownload(bytes))) {
        throw new SyncError('SYNC_DECLINED', `DRL download of ${bytes} bytes declined`)
      }
    }

    for (let number = download.currentChunk + 1; number <= download.totalChunk; number++) {
      let chunk
      try {
        chunk = parseDrlChunk(await http.getJson(`drl?version=${download.fromVersion}&chunk=${number}`))
      } catch (error) {
        if (!isWipeStatus(error)) throw error
        restart(error, true)
        continue rounds
      }
      if (chunk.chunk !== number) {
        throw new SyncError('SYNC_PROTOCOL', `asked for DRL chunk ${number}, got chunk ${chunk.chunk}`)
      }
      const offerChanged =
        chunk.version !== download.requestedVersion ||
        (chunk.lastChunk !== null && chunk.lastChunk !== download.totalChunk) ||
        (download.kind !== null && chunk.kind !== download.kind)
      if (offerChanged) {
        const message = `DRL chunk ${number} is version ${chunk.version} (${chunk.kind}, last ${chunk.lastChunk}), the download is of version ${download.requestedVersion} (${download.kind ?? chunk.kind}, last ${download.totalChunk})`
        restart(new SyncError('SYNC_PROTOCOL', message), false)
        continue rounds
      }
      download = { ...download, currentChunk: number, kind: download.kind ?? chunk.kind }
      const wipe = number === 1 && (download.fromScratch || chunk.kind === 'snapshot')
      const changed = await store.applyDrlChunk(
        download,
        { wipe, insertions: chunk.insertions, deletions: chunk.deletions },
        persistedRetries,
      )
      progress.chunks++
      progress.inserted += changed.inserted
      progress.deleted += changed.deleted
    }
    await store.finishDrlDownload(download, persistedRetries)
    progress.downloads++
    fromScratch = false
  }
  throw new SyncError('SYNC_PROTOCOL', `the DRL did not settle after ${MAX_ROUNDS} checks and downloads`)
}

function isWipeStatus(error: unknown): error is SyncError {
  return (
    error instanceof SyncError &&
    error.code === 'SYNC_HTTP' &&
    error.httpStatus !== undefined &&
    error.httpStatus >= 400 &&
    error.httpStatus <= 407
  )
}
