/**
 * `extractFromUVCI` (specification "Extract from UVCI"): one fragment of a UVCI, for rules that judge a certificate
 * by its issuing entity or batch (e.g. revoking one vaccination centre's certificates).
 *
 * The UVCI loses its optional `URN:UVCI:` prefix and is split at every separator the guideline has: `/`, `#` and
 * `:`. The prefix is matched as written, upper case, as the specification does: a rule must give the same answer
 * on every engine, even for the lower-case `urn:uvci:` some issuers write (hcert-format.md §12.8).
 */

const PREFIX = 'URN:UVCI:'
const SEPARATORS = /[/#:]/

/**
 * Fragment `index` (0-based) of `uvci`, or `null` when there is no UVCI or no such fragment.
 *
 * @example
 * extractFromUvci('URN:UVCI:01:NL:187/37512422923#Z', 0) // '01'
 * extractFromUvci('URN:UVCI:01:NL:187/37512422923#Z', 3) // '37512422923'
 * extractFromUvci('01:NL:187/37512422923', 9) // null
 * extractFromUvci(null, 0) // null
 */
export function extractFromUvci(uvci: string | null, index: number): string | null {
  if (uvci === null || index < 0) return null
  const fragments = (uvci.startsWith(PREFIX) ? uvci.slice(PREFIX.length) : uvci).split(SEPARATORS)
  return fragments[index] ?? null
}
