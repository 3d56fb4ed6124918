// Piattaforma nazionale-DGC: intake, issuance, codes, notifications, the verifier-facing API.
export * from './db/index.ts'
export type { Person as PersonRecord } from './db/index.ts'
// `Person` is the domain's (an event's holder); the registry row is `PersonRecord`.
export * from './domain/index.ts'
export type { Person } from './domain/index.ts'
export { type AdminServices, adminRoutes } from './http/admin/routes.ts'
export { buildPlatformApp, type PlatformAppOptions } from './http/app.ts'
export { intakeRoutes } from './http/intake/routes.ts'
export { IO_CLIENT_KEY_HEADER, type IoApiServices, ioApiRoutes } from './http/io/routes.ts'
export { type IoMessagePayload, ioAuthCode, ioMessage, refreshIoMessages } from './issuance/io-messages.ts'
export { Problem } from './http/problem.ts'
export type { DrlAnswer, ServedSigner, VerifierApiSource } from './http/verifier-api/source.ts'
export { verifierApiRoutes } from './http/verifier-api/routes.ts'
export { type VerifierAppFile, type VerifierAppOptions, verifierAppRoutes } from './http/verifier-app/routes.ts'
export {
  type BatchItemOutcome,
  type IntakeOutcome,
  type IssuanceServices,
  intakeBatch,
  intakeEvent,
} from './issuance/intake.ts'
export * from './jobs/index.ts'
export * from './keys/index.ts'
export * from './notify/index.ts'
export * from './registry/index.ts'
export { databaseOutboxQueue } from './outbox-queue.ts'
export { type PlatformOptions, type RunningPlatform, startPlatform } from './platform.ts'
export { databaseVerifierSource, FOREIGN_TOKEN_BASE } from './verifier-source.ts'
export * from './gateway/index.ts'
