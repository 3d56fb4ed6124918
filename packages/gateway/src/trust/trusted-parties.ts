import { X509Certificate } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import { CmsError } from '../cms/errors.ts'
import { verifyCms } from '../cms/verify.ts'
import type { GatewayDatabase, TrustedPartyTable, TrustedPartyType } from '../db/schema.ts'
import { thumbprintOf } from './fingerprint.ts'
import type { TrustAnchor } from './trust-anchor.ts'

/** A trusted party whose row passed the integrity check. */
export interface TrustedParty {
  readonly id: number
  readonly createdAt: number
  readonly country: string
  readonly type: TrustedPartyType
  readonly thumbprint: string
  readonly der: Uint8Array
  readonly certificate: X509Certificate
  /** Base64 detached CMS by the trust anchor. */
  readonly signature: string
}

export interface TrustedPartyFilter {
  readonly type?: TrustedPartyType
  readonly country?: string
  readonly thumbprint?: string
  readonly createdSince?: number
}

/**
 * The trusted parties matching `filter` whose rows pass the integrity check of §2.2 — a row that fails is treated as
 * missing, so a row slipped into the table by hand (or altered) grants nothing:
 * 1. signature and raw data present; 2. the raw data parses as X.509; 3. its SHA-256 equals the stored thumbprint;
 * 4. the detached CMS verifies over the raw data; 5. the CMS signer certificate is the trust anchor's.
 */
export async function trustedParties(
  db: Kysely<GatewayDatabase>,
  anchor: TrustAnchor,
  filter: TrustedPartyFilter = {},
): Promise<TrustedParty[]> {
  let query = db.selectFrom('trusted_party').selectAll()
  if (filter.type !== undefined) query = query.where('certificate_type', '=', filter.type)
  if (filter.country !== undefined) query = query.where('country', '=', filter.country)
  if (filter.thumbprint !== undefined) query = query.where('thumbprint', '=', filter.thumbprint)
  if (filter.createdSince !== undefined) query = query.where('created_at', '>=', filter.createdSince)
  const rows = await query.orderBy('id').execute()
  const checked = await Promise.all(rows.map((row) => checkIntegrity(row, anchor)))
  return checked.filter((party): party is TrustedParty => party !== undefined)
}

/** The one trusted party of that thumbprint, country and type that passes the integrity check, if any. */
export async function findTrustedParty(
  db: Kysely<GatewayDatabase>,
  anchor: TrustAnchor,
  filter: Required<Pick<TrustedPartyFilter, 'thumbprint' | 'country' | 'type'>>,
): Promise<TrustedParty | undefined> {
  const [party] = await trustedParties(db, anchor, filter)
  return party
}

/** The roles of a trusted party (`RevocationListReader`, `RevocationUploader`, `RevocationDeleter`). */
export async function rolesOf(db: Kysely<GatewayDatabase>, trustedPartyId: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('trusted_party_role')
    .select('role')
    .where('trusted_party_id', '=', trustedPartyId)
    .execute()
  return new Set(rows.map((row) => row.role))
}

async function checkIntegrity(
  row: Selectable<TrustedPartyTable>,
  anchor: TrustAnchor,
): Promise<TrustedParty | undefined> {
  if (!row.signature || !row.raw_data) return undefined
  const der = new Uint8Array(Buffer.from(row.raw_data, 'base64'))
  let certificate: X509Certificate
  try {
    certificate = new X509Certificate(der)
  } catch {
    return undefined
  }
  if (thumbprintOf(der) !== row.thumbprint) return undefined
  try {
    const { signerCertificate } = await verifyCms(Buffer.from(row.signature, 'base64'), { detachedContent: der })
    if (thumbprintOf(signerCertificate) !== anchor.thumbprint) return undefined
  } catch (error) {
    if (error instanceof CmsError) return undefined
    throw error
  }
  return {
    id: Number(row.id),
    createdAt: row.created_at,
    country: row.country,
    type: row.certificate_type,
    thumbprint: row.thumbprint,
    der,
    certificate,
    signature: row.signature,
  }
}
