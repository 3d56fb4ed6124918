// The SQL storage the platform and the gateway stand on: Kysely over node:sqlite (the embedded default) or PostgreSQL,
// migrations, and fresh databases for test suites on both engines.
export { withAutoId } from './auto-id.ts'
export { StorageError, type StorageErrorCode } from './errors.ts'
export {
  type DatabaseLocation,
  type DialectName,
  dialectOf,
  type MigrationSet,
  migrateKysely,
  type OpenKysely,
  openKysely,
} from './open.ts'
export { NodeSqliteDatabase, NodeSqliteDialect, type NodeSqliteOptions } from './sqlite-dialect.ts'
export {
  createPostgresTestDatabase,
  postgresSkipNotice,
  TEST_DATABASE_URL_VARIABLE,
  testDatabaseServer,
} from './test-databases.ts'
