/**
 * Reading fields of a payload entry that nobody has vouched for: the rules run on decoded JSON, and an entry may be
 * `null`, an array, or hold a number where a string belongs. Missing and mistyped fields read as undefined, so every
 * rule can turn them into a status instead of a `TypeError`.
 */

/** The own property `name` of `entry` when `entry` is a plain object, else undefined (never the prototype's). */
export function field(entry: unknown, name: string): unknown {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined
  return Object.hasOwn(entry, name) ? (entry as Record<string, unknown>)[name] : undefined
}

/** The field as a string, or undefined when missing or not a string. */
export function textField(entry: unknown, name: string): string | undefined {
  const value = field(entry, name)
  return typeof value === 'string' ? value : undefined
}

/** The field as a whole number, or undefined when missing, fractional or not a number. */
export function integerField(entry: unknown, name: string): number | undefined {
  const value = field(entry, name)
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined
}
