/** One row of the `settings` response, kept exactly as served (every value is a string, §7.1). */
export interface SettingRow {
  readonly name: string
  readonly type: string
  readonly value: string
}

/**
 * The value of a generic setting, matched by name only as the reference does (the rows read by the sync, such as
 * `DRL_SYNC_ACTIVE` and `MAX_RETRY`, are absent from the fixture, so their `type` is unknown).
 *
 * @example settingValue(rows, 'MAX_RETRY') // '1' or undefined
 */
export function settingValue(rows: readonly SettingRow[], name: string): string | undefined {
  return rows.find((row) => row.name === name)?.value
}

/** True when `value` is a settings array: `{name, type, value}` rows of strings. */
export function isSettingRows(value: unknown): value is SettingRow[] {
  return (
    Array.isArray(value) &&
    value.every(
      (row) =>
        typeof row === 'object' &&
        row !== null &&
        typeof row.name === 'string' &&
        typeof row.type === 'string' &&
        typeof row.value === 'string',
    )
  )
}
