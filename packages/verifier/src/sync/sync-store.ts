import type { DrlStore } from '../drl/drl-store.ts'
import type { DrlChange } from '../store/drl-files.ts'
import type { DrlDownload, DrlState, TrustListEntry, TrustListState } from '../store/layout.ts'
import type { SettingRow } from '../store/settings-rows.ts'

/**
 * What the sync clients read and change: the verifier's data folder (`VerifierStore`) or, in the browser, the app's
 * IndexedDB store. Reads are synchronous (the data is held in memory); each change is one committed step.
 */
export interface SyncStore {
  /** Where the data lives, for messages. */
  readonly dir: string
  readonly drl: Pick<DrlStore, 'size'>
  settingsRows(): readonly SettingRow[]
  trustListState(): TrustListState
  drlState(): DrlState
  /** Marks the store busy for one sync; false when another sync already holds it. */
  beginSync(): boolean
  endSync(): void
  saveTrustList(dscs: readonly TrustListEntry[], resumeToken: string | null, syncedAt: Date): Promise<void>
  saveSettings(rows: readonly SettingRow[], syncedAt: Date): Promise<void>
  applyDrlChunk(
    download: DrlDownload,
    change: DrlChange,
    retries: number,
  ): Promise<{ inserted: number; deleted: number }>
  finishDrlDownload(download: DrlDownload, retries: number): Promise<void>
  saveDrlReconciled(totalNumberUCVI: number, syncedAt: Date): Promise<void>
}
