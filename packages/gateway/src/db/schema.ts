import type { Generated } from 'kysely'

/**
 * The gateway's tables (gateway-and-trust.md §2.2, §2.5–§2.9), with the platform's portable conventions: instants are
 * epoch milliseconds in `bigint` columns, booleans are 0/1 integers, DER and CMS are base64 text, ids are generated.
 */
export interface GatewayDatabase {
  trusted_party: TrustedPartyTable
  trusted_party_role: TrustedPartyRoleTable
  trusted_issuer: TrustedIssuerTable
  signer_information: SignerInformationTable
  validation_rule: ValidationRuleTable
  valueset: ValuesetTable
  revocation_batch: RevocationBatchTable
  audit_event: AuditEventTable
}

/** The certificate types a trusted party may have (§2.2). DSCs live in `signer_information`. */
export type TrustedPartyType = 'AUTHENTICATION' | 'UPLOAD' | 'CSCA'

/** A country's AUTHENTICATION, UPLOAD or CSCA certificate, onboarded with a detached CMS by the trust anchor. */
export interface TrustedPartyTable {
  id: Generated<number>
  created_at: number
  country: string
  /** Lower-case hex SHA-256 of the DER. */
  thumbprint: string
  /** Base64 DER. */
  raw_data: string
  /** Base64 detached CMS over the DER, signed by the trust anchor. */
  signature: string
  certificate_type: TrustedPartyType
}

/** The revocation-list roles of an AUTHENTICATION certificate (`RevocationListReader`, …). */
export interface TrustedPartyRoleTable {
  trusted_party_id: number
  role: string
}

/** How a trusted issuer is found: an HTTP URL or a DID. */
export type TrustedIssuerUrlType = 'HTTP' | 'DID'

/** An issuer trusted by URL or DID (`GET /trustList/issuers`), onboarded with the trust anchor's signature. */
export interface TrustedIssuerTable {
  id: Generated<number>
  created_at: number
  uuid: string
  country: string
  name: string
  url: string
  url_type: TrustedIssuerUrlType
  /** Lower-case hex SHA-256 of the issuer's TLS certificate, when pinned. */
  thumbprint: string | null
  /** The issuer's TLS public key (base64), when pinned. */
  ssl_public_key: string | null
  /** Where the issuer keeps its keys (e.g. `JWKS`), when known. */
  key_storage_type: string | null
  /** The issuer's domain of issuance (`DCC` for covid certificates). */
  domain: string
  /** Base64 detached CMS by the trust anchor over the row's signed text (see `trustedIssuerSignedText`). */
  signature: string
}

/** A DSC uploaded by a country. Deleted ones stay as tombstones (signature null, `deleted_at` set) for deltas. */
export interface SignerInformationTable {
  id: Generated<number>
  created_at: number
  /** When the DSC was deleted (the tombstone's time in deltas); null while it is in force. */
  deleted_at: number | null
  country: string
  thumbprint: string
  raw_data: string
  /** The uploader's CMS, detached (base64); null once deleted. */
  signature: string | null
}

export interface ValidationRuleTable {
  id: Generated<number>
  rule_id: string
  version: string
  valid_from: number
  valid_to: number
  created_at: number
  country: string
  rule_type: string
  /** The uploaded CMS with the rule JSON embedded (base64). */
  cms: string
}

export interface ValuesetTable {
  id: string
  json: string
}

export interface RevocationBatchTable {
  id: Generated<number>
  batch_id: string
  country: string
  /** When it was uploaded, or deleted: what `GET /revocation-list` sorts and filters by. */
  changed: number
  expires: number
  deleted: number
  hash_type: string
  kid: string
  /** The uploaded CMS (base64). */
  signed_batch: string
}

/** Insert-only (a trigger refuses UPDATE and DELETE on both engines). */
export interface AuditEventTable {
  id: Generated<number>
  timestamp: number
  country: string
  uploader_sha256_fingerprint: string
  authentication_sha256_fingerprint: string
  event: string
  description: string
}
