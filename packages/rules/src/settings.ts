/**
 * The settings table served by `GET /v1/dgc/settings` (italian-verification-rules.md §7): every window length, the
 * EMA list, the blacklist and the sync switches, as `{name, type, value}` rows whose values are all strings.
 *
 * Parsed once into maps, so every lookup the rules make is O(1). Unlike the reference, a number a rule needs but the
 * table lacks is an error (`SETTINGS_MISSING_KEY`), never a silent 0 (§10 item 11): a 0-day window would turn
 * every certificate red, or green, without anyone noticing.
 */
import { RulesError, type SettingsRowProblem } from './errors.ts'

/** One row of the settings response. Extra properties of a row (such as a database `_id`) are ignored. */
export interface SettingRow {
  readonly name: string
  readonly type: string
  readonly value: string
}

/** The `type` of rows that apply to every product (§7.1). */
export const GENERIC = 'GENERIC'

/** The names of the GENERIC rows holding a number of days or hours (§7.2). */
export type GenericNumberKey =
  | 'vaccine_start_day_complete_IT'
  | 'vaccine_end_day_complete_IT'
  | 'vaccine_start_day_booster_IT'
  | 'vaccine_end_day_booster_IT'
  | 'vaccine_start_day_complete_NOT_IT'
  | 'vaccine_end_day_complete_NOT_IT'
  | 'vaccine_start_day_booster_NOT_IT'
  | 'vaccine_end_day_booster_NOT_IT'
  | 'vaccine_end_day_complete_extended_EMA'
  | 'vaccine_end_day_complete_under_18'
  | 'vaccine_complete_under_18_offset'
  | 'vaccine_end_day_school'
  | 'recovery_cert_end_day_school'
  | 'recovery_cert_start_day'
  | 'recovery_cert_end_day'
  | 'recovery_cert_start_day_IT'
  | 'recovery_cert_end_day_IT'
  | 'recovery_cert_start_day_NOT_IT'
  | 'recovery_cert_end_day_NOT_IT'
  | 'recovery_pv_cert_start_day'
  | 'recovery_pv_cert_end_day'
  | 'rapid_test_start_hours'
  | 'rapid_test_end_hours'
  | 'molecular_test_start_hours'
  | 'molecular_test_end_hours'

/** The names of the per-product rows, whose `type` is a medicinal product code (`mp`). */
export type ProductNumberKey =
  | 'vaccine_start_day_not_complete'
  | 'vaccine_end_day_not_complete'
  | 'vaccine_start_day_complete'
  | 'vaccine_end_day_complete'

/**
 * The parsed settings. Obtain one with `parseSettings`.
 *
 * The accessors of rows the rules cannot do without (`genericNumber`, `productNumber`, `emaVaccines`, `blackList`)
 * throw `RulesError('SETTINGS_MISSING_KEY')` naming the key when the row is absent, and
 * `RulesError('SETTINGS_INVALID')` when a number row does not hold an integer.
 */
export interface Settings {
  /** The rows as served, in order. */
  readonly rows: readonly SettingRow[]
  /** The integer of the GENERIC row `name` (matched by name and type `GENERIC`, §7.1). */
  genericNumber(name: GenericNumberKey): number
  /** The integer of the row `name` whose `type` is the product code `medicinalProduct` (name + type, §7.1). */
  productNumber(name: ProductNumberKey, medicinalProduct: string): number
  /** The raw value of a row: by name and type, or by name alone (the first such row) when `type` is omitted. */
  value(name: string, type?: string): string | undefined
  /** `EMA_vaccines` split on `;` (empty items dropped). Throws `SETTINGS_MISSING_KEY` when the row is absent. */
  readonly emaVaccines: ReadonlySet<string>
  /** `black_list_uvci` split on `;` (empty items dropped). Throws `SETTINGS_MISSING_KEY` when the row is absent. */
  readonly blackList: ReadonlySet<string>
  /** `DRL_SYNC_ACTIVE`: whether the revocation list is synchronised and checked. True when the row is absent. */
  readonly drlSyncActive: boolean
  /** `MAX_RETRY`: full DRL resynchronisations allowed after a count mismatch. 1 when the row is absent. */
  readonly maxRetry: number
  /** `sdk`: the minimum SDK version the platform accepts (dotted numbers), when served. */
  readonly minSdkVersion: string | undefined
}

/**
 * Validates the settings response and indexes it. `rows` must be an array of objects whose `name`, `type` and
 * `value` are strings; otherwise `RulesError('SETTINGS_INVALID')` with every bad row in `badRows`. The switches read
 * at sync time (`DRL_SYNC_ACTIVE` true/false, `MAX_RETRY` a whole number) are checked here too.
 *
 * When a name and type occur twice, the first row wins, as in the reference (which searches the list in order).
 *
 * @example
 * const settings = parseSettings(JSON.parse(await readFile('settings.json', 'utf8')))
 * settings.genericNumber('rapid_test_end_hours') // 48
 */
export function parseSettings(rows: unknown): Settings {
  if (!Array.isArray(rows)) {
    throw new RulesError('SETTINGS_INVALID', `Settings must be an array of {name, type, value}, not ${describe(rows)}`)
  }
  const problems: SettingsRowProblem[] = []
  const valid: SettingRow[] = []
  rows.forEach((row: unknown, index) => {
    const problem = rowProblem(row)
    if (problem === undefined) {
      const { name, type, value } = row as SettingRow
      valid.push(Object.freeze({ name, type, value }))
    } else problems.push({ index, problem })
  })
  if (problems.length > 0) {
    const shown = problems
      .slice(0, 10)
      .map(({ index, problem }) => `#${index}: ${problem}`)
      .join('; ')
    throw new RulesError('SETTINGS_INVALID', `${problems.length} malformed settings row(s): ${shown}`, {
      badRows: problems,
    })
  }
  return new IndexedSettings(Object.freeze(valid))
}

