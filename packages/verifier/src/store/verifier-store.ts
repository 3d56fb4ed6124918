import { mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { createTrustStore, type Dsc, importDsc, type TrustStore } from '@greenpass/hcert'
import { DrlStore } from '../drl/drl-store.ts'
import { REVOCATION_HASH_BYTES, RevocationHashSet } from '../eu-revocation/hash-set.ts'
import { type EuRevocationList, EuRevocationLists } from '../eu-revocation/lists.ts'
import {
  EMPTY_EU_REVOCATION,
  EU_REVOCATION_FILE_PATTERN,
  EU_REVOCATION_STATE_FILE,
  type EuRevocationListState,
  type EuRevocationState,
  euRevocationFile,
} from '../eu-revocation/state.ts'
import { drlSyncActive } from '../drl/settings.ts'
import { TEMP_SUFFIX, writeFileAtomic } from './atomic-write.ts'
import { applyDrlChange, drlStateWithChunk } from './drl-change.ts'
import { baseFileBlocks, chunkFileBytes, type DrlChange, readBaseFile, readChunkFile } from './drl-files.ts'
import { StoreError } from './errors.ts'
import {
  DRL_STATE_FILE,
  type DrlDownload,
  type DrlState,
  drlBaseFile,
  drlChunkFile,
  EMPTY_DRL,
  EMPTY_SETTINGS,
  EMPTY_TRUST_LIST,
  parseDrlState,
  parseEuRevocationStateFile,
  parseSettingsState,
  parseTrustListState,
  SETTINGS_FILE,
  type SettingsState,
  stateJson,
  TRUST_LIST_FILE,
  type TrustListEntry,
  type TrustListState,
} from './layout.ts'
import type { SettingRow } from './settings-rows.ts'
import { type VerifierStatus, verifierStatus } from './status.ts'

/**
 * The verifier's data folder: the trust list, the settings and the DRL, with what the sync needs to carry on (resume
 * token, DRL version and download progress). Every change is one atomic file replacement, so after a crash the
 * folder opens as the state before or after the step that was under way, never in between.
 *
 * Reading is synchronous and cheap (everything is in memory); the sync clients (`syncVerifier`) make the changes.
 *
 * @example
 * const store = await VerifierStore.open('data/verifier')
 * await syncVerifier(store, { baseUrl: 'https://get.dgc.gov.it/v1/dgc/', now: new Date() })
 * const { verificationAllowed, stale } = store.status(new Date())
 */
export class VerifierStore {
  readonly dir: string
  #trustList: TrustListState
  #settings: SettingsState
  #drlState: DrlState
  #drl: DrlStore
  #euState: EuRevocationState = EMPTY_EU_REVOCATION
  #eu = new EuRevocationLists()
  #trustStore: TrustStore | undefined
  #unusableDscs = 0
  #syncing = false

  private constructor(
    dir: string,
    trustList: TrustListState,
    settings: SettingsState,
    drlState: DrlState,
    drl: DrlStore,
  ) {
    this.dir = dir
    this.#trustList = trustList
    this.#settings = settings
    this.#drlState = drlState
    this.#drl = drl
  }

  /**
   * Opens (creating it if needed) a data folder, loading the DRL with the chunks of a download in progress, and
   * removes what an interrupted write left behind. A file that is not what this store writes is `STORE_CORRUPT`.
   */
  static async open(dir: string): Promise<VerifierStore> {
    try {
      await mkdir(dir, { recursive: true })
    } catch (cause) {
      throw new StoreError('STORE_IO', `Cannot create ${dir}: ${(cause as Error).message}`, { cause })
    }
    const trustList = await readState(dir, TRUST_LIST_FILE, parseTrustListState, EMPTY_TRUST_LIST)
    const settings = await readState(dir, SETTINGS_FILE, parseSettingsState, EMPTY_SETTINGS)
    const drlState = await readState(dir, DRL_STATE_FILE, parseDrlState, EMPTY_DRL)
    const drl = await loadDrl(dir, drlState)
    const euState = await readState(dir, EU_REVOCATION_STATE_FILE, parseEuRevocationStateFile, EMPTY_EU_REVOCATION)
    const eu = await loadEuRevocation(dir, euState)
    await removeDebris(dir, drlState, euState)
    const store = new VerifierStore(dir, trustList, settings, drlState, drl)
    store.#euState = euState
    store.#eu = eu
    return store
  }

  /** Other countries' revocation lists (synced from the national backend's distribution API). */
  get euRevocation(): EuRevocationLists {
    return this.#eu
  }

  euRevocationState(): EuRevocationState {
    return this.#euState
  }

  /**
   * Replaces the EU revocation lists (one atomic step; used by `syncEuRevocation`): the hashes file under a new
   * number, then the state naming it, then memory.
   */
  async saveEuRevocation(
    state: Omit<EuRevocationState, 'file' | 'nextId'>,
    lists: readonly EuRevocationList[],
  ): Promise<void> {
    const previous = this.#euState
    const hashes = lists.reduce((sum, list) => sum + list.hashes.size, 0)
    const file = hashes === 0 ? null : previous.nextId
    if (file !== null) {
      await writeFileAtomic(
        join(this.dir, euRevocationFile(file)),
        lists.map((list) => list.hashes.records()),
      )
    }
    const next: EuRevocationState = { ...state, file, nextId: previous.nextId + 1 }
    await writeFileAtomic(join(this.dir, EU_REVOCATION_STATE_FILE), stateJson(next))
    this.#euState = next
    this.#eu = new EuRevocationLists(lists)
    if (previous.file !== null && previous.file !== file) {
      await rm(join(this.dir, euRevocationFile(previous.file)), { force: true }).catch(() => undefined)
    }
  }

  /** Records a sync that found the lists unchanged (the server answered 304). */
  async saveEuRevocationChecked(syncedAt: Date): Promise<void> {
    const next = { ...this.#euState, syncedAt: syncedAt.toISOString() }
    await writeFileAtomic(join(this.dir, EU_REVOCATION_STATE_FILE), stateJson(next))
    this.#euState = next
  }

  /** The revocation list. Read it; only the sync changes it. */
  get drl(): DrlStore {
    return this.#drl
  }

  /** The DSCs as served: base64 kid and base64 DER. */
  trustList(): readonly TrustListEntry[] {
    return this.#trustList.dscs
  }

  /**
   * The trust list for `verifyHc1`, keyed by the served kid, each DSC's key parsed once and kept until the list
   * changes (parsing a certificate costs more than checking a signature).
   */
  trustStore(): TrustStore {
    if (this.#trustStore === undefined) {
      const dscs: Dsc[] = []
      let unusable = 0
      for (const entry of this.#trustList.dscs) {
        try {
          dscs.push(importDsc(entry.der, { kid: new Uint8Array(Buffer.from(entry.kid, 'base64')) }))
        } catch {
          // The sync only stores DSCs that parse, so this is a hand-edited file: leave the DSC out, count it.
          unusable++
        }
      }
      this.#trustStore = createTrustStore(dscs)
      this.#unusableDscs = unusable
    }
    return this.#trustStore
  }

  /** The settings rows as served; `parseSettings` of the rules package turns them into typed settings. */
  settingsRows(): readonly SettingRow[] {
    return this.#settings.rows
  }

  trustListState(): TrustListState {
    return this.#trustList
  }

  settingsState(): SettingsState {
    return this.#settings
  }

  drlState(): DrlState {
    return this.#drlState
  }

  /** Counts, versions, sync times, whether anything is older than 24 h, and whether verification may proceed. */
  status(now: Date): VerifierStatus {
    this.trustStore()
    return verifierStatus({
      trustList: this.#trustList,
      settings: this.#settings,
      drlState: this.#drlState,
      drlCount: this.#drl.size,
      drlSyncActive: drlSyncActive(this.#settings.rows),
      unusableDscs: this.#unusableDscs,
      now,
    })
  }

  /** Marks the store busy for one sync; false when another sync already holds it. */
  beginSync(): boolean {
    if (this.#syncing) return false
    this.#syncing = true
    return true
  }

  endSync(): void {
    this.#syncing = false
  }

  /** Replaces the trust list (one atomic step; used by `syncTrustList`). */
  async saveTrustList(dscs: readonly TrustListEntry[], resumeToken: string | null, syncedAt: Date): Promise<void> {
    const state: TrustListState = { syncedAt: syncedAt.toISOString(), resumeToken, dscs: [...dscs] }
    await writeFileAtomic(join(this.dir, TRUST_LIST_FILE), stateJson(state))
    this.#trustList = state
    this.#trustStore = undefined
  }

  /** Replaces the settings (one atomic step; used by `syncSettings`). */
  async saveSettings(rows: readonly SettingRow[], syncedAt: Date): Promise<void> {
    const state: SettingsState = { syncedAt: syncedAt.toISOString(), rows: [...rows] }
    await writeFileAtomic(join(this.dir, SETTINGS_FILE), stateJson(state))
    this.#settings = state
  }

  /**
   * Commits one downloaded chunk: its file, then drl.json pointing at it, and only then the set in memory, so memory
   * never runs ahead of the disk. `download.currentChunk` is this chunk's number. Returns the entries that changed.
   */
  async applyDrlChunk(
    download: DrlDownload,
    change: DrlChange,
    retries: number,
  ): Promise<{ inserted: number; deleted: number }> {
    const previous = this.#drlState
    await writeFileAtomic(join(this.dir, drlChunkFile(download.id, download.currentChunk)), chunkFileBytes(change))
    // A wipe makes the base file useless: drop it from the record now rather than keep 320 MB of dead data.
    const state = drlStateWithChunk(previous, download, change, retries)
    await this.#saveDrlState(state)
    const changed = applyDrlChange(this.#drl, change, download.totalNumberUCVI ?? 0)
    await this.#removeStale(previous, state)
    return changed
  }

  /**
   * Ends a download whose chunks have all been applied: writes the set as the new base file and moves to the
   * requested version (§9.6 step 7). A download of no chunks from scratch means an empty set.
   */
  async finishDrlDownload(download: DrlDownload, retries: number): Promise<void> {
    const previous = this.#drlState
    const recorded = previous.download
    // A download of no chunks (an empty snapshot, an empty delta) was never recorded; any other must be the one on disk.
    const known = download.totalChunk === 0 || (recorded !== null && recorded.id === download.id)
    if (download.currentChunk !== download.totalChunk || !known) {
      throw new TypeError('finishDrlDownload: not a complete download of this store')
    }
    const empty = this.#drl.size === 0 || (download.fromScratch && download.currentChunk === 0)
    // A delta of no chunks changes nothing: the base file stays as it is.
    const unchanged = !empty && download.currentChunk === 0
    if (!empty && !unchanged) await writeFileAtomic(join(this.dir, drlBaseFile(download.id)), baseFileBlocks(this.#drl))
    const base = empty ? null : unchanged ? previous.base : download.id
    const state: DrlState = {
      ...previous,
      version: download.requestedVersion,
      totalNumberUCVI: download.totalNumberUCVI,
      retries,
      base,
      count: base === null ? 0 : this.#drl.size,
      download: null,
      nextId: Math.max(previous.nextId, download.id + 1),
    }
    await this.#saveDrlState(state)
    if (empty) this.#drl.clear()
    await this.#removeStale(previous, state)
  }

  /** Records a check that found the set at the server's version with the announced count (§9.6 step 2). */
  async saveDrlReconciled(totalNumberUCVI: number, syncedAt: Date): Promise<void> {
    await this.#saveDrlState({ ...this.#drlState, totalNumberUCVI, retries: 0, syncedAt: syncedAt.toISOString() })
  }

  async #saveDrlState(state: DrlState): Promise<void> {
    await writeFileAtomic(join(this.dir, DRL_STATE_FILE), stateJson(state))
    this.#drlState = state
  }

  /** Deletes the DRL files the previous record named and the new one does not (best effort: open() retries). */
  async #removeStale(previous: DrlState, current: DrlState): Promise<void> {
    const keep = new Set(drlFiles(current))
    for (const file of drlFiles(previous)) {
      if (!keep.has(file)) await rm(join(this.dir, file), { force: true }).catch(() => undefined)
    }
  }
}

/** The .bin files a DRL record depends on. */
function drlFiles(state: DrlState): string[] {
  const files = state.base === null ? [] : [drlBaseFile(state.base)]
  const download = state.download
  if (download)
    for (let chunk = 1; chunk <= download.currentChunk; chunk++) files.push(drlChunkFile(download.id, chunk))
  return files
}

async function readState<T>(dir: string, file: string, parse: (text: string, file: string) => T, empty: T): Promise<T> {
  let text: string
  try {
    text = await readFile(join(dir, file), 'utf8')
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return empty
    throw new StoreError('STORE_IO', `Cannot read ${join(dir, file)}: ${(cause as Error).message}`, { cause })
  }
  return parse(text, join(dir, file))
}

/** The base file, then the applied chunks of a download in progress, replayed exactly as they were applied. */
async function loadDrl(dir: string, state: DrlState): Promise<DrlStore> {
  const download = state.download
  const chunks: DrlChange[] = []
  if (download) {
    for (let chunk = 1; chunk <= download.currentChunk; chunk++) {
      chunks.push(await readChunkFile(join(dir, drlChunkFile(download.id, chunk))))
    }
  }
  const room = download?.totalNumberUCVI ?? 0
  const wiped = chunks[0]?.wipe === true
  const drl =
    state.base === null || wiped
      ? new DrlStore(Math.max(room, wiped ? 0 : state.count))
      : await readBaseFile(join(dir, drlBaseFile(state.base)), state.count, room)
  for (const change of chunks) applyDrlChange(drl, change, room)
  return drl
}

/** The EU revocation lists of the state, from its hashes file. */
async function loadEuRevocation(dir: string, state: EuRevocationState): Promise<EuRevocationLists> {
  const total = state.lists.reduce((sum, list) => sum + list.count, 0)
  if (state.file === null) {
    if (total !== 0) throw new StoreError('STORE_CORRUPT', `${EU_REVOCATION_STATE_FILE}: hashes without a file`)
    return new EuRevocationLists(state.lists.map((list) => euList(list, new Uint8Array(0))))
  }
  const path = join(dir, euRevocationFile(state.file))
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (cause) {
    throw new StoreError('STORE_CORRUPT', `Cannot read ${path}: ${(cause as Error).message}`, { cause })
  }
  if (bytes.length !== total * REVOCATION_HASH_BYTES) {
    throw new StoreError('STORE_CORRUPT', `${path}: ${bytes.length} bytes where ${total} hashes were recorded`)
  }
  let offset = 0
  return new EuRevocationLists(
    state.lists.map((list) => {
      const records = bytes.subarray(offset, offset + list.count * REVOCATION_HASH_BYTES)
      offset += records.length
      return euList(list, records)
    }),
  )
}

function euList(list: EuRevocationListState, records: Uint8Array): EuRevocationList {
  return { kid: list.kid, hashTypes: list.hashTypes, hashes: RevocationHashSet.fromRecords(records) }
}

/** Temporary files of interrupted writes, and DRL and EU revocation files that their state does not name. */
async function removeDebris(dir: string, state: DrlState, euState: EuRevocationState): Promise<void> {
  const keep = new Set(drlFiles(state))
  if (euState.file !== null) keep.add(euRevocationFile(euState.file))
  for (const name of await readdir(dir)) {
    const stateless = /^drl-\d+(-chunk-\d+)?\.bin$/.test(name) || EU_REVOCATION_FILE_PATTERN.test(name)
    const debris = name.endsWith(TEMP_SUFFIX) || (stateless && !keep.has(name))
    if (debris) await rm(join(dir, name), { force: true }).catch(() => undefined)
  }
}
