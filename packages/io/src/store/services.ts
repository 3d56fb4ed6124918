import { sha256Hex } from '../sha256.ts'
import type { IoDatabase } from './database.ts'

/**
 * The permission groups of IO's services API (issuance-and-io.md §2.5): a service's subscription is in some of them,
 * and each endpoint asks for one. `eu_covid_cert` content needs `ApiMessageWriteEUCovidCert` on top of the right to
 * write messages.
 */
export const PermissionGroup = Object.freeze({
  ApiLimitedProfileRead: 'ApiLimitedProfileRead',
  ApiMessageWrite: 'ApiMessageWrite',
  ApiMessageWriteEUCovidCert: 'ApiMessageWriteEUCovidCert',
})
export type PermissionGroup = (typeof PermissionGroup)[keyof typeof PermissionGroup]

/** A public administration's service allowed to use the services API. */
export interface IoService {
  readonly id: string
  readonly name: string
  readonly groups: readonly PermissionGroup[]
}

/** A service to register, with its subscription key (stored hashed only). */
export interface NewIoService extends IoService {
  readonly key: string
}

/** Registers a service, or updates its name, key and groups. */
export function upsertService(db: IoDatabase, service: NewIoService, at: number): void {
  db.prepare(
    `insert into services (id, name, key_hash, groups, created_at) values (?, ?, ?, ?, ?)
     on conflict (id) do update set name = excluded.name, key_hash = excluded.key_hash, groups = excluded.groups`,
  ).run(service.id, service.name, sha256Hex(service.key), JSON.stringify(service.groups), at)
}

/** The service whose subscription key this is (the key is compared by its hash, which is what the table holds). */
export function findServiceByKey(db: IoDatabase, key: string): IoService | undefined {
  const row = db.prepare('select id, name, groups from services where key_hash = ?').get(sha256Hex(key)) as
    { id: string; name: string; groups: string } | undefined
  return row && { id: row.id, name: row.name, groups: JSON.parse(row.groups) as PermissionGroup[] }
}
