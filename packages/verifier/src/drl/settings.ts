import { type SettingRow, settingValue } from '../store/settings-rows.ts'

/** `MAX_RETRY` when the settings do not say (the reference's default, §7.3). */
export const DEFAULT_DRL_MAX_RETRY = 1

/**
 * Whether the DRL is downloaded and checked: setting `DRL_SYNC_ACTIVE`, true unless it says "false" (§7.3, §9.6 step 9).
 *
 * @example drlSyncActive([{ name: 'DRL_SYNC_ACTIVE', type: 'GENERIC', value: 'false' }]) // false
 */
export function drlSyncActive(rows: readonly SettingRow[]): boolean {
  return settingValue(rows, 'DRL_SYNC_ACTIVE')?.trim().toLowerCase() !== 'false'
}

/**
 * How many times one sync may wipe the DRL and download it again from version 0 (setting `MAX_RETRY`, default 1).
 * A value that is not a non-negative integer falls back to the default rather than to 0 or to "unbounded".
 *
 * @example drlMaxRetry([]) // 1
 */
export function drlMaxRetry(rows: readonly SettingRow[]): number {
  const value = settingValue(rows, 'MAX_RETRY')?.trim()
  return value !== undefined && /^\d{1,4}$/.test(value) ? Number(value) : DEFAULT_DRL_MAX_RETRY
}
