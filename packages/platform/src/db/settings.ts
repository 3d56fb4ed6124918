import type { Kysely } from 'kysely'
import type { Database } from './schema.ts'

/** One row of the verifier settings table (italian-verification-rules.md §7.1): every value is a string. */
export interface Setting {
  name: string
  type: string
  value: string
}

/** Every setting, in a stable order (name, then type), as `/v1/dgc/settings` serves them. */
export async function getAllSettings(db: Kysely<Database>): Promise<Setting[]> {
  return db.selectFrom('settings').select(['name', 'type', 'value']).orderBy('name').orderBy('type').execute()
}

/** Inserts or replaces settings by (name, type). */
export async function upsertSettings(db: Kysely<Database>, settings: readonly Setting[]): Promise<void> {
  for (let i = 0; i < settings.length; i += 500) {
    await db
      .insertInto('settings')
      .values(settings.slice(i, i + 500).map((s) => ({ name: s.name, type: s.type, value: s.value })))
      .onConflict((oc) => oc.columns(['name', 'type']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
      .execute()
  }
}

/** Removes the setting (name, type). Returns false when there was none. */
export async function removeSetting(db: Kysely<Database>, name: string, type: string): Promise<boolean> {
  const result = await db.deleteFrom('settings').where('name', '=', name).where('type', '=', type).executeTakeFirst()
  return Number(result.numDeletedRows) === 1
}
