import type { Kysely } from 'kysely'
import type { Database, PersonRow } from './schema.ts'
import { withTransaction } from './transaction.ts'

/** A person as imported or completed by an event. Optional contacts left out keep what is already stored. */
export interface PersonInput {
  /** Stored upper-case (the check character is validated by the domain, not here). */
  fiscalCode: string
  givenName: string
  familyName: string
  dob: string
  tsNumber?: string | null
  tsExpiry?: string | null
  email?: string | null
  phone?: string | null
}

/** A stored person. */
export interface Person {
  fiscalCode: string
  givenName: string
  familyName: string
  dob: string
  tsNumber: string | null
  tsExpiry: string | null
  email: string | null
  phone: string | null
  createdAt: number
  updatedAt: number
}

/** Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits (10 columns a row). */
const BATCH = 500

/**
 * Inserts or updates persons by fiscal code. Names and date of birth are replaced; the card and the contacts are
 * replaced only by non-null values, so an event that carries no email does not erase the one imported earlier.
 * Returns the number of persons written.
 */
export async function upsertPersons(
  db: Kysely<Database>,
  persons: readonly PersonInput[],
  at: number,
): Promise<number> {
  if (persons.length === 0) return 0
  return withTransaction(db, async (trx) => {
    for (let i = 0; i < persons.length; i += BATCH) {
      const rows = persons.slice(i, i + BATCH).map((p) => ({
        fiscal_code: p.fiscalCode.toUpperCase(),
        given_name: p.givenName,
        family_name: p.familyName,
        dob: p.dob,
        ts_number: p.tsNumber ?? null,
        ts_expiry: p.tsExpiry ?? null,
        email: p.email ?? null,
        phone: p.phone ?? null,
        created_at: at,
        updated_at: at,
      }))
      await trx
        .insertInto('persons')
        .values(rows)
        .onConflict((oc) =>
          oc.column('fiscal_code').doUpdateSet((eb) => ({
            given_name: eb.ref('excluded.given_name'),
            family_name: eb.ref('excluded.family_name'),
            dob: eb.ref('excluded.dob'),
            ts_number: eb.fn.coalesce('excluded.ts_number', 'persons.ts_number'),
            ts_expiry: eb.fn.coalesce('excluded.ts_expiry', 'persons.ts_expiry'),
            email: eb.fn.coalesce('excluded.email', 'persons.email'),
            phone: eb.fn.coalesce('excluded.phone', 'persons.phone'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute()
    }
    return persons.length
  })
}

/** Inserts or updates one person (see {@link upsertPersons}). */
export async function upsertPerson(db: Kysely<Database>, person: PersonInput, at: number): Promise<void> {
  await upsertPersons(db, [person], at)
}

/** The person with this fiscal code (any case), or undefined. */
export async function findPerson(db: Kysely<Database>, fiscalCode: string): Promise<Person | undefined> {
  const row = await db
    .selectFrom('persons')
    .selectAll()
    .where('fiscal_code', '=', fiscalCode.toUpperCase())
    .executeTakeFirst()
  return row === undefined ? undefined : toPerson(row)
}

function toPerson(row: PersonRow): Person {
  return {
    fiscalCode: row.fiscal_code,
    givenName: row.given_name,
    familyName: row.family_name,
    dob: row.dob,
    tsNumber: row.ts_number,
    tsExpiry: row.ts_expiry,
    email: row.email,
    phone: row.phone,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
