import type { Kysely } from 'kysely'
import { hashApiKey } from '../db/facilities.ts'
import type { Database } from '../db/schema.ts'

/** An employer allowed to check its staff (F18). */
export interface Employer {
  readonly id: string
  readonly name: string
  readonly createdAt: number
}

/** Registers an employer; only the hash of its API key is stored (as for facilities). */
export async function createEmployer(
  db: Kysely<Database>,
  employer: { id: string; name: string; apiKey: string },
  at: number,
): Promise<Employer> {
  await db
    .insertInto('employers')
    .values({ id: employer.id, name: employer.name, api_key_hash: hashApiKey(employer.apiKey), created_at: at })
    .execute()
  return { id: employer.id, name: employer.name, createdAt: at }
}

/** The employer holding this API key, or undefined. */
export async function findEmployerByApiKey(db: Kysely<Database>, apiKey: string): Promise<Employer | undefined> {
  const row = await db
    .selectFrom('employers')
    .selectAll()
    .where('api_key_hash', '=', hashApiKey(apiKey))
    .executeTakeFirst()
  return row === undefined ? undefined : { id: row.id, name: row.name, createdAt: row.created_at }
}
