import type { Migration, MigrationProvider } from 'kysely/migration'
import * as m0001 from './0001-initial.ts'
import * as m0002 from './0002-portal.ts'
import * as m0003 from './0003-io.ts'
import * as m0004 from './0004-gateway.ts'
import * as m0005 from './0005-employer.ts'

/**
 * The migrations, in order, listed in code rather than read from the folder: no file-system scan at start, and the
 * list is the same whatever the working directory. Names sort in order; never rename or edit an applied one.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-initial': m0001,
  '0002-portal': m0002,
  '0003-io': m0003,
  '0004-gateway': m0004,
  '0005-employer': m0005,
}

/** Kysely's `MigrationProvider` over {@link migrations}. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...migrations }),
}
