import { randomBytes } from 'node:crypto'
import { sha256Hex } from '../sha256.ts'
import type { IoDatabase } from './database.ts'

/** Who a session cookie stands for. */
export interface Session {
  readonly fiscalCode: string
  readonly givenName: string
  readonly expiresAt: number
}

/** Opens a session and returns its token (only its hash is stored: a copy of the table opens no session). */
export function openSession(db: IoDatabase, session: Session, at: number): string {
  const token = randomBytes(32).toString('base64url')
  db.prepare(
    'insert into sessions (token_hash, fiscal_code, given_name, created_at, expires_at) values (?, ?, ?, ?, ?)',
  ).run(sha256Hex(token), session.fiscalCode, session.givenName, at, session.expiresAt)
  return token
}

/** The live session of a token at `at`, if any. */
export function findSession(db: IoDatabase, token: string, at: number): Session | undefined {
  const row = db
    .prepare('select fiscal_code, given_name, expires_at from sessions where token_hash = ? and expires_at > ?')
    .get(sha256Hex(token), at) as { fiscal_code: string; given_name: string; expires_at: number } | undefined
  return row && { fiscalCode: row.fiscal_code, givenName: row.given_name, expiresAt: row.expires_at }
}

export function closeSession(db: IoDatabase, token: string): void {
  db.prepare('delete from sessions where token_hash = ?').run(sha256Hex(token))
}
