/**
 * Every failure of the rules library is a `RulesError` with a stable `code`. Callers branch on `code`, never on
 * `message`.
 *
 * A `RulesError` is never a verdict on a certificate (those are statuses): it means the rules cannot be applied at all
 * (incomplete settings, an unknown scan mode, an invalid instant), so nothing should be shown as green or red.
 */
export type RulesErrorCode =
  /** A settings row a rule needs is missing (a window key, `EMA_vaccines`, `black_list_uvci`): never read as 0. */
  | 'SETTINGS_MISSING_KEY'
  /** The settings are not an array of `{name, type, value}` strings, or a number row does not hold an integer. */
  | 'SETTINGS_INVALID'
  /** A scan mode name that is not one of the known modes or aliases. */
  | 'SCAN_MODE_UNKNOWN'
  /** The validation instant is not a valid `Date`. */
  | 'INSTANT_INVALID'

export class RulesError extends Error {
  override name = 'RulesError'
  readonly code: RulesErrorCode
  /** The settings key concerned (`SETTINGS_MISSING_KEY`, and `SETTINGS_INVALID` for a bad number row). */
  readonly key: string | undefined
  /** The offending rows with what is wrong with each (`SETTINGS_INVALID` of the array's shape). */
  readonly badRows: readonly SettingsRowProblem[] | undefined

  constructor(
    code: RulesErrorCode,
    message: string,
    options?: { cause?: unknown; key?: string; badRows?: readonly SettingsRowProblem[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.key = options?.key
    this.badRows = options?.badRows
  }
}

/** One malformed settings row: its index in the array and the problem. */
export interface SettingsRowProblem {
  readonly index: number
  readonly problem: string
}

/** True when `error` is a `RulesError`, optionally with the given code. */
export function isRulesError(error: unknown, code?: RulesErrorCode): error is RulesError {
  return error instanceof RulesError && (code === undefined || error.code === code)
}
