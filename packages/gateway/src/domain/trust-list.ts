import { type TrustListItem, type TrustListType } from '../client/trust-list-item.ts'
import type { GatewayServices } from '../services.ts'
import { kidBase64Of } from '../trust/fingerprint.ts'
import { type TrustedIssuer, trustedIssuers } from '../trust/trusted-issuers.ts'
import { trustedParties } from '../trust/trusted-parties.ts'

export interface TrustListQuery {
  readonly type?: TrustListType
  readonly country?: string
  /** `If-Modified-Since`: only what was created (or, for DSCs, deleted) at or after it — the delta. */
  readonly since?: Date
  /** 0-based page and its size; absent → the whole list. */
  readonly page?: { readonly index: number; readonly size: number }
}

/**
 * The trust list (§2.4): integrity-checked trusted parties and the DSCs, filtered, sorted by kid, then paged. Without
 * `since` deleted DSCs are left out; with it they come back as tombstones.
 */
export async function trustList(services: GatewayServices, query: TrustListQuery): Promise<TrustListItem[]> {
  const since = query.since?.getTime()
  const items: TrustListItem[] = []
  if (query.type !== 'DSC') {
    const parties = await trustedParties(services.db, services.anchor, {
      ...(query.type ? { type: query.type } : {}),
      ...(query.country ? { country: query.country } : {}),
      ...(since !== undefined ? { createdSince: since } : {}),
    })
    for (const party of parties) {
      items.push({
        kid: kidBase64Of(party.der),
        timestamp: formatTimestamp(party.createdAt),
        country: party.country,
        certificateType: party.type,
        thumbprint: party.thumbprint,
        signature: party.signature,
        rawData: Buffer.from(party.der).toString('base64'),
      })
    }
  }
  if (query.type === undefined || query.type === 'DSC') {
    let dscs = services.db.selectFrom('signer_information').selectAll()
    if (query.country) dscs = dscs.where('country', '=', query.country)
    dscs =
      since === undefined
        ? dscs.where('signature', 'is not', null)
        : dscs.where((eb) => eb.or([eb('created_at', '>=', since), eb('deleted_at', '>=', since)]))
    for (const row of await dscs.execute()) {
      const deleted = row.signature === null
      items.push({
        kid: kidBase64Of(Buffer.from(row.raw_data, 'base64')),
        timestamp: formatTimestamp(deleted && row.deleted_at !== null ? row.deleted_at : row.created_at),
        country: row.country,
        certificateType: 'DSC',
        thumbprint: row.thumbprint,
        signature: row.signature,
        rawData: deleted ? null : row.raw_data,
      })
    }
  }
  items.sort((a, b) => (a.kid < b.kid ? -1 : a.kid > b.kid ? 1 : a.thumbprint < b.thumbprint ? -1 : 1))
  if (!query.page) return items
  const start = query.page.index * query.page.size
  return items.slice(start, start + query.page.size)
}

/** One entry of `GET /trustList/issuers` (`TrustedIssuerDto`). */
export type TrustedIssuerItem = Omit<TrustedIssuer, 'createdAt'> & { readonly timestamp: string }

/** The integrity-checked trusted issuers of `countries` (all when none is given), by country and name. */
export async function trustedIssuerList(
  services: GatewayServices,
  countries: readonly string[],
): Promise<TrustedIssuerItem[]> {
  const issuers = await trustedIssuers(services.db, services.anchor, countries)
  return issuers.map(({ createdAt, ...issuer }) => ({ ...issuer, timestamp: formatTimestamp(createdAt) }))
}

/** The distinct countries of the (integrity-checked) trusted parties, sorted (`GET /countrylist`). */
export async function countryList(services: GatewayServices): Promise<string[]> {
  const parties = await trustedParties(services.db, services.anchor)
  return [...new Set(parties.map((party) => party.country))].sort()
}

/** `yyyy-MM-dd'T'HH:mm:ssXXX` in UTC, as the reference writes `timestamp` (`2021-06-01T10:00:00Z`). */
export function formatTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
