/** The DCC payload (`hcert[1]`), as the schema defines it (hcert-format.md §9). Values are as decoded, not validated. */
export interface Dcc {
  ver: string
  nam: PersonName
  dob: string
  v?: Vaccination[]
  t?: Test[]
  r?: Recovery[]
  [extension: string]: unknown
}

export interface PersonName {
  fn?: string
  fnt?: string
  gn?: string
  gnt?: string
}

export interface Vaccination {
  tg: string
  vp: string
  mp: string
  ma: string
  dn: number
  sd: number
  dt: string
  co: string
  is: string
  ci: string
}

export interface Test {
  tg: string
  tt: string
  nm?: string
  ma?: string
  sc: string
  dr?: string
  tr: string
  tc?: string
  co: string
  is: string
  ci: string
}

export interface Recovery {
  tg: string
  fr: string
  co: string
  is: string
  df: string
  du: string
  ci: string
}

/** The three kinds of certificate, by their group key in the payload. */
export type DccType = 'v' | 't' | 'r'

/** The kind of certificate: the single non-empty group among `v`, `t`, `r`; undefined when there is not exactly one. */
export function dccTypeOf(dcc: unknown): DccType | undefined {
  if (typeof dcc !== 'object' || dcc === null) return undefined
  const groups = (['v', 't', 'r'] as const).filter((key) => {
    const group = (dcc as Record<string, unknown>)[key]
    return Array.isArray(group) && group.length > 0
  })
  return groups.length === 1 ? groups[0] : undefined
}
