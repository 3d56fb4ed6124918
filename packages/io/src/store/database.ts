import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync } from 'node:sqlite'

/**
 * IO's own storage: one SQLite file (node:sqlite) under IO's data folder. IO is another organisation's system than
 * the platform, so it keeps nothing in the platform's database. Instants are epoch milliseconds.
 */
const SCHEMA = `
create table if not exists services (
  id text primary key,
  name text not null,
  key_hash text not null unique,
  groups text not null,
  created_at integer not null
);
create table if not exists profiles (
  fiscal_code text primary key,
  sender_allowed integer not null,
  preferred_languages text not null,
  created_at integer not null
);
create table if not exists messages (
  id text primary key,
  fiscal_code text not null,
  service_id text not null,
  subject text not null,
  markdown text not null,
  eu_covid_auth_code text,
  time_to_live integer not null,
  idempotency_key text,
  created_at integer not null,
  read_at integer,
  unique (service_id, idempotency_key)
);
create index if not exists messages_inbox_idx on messages (fiscal_code, created_at);
create table if not exists sessions (
  token_hash text primary key,
  fiscal_code text not null,
  given_name text not null,
  created_at integer not null,
  expires_at integer not null
);
create table if not exists webauthn_credentials (
  id text primary key,
  fiscal_code text not null,
  public_key blob not null,
  counter integer not null,
  transports text not null,
  created_at integer not null
);
create index if not exists webauthn_credentials_owner_idx on webauthn_credentials (fiscal_code);
create table if not exists platform_notices (
  cf_sha256 text primary key,
  attempts integer not null default 0,
  next_attempt_at integer not null,
  last_error text
);
`

export type IoDatabase = DatabaseSync

/** Opens (and creates on first use) IO's database file. */
export function openIoDatabase(file: string): IoDatabase {
  mkdirSync(dirname(file), { recursive: true })
  const db = new DatabaseSync(file)
  db.exec('pragma journal_mode = wal; pragma busy_timeout = 5000;')
  db.exec(SCHEMA)
  return db
}
