import { hash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, FacilityRow } from './schema.ts'

/** A health facility allowed to send events. */
export interface Facility {
  id: string
  name: string
  createdAt: number
}

/**
 * The stored form of an API key: SHA-256, hex. Keys are long random secrets, so a fast unsalted hash is enough (no
 * dictionary to guess from) and lets the key be found by its hash in one indexed lookup.
 */
export function hashApiKey(apiKey: string): string {
  return hash('sha256', apiKey, 'hex')
}

/** Registers a facility; only the hash of its API key is stored. */
export async function createFacility(
  db: Kysely<Database>,
  facility: { id: string; name: string; apiKey: string },
  at: number,
): Promise<Facility> {
  await db
    .insertInto('facilities')
    .values({ id: facility.id, name: facility.name, api_key_hash: hashApiKey(facility.apiKey), created_at: at })
    .execute()
  return { id: facility.id, name: facility.name, createdAt: at }
}

/** The facility whose API key hashes to `apiKeyHash`, or undefined. */
export async function findFacilityByKeyHash(db: Kysely<Database>, apiKeyHash: string): Promise<Facility | undefined> {
  const row = await db.selectFrom('facilities').selectAll().where('api_key_hash', '=', apiKeyHash).executeTakeFirst()
  return row === undefined ? undefined : toFacility(row)
}

/** The facility holding this API key, or undefined. */
export async function findFacilityByApiKey(db: Kysely<Database>, apiKey: string): Promise<Facility | undefined> {
  return findFacilityByKeyHash(db, hashApiKey(apiKey))
}

function toFacility(row: FacilityRow): Facility {
  return { id: row.id, name: row.name, createdAt: row.created_at }
}
