import { DrlStore } from '../../src/drl/drl-store.ts'
import { drlSyncActive } from '../../src/drl/settings.ts'
import { applyDrlChange, drlStateWithChunk } from '../../src/store/drl-change.ts'
import type { DrlChange } from '../../src/store/drl-files.ts'
import {
  type DrlDownload,
  type DrlState,
  EMPTY_DRL,
  EMPTY_SETTINGS,
  EMPTY_TRUST_LIST,
  type SettingsState,
  type TrustListEntry,
  type TrustListState,
} from '../../src/store/layout.ts'
import type { SettingRow } from '../../src/store/settings-rows.ts'
import { type VerifierStatus, verifierStatus } from '../../src/store/status.ts'
import type { SyncStore } from '../../src/sync/sync-store.ts'

const DATABASE = 'greenpass-verifier'
const RECORDS = 'records'
const TRUST_LIST = 'trustList'
const SETTINGS = 'settings'
const DRL_STATE = 'drlState'
/** The set's digests in order (32 bytes each), as of `DrlState.version`. */
const DRL_BASE = 'drlBase'
const chunkKey = (download: DrlDownload, chunk: number) => `drlChunk:${download.id}:${chunk}`

/**
 * The browser app's verifier data in IndexedDB: the same state as the Node data folder (`VerifierStore`), so that the
 * same sync clients (`syncVerifier`) run on it. Every change is one IndexedDB transaction, which commits whole or not
 * at all: after a closed tab the store opens as before or after the step under way, and a DRL download resumes.
 */
export class IndexedDbStore implements SyncStore {
  readonly dir = `indexeddb:${DATABASE}`
  readonly #db: IDBDatabase
  #trustList: TrustListState
  #settings: SettingsState
  #drlState: DrlState
  readonly #drl: DrlStore
  #syncing = false

  private constructor(
    db: IDBDatabase,
    trustList: TrustListState,
    settings: SettingsState,
    drlState: DrlState,
    drl: DrlStore,
  ) {
    this.#db = db
    this.#trustList = trustList
    this.#settings = settings
    this.#drlState = drlState
    this.#drl = drl
  }

