import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { ClientCertificateSource } from './auth/client-certificate.ts'
import { type OpenGatewayDatabase, openGatewayDatabase } from './db/connect.ts'
import { purgeTombstones, TOMBSTONE_RETENTION_MS } from './domain/tombstones.ts'
import { seedValueSets } from './domain/value-sets.ts'
import { buildGatewayApp } from './http/app.ts'
import { type GatewayCredentials, gatewayCredentials, gatewayFiles } from './operator/data-dir.ts'
import type { GatewayServices } from './services.ts'
import { trustAnchorOf } from './trust/trust-anchor.ts'

export interface GatewayOptions {
  /** The data folder: SQLite file, test trust anchor, TLS server certificate (default `data/gateway`). */
  readonly dataDir?: string
  /** PostgreSQL (`postgres://…`) instead of the SQLite file. */
  readonly databaseUrl?: string
  readonly port?: number
  readonly host?: string
  /**
   * `tls` (default): the gateway terminates mTLS itself; `proxy-headers`: plain HTTP behind a TLS proxy that sends
   * `X-SSL-Client-SHA256` / `X-SSL-Client-DN`.
   */
  readonly clientCertificates?: ClientCertificateSource
  readonly now?: () => Date
  readonly logLevel?: string
  /** How long deleted DSCs and revocation batches stay in deltas before they are purged (default 14 days). */
  readonly tombstoneRetentionMs?: number
  /** How often the purge runs (default daily; the first run is at start). */
  readonly purgeIntervalMs?: number
}

export interface RunningGateway {
  /** `https://127.0.0.1:<port>` (or `http://` behind a proxy). */
  readonly url: string
  /** The TLS server certificate (PEM) clients trust, as `ca`. */
  readonly serverCertificatePem: string
  readonly credentials: GatewayCredentials
  readonly services: GatewayServices
  readonly database: OpenGatewayDatabase
  readonly app: FastifyInstance
  /** Purges the tombstones past their retention now (the daily job's work); returns how many rows went. */
  purgeTombstones(): Promise<{ signerCertificates: number; revocationBatches: number }>
  close(): Promise<void>
}

/**
 * Starts the EU gateway: its database (migrated; value sets seeded when empty), its trust anchor and TLS certificate
 * from the data folder, and the HTTPS API with client certificates requested. Onboarding of countries is the
 * operator's (`onboardTrustedParty`, `greenpass gateway onboard`).
 *
 * @example const gateway = await startGateway({ dataDir: 'data/gateway', port: 8090 })
 */
export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const now = options.now ?? (() => new Date())
  const dataDir = options.dataDir ?? join('data', 'gateway')
  const credentials = await gatewayCredentials(dataDir, now())
  const database = await openGatewayDatabase(
    options.databaseUrl ? { url: options.databaseUrl } : { file: gatewayFiles(dataDir).database },
  )
  try {
    await seedValueSets(database.db)
    const services: GatewayServices = { db: database.db, anchor: trustAnchorOf(credentials.trustAnchorPem), now }
    const source = options.clientCertificates ?? 'tls'
    const app = await buildGatewayApp({
      services,
      auth: { db: database.db, anchor: services.anchor, source },
      logLevel: options.logLevel ?? 'info',
      ...(source === 'tls' ? { https: credentials.tls } : {}),
    })
    const host = options.host ?? '127.0.0.1'
    await app.listen({ port: options.port ?? 8090, host })
    const address = app.server.address()
    const port = typeof address === 'object' && address ? address.port : options.port
    const url = `${source === 'tls' ? 'https' : 'http'}://${host}:${port}`
    const purge = () => purgeTombstones(services, options.tombstoneRetentionMs ?? TOMBSTONE_RETENTION_MS)
    const purgeLogged = () =>
      purge().then(
        (purged) => app.log.info(purged, 'tombstones purged'),
        (error: unknown) => app.log.error({ err: error }, 'tombstone purge failed'),
      )
    await purgeLogged()
    const timer = setInterval(() => void purgeLogged(), options.purgeIntervalMs ?? 86_400_000)
    timer.unref()
    return {
      url,
      serverCertificatePem: credentials.tls.cert,
      credentials,
      services,
      database,
      app,
      purgeTombstones: purge,
      async close() {
        clearInterval(timer)
        await app.close()
        await database.close()
      },
    }
  } catch (error) {
    await database.close()
    throw error
  }
}
