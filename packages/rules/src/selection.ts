/**
 * Which part of the payload the rules look at (italian-verification-rules.md §3.4 item 1 and §3.5).
 *
 * Two different orders, both the reference's:
 * - the identifier checked by the preconditions is the **first** entry's `ci` of the first group in the order
 *   e → v → t → r (an exemption's identifier wins);
 * - the entry the rules judge is taken in the order v → r → t → e: `v.last()`, `r.first()`, `t.first()`, `e.last()`.
 *   An exemption is judged only when there is no v, r or t group.
 *
 * A group is present when it is a non-empty array; anything else under `v`, `r`, `t` or `e` counts as absent.
 */
import { field } from './fields.ts'

export type CertificateType = 'vaccination' | 'test' | 'recovery' | 'exemption'

/** The entry the rules judge and the type of its group. */
export interface SelectedEntry {
  readonly type: CertificateType
  readonly entry: unknown
}

/**
 * The entry the rules judge (§3.5), or undefined when the payload has no group at all.
 *
 * @example selectEntry({ v: [first, last] }) // { type: 'vaccination', entry: last }
 */
export function selectEntry(dcc: unknown): SelectedEntry | undefined {
  const v = group(dcc, 'v')
  if (v) return { type: 'vaccination', entry: v.at(-1) }
  const r = group(dcc, 'r')
  if (r) return { type: 'recovery', entry: r[0] }
  const t = group(dcc, 't')
  if (t) return { type: 'test', entry: t[0] }
  const e = group(dcc, 'e')
  if (e) return { type: 'exemption', entry: e.at(-1) }
  return undefined
}

/**
 * The identifier the preconditions check (§3.4 item 1): `e[0].ci` if there is an exemption, otherwise `v[0].ci`,
 * `t[0].ci`, `r[0].ci`. `''` when the group has no string `ci`, or when there is no group at all.
 *
 * @example preconditionUvci({ v: [{ ci: 'URN:UVCI:01:IT:A#1' }] }) // 'URN:UVCI:01:IT:A#1'
 */
export function preconditionUvci(dcc: unknown): string {
  const first = (group(dcc, 'e') ?? group(dcc, 'v') ?? group(dcc, 't') ?? group(dcc, 'r'))?.[0]
  const ci = field(first, 'ci')
  return typeof ci === 'string' ? ci : ''
}

function group(dcc: unknown, key: 'v' | 'r' | 't' | 'e'): readonly unknown[] | undefined {
  const value = field(dcc, key)
  return Array.isArray(value) && value.length > 0 ? value : undefined
}
