import { isSettingRows } from '../store/settings-rows.ts'
import type { SyncStore } from './sync-store.ts'
import { SyncError } from './errors.ts'
import type { SyncHttp } from './http.ts'

/** What a settings sync did. */
export interface SettingsSyncResult {
  readonly count: number
  /** The rows differ from the stored ones. */
  readonly changed: boolean
}

/**
 * `GET settings` (§7): the rows are stored exactly as served; `parseSettings` of the rules package reads them.
 *
 * @example await syncSettings(store, syncHttp({ baseUrl }), new Date())
 */
export async function syncSettings(store: SyncStore, http: SyncHttp, now: Date): Promise<SettingsSyncResult> {
  const rows = await http.getJson('settings')
  if (!isSettingRows(rows)) throw new SyncError('SYNC_PROTOCOL', 'settings is not a JSON array of {name, type, value}')
  const changed = JSON.stringify(rows) !== JSON.stringify(store.settingsRows())
  await store.saveSettings(rows, now)
  return { count: rows.length, changed }
}
