import type { Kysely, Selectable } from 'kysely'
import { CmsError } from '../cms/errors.ts'
import { verifyCms } from '../cms/verify.ts'
import type { GatewayDatabase, TrustedIssuerTable, TrustedIssuerUrlType } from '../db/schema.ts'
import { thumbprintOf } from './fingerprint.ts'
import type { TrustAnchor } from './trust-anchor.ts'

/** A trusted issuer's fields, as onboarded and as `GET /trustList/issuers` lists them (`TrustedIssuerDto`). */
export interface TrustedIssuerFields {
  readonly uuid: string
  readonly country: string
  readonly name: string
  readonly url: string
  readonly urlType: TrustedIssuerUrlType
  readonly thumbprint: string | null
  readonly sslPublicKey: string | null
  readonly keyStorageType: string | null
  readonly domain: string
}

/** A trusted issuer whose row passed the integrity check. */
export interface TrustedIssuer extends TrustedIssuerFields {
  /** Base64 detached CMS by the trust anchor over {@link trustedIssuerSignedText}. */
  readonly signature: string
  readonly createdAt: number
}

/**
 * The text the trust anchor signs for a trusted issuer: every field in a fixed order, `;`-separated, absent ones
 * empty. A row whose fields were changed after onboarding no longer matches its signature, and is ignored.
 */
export function trustedIssuerSignedText(issuer: TrustedIssuerFields): Uint8Array {
  const fields = [
    issuer.uuid,
    issuer.country,
    issuer.name,
    issuer.url,
    issuer.urlType,
    issuer.thumbprint ?? '',
    issuer.sslPublicKey ?? '',
    issuer.keyStorageType ?? '',
    issuer.domain,
  ]
  return new TextEncoder().encode(fields.join(';'))
}

/**
 * The trusted issuers of `countries` (all when empty) whose rows pass the trust anchor's signature check, sorted by
 * country then name — as for trusted parties, a row that fails the check is treated as missing.
 */
export async function trustedIssuers(
  db: Kysely<GatewayDatabase>,
  anchor: TrustAnchor,
  countries: readonly string[] = [],
): Promise<TrustedIssuer[]> {
  let query = db.selectFrom('trusted_issuer').selectAll()
  if (countries.length > 0) query = query.where('country', 'in', countries)
  const rows = await query.orderBy('country').orderBy('name').orderBy('id').execute()
  const checked = await Promise.all(rows.map((row) => checkIntegrity(row, anchor)))
  return checked.filter((issuer): issuer is TrustedIssuer => issuer !== undefined)
}

async function checkIntegrity(
  row: Selectable<TrustedIssuerTable>,
  anchor: TrustAnchor,
): Promise<TrustedIssuer | undefined> {
  const fields: TrustedIssuerFields = {
    uuid: row.uuid,
    country: row.country,
    name: row.name,
    url: row.url,
    urlType: row.url_type,
    thumbprint: row.thumbprint,
    sslPublicKey: row.ssl_public_key,
    keyStorageType: row.key_storage_type,
    domain: row.domain,
  }
  try {
    const { signerCertificate } = await verifyCms(Buffer.from(row.signature, 'base64'), {
      detachedContent: trustedIssuerSignedText(fields),
    })
    if (thumbprintOf(signerCertificate) !== anchor.thumbprint) return undefined
  } catch (error) {
    if (error instanceof CmsError) return undefined
    throw error
  }
  return { ...fields, signature: row.signature, createdAt: row.created_at }
}
