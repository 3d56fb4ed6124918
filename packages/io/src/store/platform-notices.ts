import type { IoDatabase } from './database.ts'

/**
 * New IO users the platform has not yet been told about (the `service:subscribed` event, issuance-and-io.md §2.1),
 * by the SHA-256 of their fiscal code. A notice stays until the platform has taken it, so a platform that is down
 * at the first login still hears of the citizen later.
 */
export interface PlatformNotice {
  readonly cfSha256: string
  readonly attempts: number
}

export function addPlatformNotice(db: IoDatabase, cfSha256: string, at: number): void {
  db.prepare(
    'insert into platform_notices (cf_sha256, next_attempt_at) values (?, ?) on conflict (cf_sha256) do nothing',
  ).run(cfSha256, at)
}

export function duePlatformNotices(db: IoDatabase, at: number, limit: number): PlatformNotice[] {
  const rows = db
    .prepare(
      'select cf_sha256, attempts from platform_notices where next_attempt_at <= ? order by next_attempt_at limit ?',
    )
    .all(at, limit) as { cf_sha256: string; attempts: number }[]
  return rows.map((r) => ({ cfSha256: r.cf_sha256, attempts: r.attempts }))
}

export function removePlatformNotice(db: IoDatabase, cfSha256: string): void {
  db.prepare('delete from platform_notices where cf_sha256 = ?').run(cfSha256)
}

export function postponePlatformNotice(db: IoDatabase, cfSha256: string, nextAttemptAt: number, error: string): void {
  db.prepare(
    'update platform_notices set attempts = attempts + 1, next_attempt_at = ?, last_error = ? where cf_sha256 = ?',
  ).run(nextAttemptAt, error.slice(0, 500), cfSha256)
}

export function pendingPlatformNotices(db: IoDatabase): number {
  return (db.prepare('select count(*) as n from platform_notices').get() as { n: number }).n
}
