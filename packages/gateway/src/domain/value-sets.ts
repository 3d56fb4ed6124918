import { VALUE_SETS, type ValueSet } from '@greenpass/hcert'
import type { Kysely } from 'kysely'
import type { GatewayDatabase } from '../db/schema.ts'

/** The IDs of the stored value sets, sorted (`GET /valuesets`). */
export async function valueSetIds(db: Kysely<GatewayDatabase>): Promise<string[]> {
  const rows = await db.selectFrom('valueset').select('id').orderBy('id').execute()
  return rows.map((row) => row.id)
}

/** The stored JSON text of a value set, as loaded (`GET /valuesets/{id}`); undefined when unknown. */
export async function valueSetJson(db: Kysely<GatewayDatabase>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('valueset').select('json').where('id', '=', id).executeTakeFirst()
  return row?.json
}

/** Loads (or replaces) a value set; operators do this, as in the reference. */
export async function putValueSet(db: Kysely<GatewayDatabase>, id: string, json: string): Promise<void> {
  await db
    .insertInto('valueset')
    .values({ id, json })
    .onConflict((oc) => oc.column('id').doUpdateSet({ json }))
    .execute()
}

/**
 * Seeds the EU value sets shipped with hcert when the table is empty, in the eu-dcc-valuesets file shape
 * (`valueSetId`, `valueSetDate`, `valueSetValues`), so a fresh gateway serves a complete set.
 */
export async function seedValueSets(db: Kysely<GatewayDatabase>): Promise<void> {
  if ((await valueSetIds(db)).length > 0) return
  for (const valueSet of Object.values(VALUE_SETS) as ValueSet[]) {
    const file = {
      valueSetId: valueSet.valueSetId,
      valueSetDate: valueSet.valueSetDate,
      valueSetValues: valueSet.values,
    }
    await putValueSet(db, valueSet.valueSetId, JSON.stringify(file))
  }
}