class IndexedSettings implements Settings {
  readonly rows: readonly SettingRow[]
  readonly drlSyncActive: boolean
  readonly maxRetry: number
  readonly minSdkVersion: string | undefined
  // name + NUL + type → value; name → the first value with that name.
  readonly #byNameAndType = new Map<string, string>()
  readonly #byName = new Map<string, string>()
  // Integers parsed once; a key maps to undefined when its value is not an integer.
  readonly #numbers = new Map<string, number | undefined>()
  readonly #emaVaccines: ReadonlySet<string> | undefined
  readonly #blackList: ReadonlySet<string> | undefined

  constructor(rows: readonly SettingRow[]) {
    this.rows = rows
    for (const { name, type, value } of rows) {
      const key = rowKey(name, type)
      if (!this.#byNameAndType.has(key)) {
        this.#byNameAndType.set(key, value)
        this.#numbers.set(key, parseInteger(value))
      }
      if (!this.#byName.has(name)) this.#byName.set(name, value)
    }
    const ema = this.value('EMA_vaccines', GENERIC)
    this.#emaVaccines = ema === undefined ? undefined : splitList(ema)
    const blackList = this.value('black_list_uvci', 'black_list_uvci')
    this.#blackList = blackList === undefined ? undefined : splitList(blackList)

    // The switches' rows have a type clients never match (§7.3), so they are found by name alone.
    const problems: SettingsRowProblem[] = []
    this.drlSyncActive = this.#switch('DRL_SYNC_ACTIVE', true, problems)
    const maxRetry = this.value('MAX_RETRY')
    const retries = maxRetry === undefined ? 1 : parseInteger(maxRetry)
    if (retries === undefined || retries < 0) problems.push(this.#problem('MAX_RETRY', 'not a whole number ≥ 0'))
    this.maxRetry = retries ?? 1
    this.minSdkVersion = this.value('sdk')
    if (problems.length > 0) {
      throw new RulesError('SETTINGS_INVALID', problems.map(({ problem }) => problem).join('; '), { badRows: problems })
    }
    Object.freeze(this)
  }

  genericNumber(name: GenericNumberKey): number {
    return this.#number(name, GENERIC)
  }

  productNumber(name: ProductNumberKey, medicinalProduct: string): number {
    return this.#number(name, medicinalProduct)
  }

  value(name: string, type?: string): string | undefined {
    return type === undefined ? this.#byName.get(name) : this.#byNameAndType.get(rowKey(name, type))
  }

  get emaVaccines(): ReadonlySet<string> {
    if (this.#emaVaccines === undefined) throw missing('EMA_vaccines', GENERIC)
    return this.#emaVaccines
  }

  get blackList(): ReadonlySet<string> {
    if (this.#blackList === undefined) throw missing('black_list_uvci', 'black_list_uvci')
    return this.#blackList
  }

  #number(name: string, type: string): number {
    const key = rowKey(name, type)
    const number = this.#numbers.get(key)
    if (number !== undefined) return number
    if (!this.#numbers.has(key)) throw missing(name, type)
    throw new RulesError(
      'SETTINGS_INVALID',
      `Setting ${name} (type ${type}) is ${JSON.stringify(this.#byNameAndType.get(key))}, not a whole number`,
      { key: name },
    )
  }

  #switch(name: string, fallback: boolean, problems: SettingsRowProblem[]): boolean {
    const value = this.value(name)
    if (value === undefined) return fallback
    const normalised = value.trim().toLowerCase()
    if (normalised === 'true') return true
    if (normalised === 'false') return false
    problems.push(this.#problem(name, `${JSON.stringify(value)} is not "true" or "false"`))
    return fallback
  }

  #problem(name: string, problem: string): SettingsRowProblem {
    return { index: this.rows.findIndex((row) => row.name === name), problem: `${name}: ${problem}` }
  }
}

function rowProblem(row: unknown): string | undefined {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return `not an object but ${describe(row)}`
  const fields = row as Record<string, unknown>
  const bad = ['name', 'type', 'value'].filter((field) => typeof fields[field] !== 'string')
  if (bad.length > 0) return `${bad.join(', ')} not a string`
  return undefined
}

function rowKey(name: string, type: string): string {
  return `${name}\u0000${type}`
}

// Whole numbers only: every setting read as a number is a count of days or hours.
function parseInteger(value: string): number | undefined {
  const text = value.trim()
  if (!/^[+-]?\d{1,9}$/.test(text)) return undefined
  return Number(text)
}

// `a;b;c;` → {a, b, c}: a trailing separator (the blacklist has one) or a doubled one yields no empty item, and
// items are trimmed (neither UVCIs nor product codes contain white space).
function splitList(value: string): ReadonlySet<string> {
  const items = new Set<string>()
  for (const item of value.split(';')) {
    const trimmed = item.trim()
    if (trimmed !== '') items.add(trimmed)
  }
  return items
}

function missing(name: string, type: string): RulesError {
  return new RulesError(
    'SETTINGS_MISSING_KEY',
    `The settings lack ${name} (type ${type}): the rules refuse to run on incomplete settings`,
    { key: name },
  )
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value)
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`
}
