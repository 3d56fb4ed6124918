import type { Kysely } from 'kysely'
import type { Database } from './schema.ts'

/**
 * Gives a certificate a new code: its hash replaces the old one, so the old code stops working at once. Returns
 * false when there is no such certificate. (The portal's lost-code recovery: codes are stored hashed only, so a lost
 * code cannot be shown again, only replaced.)
 */
export async function replaceCodeHash(db: Kysely<Database>, uvci: string, codeHash: string): Promise<boolean> {
  const result = await db
    .updateTable('certificates')
    .set({ code_hash: codeHash })
    .where('uvci', '=', uvci)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
