import type { IoDatabase } from './database.ts'

/** An IO user's profile as services see it (`LimitedProfile`). */
export interface Profile {
  readonly fiscalCode: string
  readonly senderAllowed: boolean
  readonly preferredLanguages: readonly string[]
}

export function findProfile(db: IoDatabase, fiscalCode: string): Profile | undefined {
  const row = db
    .prepare('select fiscal_code, sender_allowed, preferred_languages from profiles where fiscal_code = ?')
    .get(fiscalCode) as { fiscal_code: string; sender_allowed: number; preferred_languages: string } | undefined
  return (
    row && {
      fiscalCode: row.fiscal_code,
      senderAllowed: row.sender_allowed === 1,
      preferredLanguages: JSON.parse(row.preferred_languages) as string[],
    }
  )
}

/** Creates the profile on a citizen's first login. Returns true when it is new (the `service:subscribed` moment). */
export function createProfileIfAbsent(db: IoDatabase, profile: Profile, at: number): boolean {
  const result = db
    .prepare(
      `insert into profiles (fiscal_code, sender_allowed, preferred_languages, created_at) values (?, ?, ?, ?)
       on conflict (fiscal_code) do nothing`,
    )
    .run(profile.fiscalCode, profile.senderAllowed ? 1 : 0, JSON.stringify(profile.preferredLanguages), at)
  return Number(result.changes) === 1
}

/** Lets a citizen block (or allow again) messages from services. */
export function setSenderAllowed(db: IoDatabase, fiscalCode: string, allowed: boolean): void {
  db.prepare('update profiles set sender_allowed = ? where fiscal_code = ?').run(allowed ? 1 : 0, fiscalCode)
}
