import type { Generated, Insertable, Selectable } from 'kysely'

/**
 * The platform's tables as Kysely sees them.
 *
 * Portable storage conventions, the same on SQLite and PostgreSQL:
 * - instants (`*_at`, `iat`, `exp`) are epoch milliseconds in `bigint` columns (SQLite INTEGER), returned as numbers
 *   on both engines (pg is told to parse int8 as a number: epoch ms stay far below 2^53);
 * - calendar dates (date of birth, card expiry) are ISO `YYYY-MM-DD` text (a DCC date of birth may be `YYYY` or
 *   `YYYY-MM`, so text rather than a date type);
 * - JSON documents are text (`JSON.stringify`), parsed by the repositories: no engine-specific JSON type;
 * - surrogate ids are integers the engine generates (`integer primary key autoincrement` / `bigint identity`).
 */
export interface Database {
  persons: PersonsTable
  facilities: FacilitiesTable
  events: EventsTable
  certificates: CertificatesTable
  outbox: OutboxTable
  drl_versions: DrlVersionsTable
  drl_entries: DrlEntriesTable
  settings: SettingsTable
  audit: AuditTable
  portal_attempts: PortalAttemptsTable
  io_certificates: IoCertificatesTable
  gateway_dscs: GatewayDscsTable
  gateway_sync: GatewaySyncTable
  employers: EmployersTable
}

/** An employer allowed to check its staff's certificates (issue 8, migration 0005); its API key is stored hashed. */
export interface EmployersTable {
  id: string
  name: string
  api_key_hash: string
  created_at: number
}

/** A foreign DSC from the EU gateway that passed the connector's trust checks (issue 7, migration 0004). */
export interface GatewayDscsTable {
  id: Generated<number>
  /** Lower-case hex SHA-256 of the DER. */
  thumbprint: string
  /** Base64 of the first 8 bytes of SHA-256 of the DER. */
  kid: string
  country: string
  /** Base64 DER. */
  raw_data: string
  added_at: number
}

/** The state of a gateway job (`trust-list`): its last attempt, last success and last error. */
export interface GatewaySyncTable {
  job: string
  last_attempt_at: number
  last_success_at: number | null
  last_error: string | null
  accepted: number
  rejected: number
}

/** The registry of persons (issue 4), keyed by the upper-case fiscal code. */
export interface PersonsTable {
  fiscal_code: string
  given_name: string
  family_name: string
  /** `YYYY-MM-DD` (or `YYYY`, `YYYY-MM` as the DCC allows). */
  dob: string
  /** Tessera sanitaria number (20 digits). */
  ts_number: string | null
  /** Tessera sanitaria expiry, `YYYY-MM-DD`. */
  ts_expiry: string | null
  email: string | null
  phone: string | null
  created_at: number
  updated_at: number
}

/** A health facility authorised to send events; its API key is stored as a hash only. */
export interface FacilitiesTable {
  id: string
  name: string
  api_key_hash: string
  created_at: number
}

/** A received health event. `(facility_id, event_id)` is unique: the same event twice gives one result. */
export interface EventsTable {
  id: Generated<number>
  facility_id: string
  event_id: string
  kind: string
  fiscal_code: string
  /** The event as received (JSON text). */
  payload: string
  received_at: number
  /** What the event produced (JSON text), the answer to repeat when the event comes again. */
  outcome: string | null
}

/** An issued certificate. Its code is kept hashed only. */
export interface CertificatesTable {
  uvci: string
  fiscal_code: string
  /** `v`, `t` or `r`. */
  kind: string
  dn: number | null
  sd: number | null
  /** The DCC payload (JSON text). */
  payload: string
  hc1: string
  /** `AUTHCODE`, `CUN`, `NRFE` or `NUCG`. */
  code_type: string
  code_hash: string
  /** The signer's kid (base64). */
  signer: string
  iat: number
  exp: number
  issued_at: number
  /** `events.id` of the event that produced it (null for re-issues). */
  event_ref: number | null
  superseded_by: string | null
  revoked_at: number | null
  revoke_reason: string | null
}

/** The transactional outbox: notifications written in the same transaction as what they announce. */
export interface OutboxTable {
  id: Generated<number>
  /** `email`, `sms` or `io`. */
  kind: string
  /** Unique: the key that makes a resend recognisable (it becomes the Message-ID / idempotency header). */
  idempotency_key: string
  payload: string
  attempts: Generated<number>
  next_attempt_at: number
  /** A claim lease: until then no other worker takes the row; a crashed worker's rows come back after it. */
  claimed_until: number | null
  done_at: number | null
  last_error: string | null
  created_at: number
}

/** One DRL version (italian-verification-rules.md §9). Version numbers start at 1 and have no gaps. */
export interface DrlVersionsTable {
  version: number
  created_at: number
  /** Why the version was made (`revoke`, `unrevoke`, `mixed`, …): for people reading the table. */
  kind: string
}

/**
 * One stay of a hash in the DRL: revoked from `version_added`, until `version_removed` (exclusive) or for good.
 * The set at version V is the hashes with a row where `version_added <= V < version_removed`; a hash revoked again
 * after being lifted gets a second row. Snapshots and deltas between any two versions follow from these intervals.
 */
export interface DrlEntriesTable {
  hash: string
  version_added: number
  version_removed: number | null
}

/** The verifier settings table (§7), all values strings. */
export interface SettingsTable {
  name: string
  type: string
  value: string
}

/** Insert-only log of administrative acts (revocations, settings edits, re-issue campaigns). */
export interface AuditTable {
  id: Generated<number>
  at: number
  actor: string
  action: string
  subject: string | null
  /** JSON text. */
  details: string | null
}

/** How to reach a certificate's holder through IO (migration 0003-io): hashed fiscal code, sealed IO auth code. */
export interface IoCertificatesTable {
  uvci: string
  /** SHA-256 hex of the upper-case fiscal code, as IO sends it (`cfSHA256`). */
  cf_sha256: string
  /** The IO `auth_code` (SHA-256 hex of the citizen's code), AES-256-GCM sealed with a key derived from the pepper. */
  auth_code_sealed: string
  created_at: number
}

/**
 * The portal's attempt counters (migration 0002-portal), one row per subject: `ip:…`, `card:…` or `fiscal:…` followed
 * by a keyed hash of the value, never the value itself.
 */
export interface PortalAttemptsTable {
  subject: string
  /** Start of the current rate-limit window (epoch ms). */
  window_start: number
  /** Attempts in the current window. */
  attempts: number
  /** Consecutive failures (a success resets them). */
  failures: number
  locked_until: number | null
  updated_at: number
}

export type PersonRow = Selectable<PersonsTable>
export type FacilityRow = Selectable<FacilitiesTable>
export type EventRow = Selectable<EventsTable>
export type CertificateRow = Selectable<CertificatesTable>
export type NewCertificate = Insertable<CertificatesTable>
export type OutboxRow = Selectable<OutboxTable>
export type SettingRow = Selectable<SettingsTable>
export type AuditRow = Selectable<AuditTable>
