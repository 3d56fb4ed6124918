import { HcertError } from './errors.ts'

/** The context identifier of version-1 health certificates. */
export const HC1_PREFIX = 'HC1:'

/**
 * Removes the `HC1:` prefix. Any other prefix (`HC2:`, `HL0:` …) is an `HC1_PREFIX` error; a text without a prefix
 * is accepted only when `required` is false (raw transports that carry Base45 alone).
 */
export function stripHc1Prefix(text: string, required = true): string {
  if (text.startsWith(HC1_PREFIX)) return text.slice(HC1_PREFIX.length)
  if (/^H[0-9A-Z]{2}:/.test(text)) throw new HcertError('HC1_PREFIX', `Unsupported prefix ${text.slice(0, 4)}`)
  if (required) throw new HcertError('HC1_PREFIX', 'Text does not start with HC1:')
  return text
}