  static async open(name = DATABASE): Promise<IndexedDbStore> {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, 1)
      request.onupgradeneeded = () => request.result.createObjectStore(RECORDS)
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
    const read = (key: string) => requestOf(db.transaction(RECORDS).objectStore(RECORDS).get(key))
    const trustList = ((await read(TRUST_LIST)) as TrustListState | undefined) ?? EMPTY_TRUST_LIST
    const settings = ((await read(SETTINGS)) as SettingsState | undefined) ?? EMPTY_SETTINGS
    const drlState = ((await read(DRL_STATE)) as DrlState | undefined) ?? EMPTY_DRL
    const drl = new DrlStore(drlState.count)
    const base = (await read(DRL_BASE)) as Uint8Array | undefined
    if (drlState.base !== null && base) drl.addSortedBytes(base)
    const download = drlState.download
    for (let chunk = 1; download && chunk <= download.currentChunk; chunk++) {
      applyDrlChange(drl, (await read(chunkKey(download, chunk))) as DrlChange, download.totalNumberUCVI ?? 0)
    }
    return new IndexedDbStore(db, trustList, settings, drlState, drl)
  }

  get drl(): DrlStore {
    return this.#drl
  }

  settingsRows(): readonly SettingRow[] {
    return this.#settings.rows
  }

  trustListState(): TrustListState {
    return this.#trustList
  }

  drlState(): DrlState {
    return this.#drlState
  }

  /** As `VerifierStore.status` (DSCs whose key cannot be imported are not counted here: the sync checked them). */
  status(now: Date): VerifierStatus {
    return verifierStatus({
      trustList: this.#trustList,
      settings: this.#settings,
      drlState: this.#drlState,
      drlCount: this.#drl.size,
      drlSyncActive: drlSyncActive(this.#settings.rows),
      unusableDscs: 0,
      now,
    })
  }

  beginSync(): boolean {
    if (this.#syncing) return false
    this.#syncing = true
    return true
  }

  endSync(): void {
    this.#syncing = false
  }

  async saveTrustList(dscs: readonly TrustListEntry[], resumeToken: string | null, syncedAt: Date): Promise<void> {
    const state: TrustListState = { syncedAt: syncedAt.toISOString(), resumeToken, dscs: [...dscs] }
    await this.#commit({ [TRUST_LIST]: state })
    this.#trustList = state
  }

  async saveSettings(rows: readonly SettingRow[], syncedAt: Date): Promise<void> {
    const state: SettingsState = { syncedAt: syncedAt.toISOString(), rows: [...rows] }
    await this.#commit({ [SETTINGS]: state })
    this.#settings = state
  }

  /** The chunk and the state naming it in one transaction; the set in memory only after it committed. */
  async applyDrlChunk(
    download: DrlDownload,
    change: DrlChange,
    retries: number,
  ): Promise<{ inserted: number; deleted: number }> {
    const previous = this.#drlState
    const state = drlStateWithChunk(previous, download, change, retries)
    await this.#commit({ [chunkKey(download, download.currentChunk)]: change, [DRL_STATE]: state }, [
      ...staleChunks(previous, state),
      ...(change.wipe ? [DRL_BASE] : []),
    ])
    this.#drlState = state
    return applyDrlChange(this.#drl, change, download.totalNumberUCVI ?? 0)
  }

  /** The whole set as the new base, the requested version, and the chunks dropped: one transaction. */
  async finishDrlDownload(download: DrlDownload, retries: number): Promise<void> {
    const previous = this.#drlState
    if (download.currentChunk !== download.totalChunk) {
      throw new TypeError('finishDrlDownload: not a complete download of this store')
    }
    if (download.fromScratch && download.currentChunk === 0) this.#drl.clear()
    const empty = this.#drl.size === 0
    const state: DrlState = {
      ...previous,
      version: download.requestedVersion,
      totalNumberUCVI: download.totalNumberUCVI,
      retries,
      base: empty ? null : download.id,
      count: this.#drl.size,
      download: null,
      nextId: Math.max(previous.nextId, download.id + 1),
    }
    const base = empty ? {} : { [DRL_BASE]: concat([...this.#drl.sortedBytes()]) }
    await this.#commit({ ...base, [DRL_STATE]: state }, [...staleChunks(previous, state), ...(empty ? [DRL_BASE] : [])])
    this.#drlState = state
  }

  async saveDrlReconciled(totalNumberUCVI: number, syncedAt: Date): Promise<void> {
    const state = { ...this.#drlState, totalNumberUCVI, retries: 0, syncedAt: syncedAt.toISOString() }
    await this.#commit({ [DRL_STATE]: state })
    this.#drlState = state
  }

  close(): void {
    this.#db.close()
  }

  #commit(puts: Record<string, unknown>, deletes: readonly string[] = []): Promise<void> {
    return new Promise((resolve, reject) => {
      const transaction = this.#db.transaction(RECORDS, 'readwrite')
      const records = transaction.objectStore(RECORDS)
      for (const key of deletes) records.delete(key)
      for (const [key, value] of Object.entries(puts)) records.put(value, key)
      transaction.oncomplete = () => resolve()
      transaction.onerror = () => reject(transaction.error)
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'))
    })
  }
}

/** The chunk records of the previous state's download that the new state no longer needs. */
function staleChunks(previous: DrlState, current: DrlState): string[] {
  const old = previous.download
  if (!old) return []
  const keep = current.download?.id === old.id ? current.download.currentChunk : 0
  const stale: string[] = []
  for (let chunk = keep + 1; chunk <= old.currentChunk; chunk++) stale.push(chunkKey(old, chunk))
  return stale
}

function requestOf<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

function concat(blocks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(blocks.reduce((sum, block) => sum + block.length, 0))
  let offset = 0
  for (const block of blocks) {
    out.set(block, offset)
    offset += block.length
  }
  return out
}
