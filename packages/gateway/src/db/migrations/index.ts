import type { Migration, MigrationProvider } from 'kysely/migration'
import * as m0001 from './0001-initial.ts'
import * as m0002 from './0002-trusted-issuer.ts'

/** The gateway's migrations in order, listed in code (no folder scan). Never rename or edit an applied one. */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-initial': m0001,
  '0002-trusted-issuer': m0002,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...migrations }),
}
