import type { DccType } from './dcc.ts'

/**
 * DCC extended-key-usage OIDs (hcert spec Appendix A.4), in the current spelling and in the legacy spelling with an
 * extra `.0` printed by spec versions 1.0.0–1.0.5 and still carried by many DSCs: both are accepted.
 */
const OID_TYPES: ReadonlyMap<string, DccType> = new Map([
  ['1.3.6.1.4.1.1847.2021.1.1', 't'],
  ['1.3.6.1.4.1.1847.2021.1.2', 'v'],
  ['1.3.6.1.4.1.1847.2021.1.3', 'r'],
  ['1.3.6.1.4.1.0.1847.2021.1.1', 't'],
  ['1.3.6.1.4.1.0.1847.2021.1.2', 'v'],
  ['1.3.6.1.4.1.0.1847.2021.1.3', 'r'],
])

/** The current-spelling OID that marks a DSC as allowed to sign `type` certificates. */
export const KEY_USAGE_OID: Readonly<Record<DccType, string>> = {
  t: '1.3.6.1.4.1.1847.2021.1.1',
  v: '1.3.6.1.4.1.1847.2021.1.2',
  r: '1.3.6.1.4.1.1847.2021.1.3',
}

/**
 * The certificate types a DSC may sign, from its extended key usage: `'any'` when it carries no DCC OID (no EKU at
 * all, or only unrelated ones such as TLS client), else exactly the types whose OID is present.
 */
export function dccKeyUsage(extendedKeyUsage: readonly string[] | undefined): ReadonlySet<DccType> | 'any' {
  const types = new Set<DccType>()
  for (const oid of extendedKeyUsage ?? []) {
    const type = OID_TYPES.get(oid)
    if (type) types.add(type)
  }
  return types.size === 0 ? 'any' : types
}

/** Whether a DSC with this key usage may sign a certificate of `type`. */
export function keyUsageAllows(usage: ReadonlySet<DccType> | 'any', type: DccType): boolean {
  return usage === 'any' || usage.has(type)
}
