// The platform's storage layer: one Kysely schema over SQLite (node:sqlite, the embedded default) or PostgreSQL
// (DATABASE_URL), the same migrations on both, and one repository module per table family.
export { DEFAULT_SQLITE_FILE, migrateToLatest, openDatabase } from './connect.ts'
export type { DialectName, OpenDatabase, OpenDatabaseOptions } from './connect.ts'
export { dialectOf, StorageError } from '@greenpass/storage'
export { DbError } from './errors.ts'
export type { DbErrorCode } from './errors.ts'
export { NodeSqliteDatabase, NodeSqliteDialect, type NodeSqliteOptions } from '@greenpass/storage'
export type * from './schema.ts'
export { withTransaction } from './transaction.ts'
export { findPerson, upsertPerson, upsertPersons } from './persons.ts'
export type { Person, PersonInput } from './persons.ts'
export { createFacility, findFacilityByApiKey, findFacilityByKeyHash, hashApiKey } from './facilities.ts'
export type { Facility } from './facilities.ts'
export {
  findEvent,
  findEventOutcomes,
  findEventsByFiscalCode,
  findEventsByFiscalCodes,
  insertEventIfAbsent,
  insertEvents,
  recordEventOnce,
  setEventOutcome,
} from './events.ts'
export type { EventInsert, NewEvent, RecordedEvent, StoredEvent } from './events.ts'
export {
  findCertificateByCodeHash,
  findCertificateByUvci,
  findCertificatesByFiscalCode,
  findCertificatesByFiscalCodes,
  insertCertificate,
  insertCertificates,
  markSuperseded,
  revokeCertificate,
} from './certificates.ts'
export type { Certificate, NewCertificate as NewCertificateRecord } from './certificates.ts'
export { backoffDelayMs, claimDue, complete, enqueue, outboxCounts, retryLater } from './outbox.ts'
export type { BackoffOptions, NewOutboxMessage, OutboxKind, OutboxMessage } from './outbox.ts'
export {
  appendDrlVersion,
  currentDrl,
  DRL_CHUNK_SIZE,
  drlCheck,
  drlChunk,
  latestDrlVersion,
  publishFirstDrlVersion,
} from './drl.ts'
export type { DrlCheck, DrlChunk, DrlReadOptions } from './drl.ts'
export { getAllSettings, removeSetting, upsertSettings } from './settings.ts'
export type { Setting } from './settings.ts'
export { appendAudit, listAudit } from './audit.ts'
export type { AuditEntry, StoredAuditEntry } from './audit.ts'
export { postgresSkipNotice, TEST_DATABASE_URL_VARIABLE, testEngines } from './test-database.ts'
export type { TestDatabase, TestEngine } from './test-database.ts'
