import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { createFacility, type TestDatabase, type TestEngine } from '../../src/db/index.ts'
import { buildPlatformApp } from '../../src/http/app.ts'
import { intakeRoutes } from '../../src/http/intake/routes.ts'
import type { IssuanceServices } from '../../src/issuance/intake.ts'
import type { KeyStore } from '../../src/keys/index.ts'

/** A fresh database with one facility and the intake API on loopback, reading the time from `now`. */
export interface IntakeApp {
  readonly database: TestDatabase
  readonly base: string
  close(): Promise<void>
}

export async function startIntakeApp(
  engine: TestEngine,
  options: { keys: KeyStore; facility: { id: string; apiKey: string }; now: () => Date },
): Promise<IntakeApp> {
  const database = await engine.open()
  await createFacility(database.db, { ...options.facility, name: options.facility.id }, Date.now())
  const services: IssuanceServices = {
    db: database.db,
    keys: options.keys,
    codePepper: 'test-pepper-0123456789',
    random: (n) => randomBytes(n),
    now: options.now,
    portalUrl: 'https://www.dgc.gov.it/',
    emailFrom: 'noreply@dgc.example',
  }
  const app: FastifyInstance = await buildPlatformApp({ logLevel: 'silent', plugins: [intakeRoutes(services)] })
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  return {
    database,
    base,
    async close() {
      await app.close()
      await database.dispose()
    },
  }
}
