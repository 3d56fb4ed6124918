import type { IoDatabase } from './database.ts'

/** A citizen's WebAuthn credential (a device's platform authenticator), used to unlock the wallet. */
export interface WebAuthnCredentialRecord {
  /** base64url credential id. */
  readonly id: string
  readonly publicKey: Uint8Array
  readonly counter: number
  readonly transports: readonly string[]
}

export function addWebAuthnCredential(
  db: IoDatabase,
  fiscalCode: string,
  credential: WebAuthnCredentialRecord,
  at: number,
): void {
  db.prepare(
    `insert into webauthn_credentials (id, fiscal_code, public_key, counter, transports, created_at)
     values (?, ?, ?, ?, ?, ?) on conflict (id) do nothing`,
  ).run(credential.id, fiscalCode, credential.publicKey, credential.counter, JSON.stringify(credential.transports), at)
}

export function webAuthnCredentials(db: IoDatabase, fiscalCode: string): WebAuthnCredentialRecord[] {
  const rows = db
    .prepare('select id, public_key, counter, transports from webauthn_credentials where fiscal_code = ?')
    .all(fiscalCode) as { id: string; public_key: Uint8Array; counter: number; transports: string }[]
  return rows.map((r) => ({
    id: r.id,
    publicKey: new Uint8Array(r.public_key),
    counter: r.counter,
    transports: JSON.parse(r.transports) as string[],
  }))
}

export function updateWebAuthnCounter(db: IoDatabase, id: string, counter: number): void {
  db.prepare('update webauthn_credentials set counter = ? where id = ?').run(counter, id)
}
