import { DrlError } from '../drl/errors.ts'
import { StoreError } from '../store/errors.ts'
import type { SyncStore } from './sync-store.ts'
import { type DrlSyncResult, syncDrl } from './drl.ts'
import { SyncError } from './errors.ts'
import { type EuRevocationSyncResult, type EuRevocationSyncStore, syncEuRevocation } from './eu-revocation.ts'
import { type SyncHttpOptions, syncHttp } from './http.ts'
import { type SettingsSyncResult, syncSettings } from './settings.ts'
import { type TrustListSyncResult, syncTrustList } from './trust-list.ts'

export interface SyncVerifierOptions extends SyncHttpOptions {
  /** The sync instant, recorded as each part's `syncedAt` (never read from the clock here). */
  readonly now: Date
  /** See `DrlSyncOptions.confirmDownload`. */
  readonly confirmDrlDownload?: (bytes: number) => boolean | Promise<boolean>
}

export type SyncPart = 'settings' | 'trustList' | 'drl' | 'euRevocation'

/** One part that failed; the part's data stays as it was at its last committed step. */
export interface SyncIssue {
  readonly part: SyncPart
  readonly code: SyncError['code'] | StoreError['code'] | DrlError['code']
  readonly message: string
  readonly httpStatus?: number
}

export interface SyncReport {
  /** Every part synced. */
  readonly ok: boolean
  /** Null when that part failed (see `errors`). */
  readonly settings: SettingsSyncResult | null
  readonly trustList: TrustListSyncResult | null
  readonly drl: DrlSyncResult | null
  /** Other countries' revocation lists; null when that part failed or the store does not keep them (the browser). */
  readonly euRevocation: EuRevocationSyncResult | null
  readonly errors: readonly SyncIssue[]
}

/**
 * Syncs the parts in the reference's order: settings first (the DRL sync reads `DRL_SYNC_ACTIVE` and `MAX_RETRY` from
 * them), then the trust list, then the DRL; then other countries' revocation lists, when the store keeps them. A part that fails does not stop the others; its error is
 * in the report with a stable code and its data stays at the last consistent state. Only a concurrent sync of the
 * same store throws (`SYNC_BUSY`).
 *
 * @example
 * const report = await syncVerifier(store, { baseUrl: 'https://get.dgc.gov.it/v1/dgc/', now: new Date() })
 * if (!report.ok) console.error(report.errors)
 */
export async function syncVerifier(store: SyncStore, options: SyncVerifierOptions): Promise<SyncReport> {
  if (!store.beginSync()) throw new SyncError('SYNC_BUSY', `A sync of ${store.dir} is already under way`)
  try {
    const http = syncHttp(options)
    const errors: SyncIssue[] = []
    const run = async <T>(part: SyncPart, task: () => Promise<T>): Promise<T | null> => {
      try {
        return await task()
      } catch (error) {
        if (!(error instanceof SyncError || error instanceof StoreError || error instanceof DrlError)) throw error
        const httpStatus = error instanceof SyncError ? error.httpStatus : undefined
        errors.push({
          part,
          code: error.code,
          message: error.message,
          ...(httpStatus === undefined ? {} : { httpStatus }),
        })
        return null
      }
    }
    const settings = await run('settings', () => syncSettings(store, http, options.now))
    const trustList = await run('trustList', () => syncTrustList(store, http, options.now))
    const drl = await run('drl', () =>
      syncDrl(store, http, {
        now: options.now,
        ...(options.confirmDrlDownload ? { confirmDownload: options.confirmDrlDownload } : {}),
      }),
    )
    const euRevocation = isEuRevocationStore(store)
      ? await run('euRevocation', () => syncEuRevocation(store, http, options.now))
      : null
    return { ok: errors.length === 0, settings, trustList, drl, euRevocation, errors }
  } finally {
    store.endSync()
  }
}

function isEuRevocationStore(store: SyncStore): store is SyncStore & EuRevocationSyncStore {
  return 'saveEuRevocation' in store
}
