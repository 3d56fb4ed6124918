import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Cron } from 'croner'
import { type RunningIdentityProvider, startIdentityProvider } from '@greenpass/idp'
import { DEFAULT_SETTINGS } from '@greenpass/rules'
import {
  createFacility,
  findFacilityByApiKey,
  getAllSettings,
  type OpenDatabase,
  openDatabase,
  publishFirstDrlVersion,
  upsertSettings,
} from './db/index.ts'
import { purgeAttempts } from './db/portal-attempts.ts'
import { adminRoutes } from './http/admin/routes.ts'
import { buildPlatformApp } from './http/app.ts'
import { devRoutes } from './http/dev/routes.ts'
import { employerRoutes } from './http/employer/routes.ts'
import { intakeRoutes } from './http/intake/routes.ts'
import { ioApiRoutes } from './http/io/routes.ts'
import type { OidcSettings } from './http/portal/oidc.ts'
import { portalRoutes } from './http/portal/routes.ts'
import { verifierApiRoutes } from './http/verifier-api/routes.ts'
import { verifierAppRoutes } from './http/verifier-app/routes.ts'
import type { IssuanceServices } from './issuance/intake.ts'
import {
  createGatewayConnector,
  type GatewayConnection,
  type GatewayConnector,
  gatewayAdminRoutes,
} from './gateway/index.ts'
import { initGatewayKeys, initKeys, openFileKeyStore, readGatewayKeys } from './keys/index.ts'
import {
  createDispatcher,
  createEmailSender,
  createIoSender,
  createSmsSender,
  type DevMailbox,
  type DevSmsSink,
  startDevMailbox,
  startDevSmsSink,
} from './notify/index.ts'
import { pooledRandomSource } from './domain/index.ts'
import { databaseOutboxQueue } from './outbox-queue.ts'
import { databaseVerifierSource } from './verifier-source.ts'

export interface PlatformOptions {
  /** Where the SQLite file, the keys and the secrets live (default `data/`). */
  readonly dataDir: string
  readonly port?: number
  readonly host?: string
  /** PostgreSQL (`postgres://…`) instead of the SQLite file. */
  readonly databaseUrl?: string
  /** An SMTP relay; by default an embedded dev mailbox. */
  readonly smtpUrl?: string
  /** An SMS gateway; by default an embedded dev sink. */
  readonly smsUrl?: string
  readonly now?: () => Date
  readonly logLevel?: string
  /**
   * The EU gateway (issue 7): Italy's DSCs are uploaded at start, and the trust list is downloaded at start and on
   * `syncCron` (default every minute); foreign DSCs that pass the trust checks join the verifier API.
   */
  readonly gateway?: GatewayConnection & { readonly syncCron?: string }
  /** IO's services API (e.g. the IO started next to the platform): certificates are then also sent to IO. */
  readonly ioUrl?: string
  /** The platform's service key at IO (default: a secret made under `dataDir`). */
  readonly ioServiceKey?: string
  /** The key IO presents on the IO-facing API (default: a secret made under `dataDir`). */
  readonly ioClientKey?: string
  /**
   * The SPID/CIE OpenID Connect provider of the citizen portal (env `OIDC_ISSUER`, `OIDC_CLIENT_ID`,
   * `OIDC_CLIENT_SECRET`); by default the embedded test provider is started (and closed) with the platform.
   */
  readonly oidc?: { readonly issuer: string; readonly clientId: string; readonly clientSecret: string }
}

export interface RunningPlatform {
  readonly url: string
  /** The platform's database (for operator commands and tests). */
  readonly database: OpenDatabase
  readonly mailbox: DevMailbox | undefined
  readonly smsSink: DevSmsSink | undefined
  /** The EU gateway connector, when `gateway` was given. */
  readonly gateway: GatewayConnector | undefined
  /** The API key of the embedded demo facility (dev defaults only). */
  readonly demoFacilityKey: string
  /** The operator token of the admin API. */
  readonly adminToken: string
  /** The key IO must present on `/v1/certificate/citizen/io…` (`X-IO-Client-Key`). */
  readonly ioClientKey: string
  /** The key the platform presents to IO's services API (register it at IO in the EU-covid-cert group). */
  readonly ioServiceKey: string
  /** The SPID/CIE provider's issuer URL the portal logs in with (the embedded test provider by default). */
  readonly identityProvider: string
  close(): Promise<void>
}

/**
 * Starts the national platform on its embedded defaults: SQLite under `dataDir` (or `databaseUrl`), test keys made
 * on first start, a dev mailbox and SMS sink unless real ones are given, the outbox dispatcher, and the HTTP API
 * (intake, verifier API, docs). Everything it makes it also closes.
 */
export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const now = options.now ?? (() => new Date())
  const random = pooledRandomSource((n: number) => new Uint8Array(randomBytes(n)))
  await mkdir(options.dataDir, { recursive: true })
  const database = await openDatabase(
    options.databaseUrl ? { url: options.databaseUrl } : { file: join(options.dataDir, 'platform.sqlite') },
  )
  // A platform starts with a complete settings table, so verifiers that sync from it can apply every rule.
  if ((await getAllSettings(database.db)).length === 0) await upsertSettings(database.db, [...DEFAULT_SETTINGS])
  // …and a DRL version ≥ 1, an empty snapshot: an SDK takes version 0 for "never synced" and refuses to scan.
  await publishFirstDrlVersion(database.db, now().getTime())
  const keysDir = join(options.dataDir, 'keys')
  if (!existsSync(keysDir)) await initKeys({ dir: keysDir, now: now(), random })
  const keys = await openFileKeyStore(keysDir)
  let gateway: GatewayConnector | undefined
  if (options.gateway) {
    const credentials = await readGatewayKeys(keysDir).catch(async () => {
      await initGatewayKeys({ dir: keysDir, now: now(), random, force: true })
      return readGatewayKeys(keysDir)
    })
    gateway = createGatewayConnector({ db: database.db, keys, connection: options.gateway, credentials, now })
    // Failures are recorded, not thrown: the platform serves its own DSCs and the last good list without the gateway.
    await gateway.uploadOwnDscs()
    await gateway.sync()
    gateway.schedule(options.gateway.syncCron)
  }
  const codePepper = process.env.GREENPASS_CODE_PEPPER ?? (await secret(join(options.dataDir, 'code-pepper')))
  const demoFacilityKey = await secret(join(options.dataDir, 'demo-facility.key'))
  const adminToken = process.env.GREENPASS_ADMIN_TOKEN ?? (await secret(join(options.dataDir, 'admin.token')))
  const portalSecret = process.env.GREENPASS_PORTAL_SECRET ?? (await secret(join(options.dataDir, 'portal-secret')))
  const ioClientKey = options.ioClientKey ?? (await secret(join(options.dataDir, 'io-client.key')))
  const ioServiceKey = options.ioServiceKey ?? (await secret(join(options.dataDir, 'io-service.key')))
  if (!(await findFacilityByApiKey(database.db, demoFacilityKey))) {
    await createFacility(
      database.db,
      { id: 'demo', name: 'Demo health facility', apiKey: demoFacilityKey },
      now().getTime(),
    )
  }

  const mailbox = options.smtpUrl ? undefined : await startDevMailbox()
  const smsSink = options.smsUrl ? undefined : await startDevSmsSink()
  const email = createEmailSender({ smtpUrl: options.smtpUrl ?? (mailbox as DevMailbox).url })
  const sms = createSmsSender({ url: options.smsUrl ?? (smsSink as DevSmsSink).url })
  const dispatcher = createDispatcher({
    queue: databaseOutboxQueue(database.db),
    senders: {
      email,
      sms,
      ...(options.ioUrl ? { io: createIoSender({ url: options.ioUrl, serviceKey: ioServiceKey }) } : {}),
    },
    now,
    backoff: { baseMs: 1000, maxMs: 3_600_000, maxAttempts: 20, random: Math.random },
  })
  dispatcher.start(500)
  // Attempt counters older than the longest lock-out (a day) decide nothing any more: swept every hour.
  // A failed sweep (database briefly away) is simply done again the next hour.
  const attemptSweep = new Cron('17 * * * *', { protect: true }, async () => {
    await purgeAttempts(database.db, now().getTime() - 86_400_000).catch(() => 0)
  })

  const services: IssuanceServices = {
    db: database.db,
    keys,
    codePepper,
    random,
    now,
    portalUrl: 'https://www.dgc.gov.it/',
    emailFrom: 'noreply@dgc.gov.it',
    ioMessages: options.ioUrl !== undefined,
  }
  const app = await buildPlatformApp({
    logLevel: options.logLevel ?? 'info',
    ready: async () => true,
    plugins: [
      intakeRoutes(services),
      verifierApiRoutes(databaseVerifierSource(database.db, keys)),
      // The verifier web app is built on its first request (esbuild, a few seconds): start-up stays fast.
      verifierAppRoutes({ build: async () => (await import('@greenpass/verifier')).buildVerifierApp() }),
      adminRoutes({ db: database.db, adminToken, now }),
      employerRoutes({
        db: database.db,
        adminToken,
        pepper: codePepper,
        keyUsageOf: (kid) => keys.certificates().find((dsc) => dsc.kidBase64 === kid)?.keyUsage ?? 'any',
        now,
      }),
      ioApiRoutes({
        db: database.db,
        codePepper,
        clientKey: ioClientKey,
        now,
        recoverySignerKid: keys.signer('recovery').kidBase64,
      }),
      devRoutes({ mailbox, smsSink }),
      ...(gateway ? [gatewayAdminRoutes(gateway, adminToken)] : []),
      portalRoutes({
        ...services,
        sessionSecret: portalSecret,
        // Secure cookies everywhere but plain-http development on this machine.
        secureCookies: !['127.0.0.1', 'localhost', '::1'].includes(options.host ?? '127.0.0.1'),
        oidc: () => oidcSettings,
      }),
    ],
  })
  const url = await app.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' })
  // The portal's redirect URI is known once it listens: only then can the embedded provider register it.
  const redirectUri = `${url}/auth/callback`
  let identityProvider: RunningIdentityProvider | undefined
  let provider = options.oidc ?? oidcFromEnvironment()
  if (provider === undefined) {
    const client = { clientId: 'greenpass-portal', clientSecret: randomBytes(24).toString('base64url') }
    identityProvider = await startIdentityProvider({ clients: [{ ...client, redirectUris: [redirectUri] }] })
    provider = { issuer: identityProvider.issuer, ...client }
  }
  const oidcSettings: OidcSettings = { ...provider, redirectUri }
  return {
    url,
    database,
    mailbox,
    smsSink,
    demoFacilityKey,
    adminToken,
    ioClientKey,
    ioServiceKey,
    gateway,
    identityProvider: oidcSettings.issuer,
    async close() {
      dispatcher.stop()
      attemptSweep.stop()
      gateway?.stop()
      await app.close()
      await identityProvider?.close()
      email.close()
      await mailbox?.close()
      await smsSink?.close()
      await database.close()
    },
  }
}

/** The portal's SPID/CIE provider from `OIDC_ISSUER`, `OIDC_CLIENT_ID`, `OIDC_CLIENT_SECRET`, when set. */
function oidcFromEnvironment(): PlatformOptions['oidc'] {
  const issuer = process.env.OIDC_ISSUER
  if (!issuer) return undefined
  return { issuer, clientId: process.env.OIDC_CLIENT_ID ?? '', clientSecret: process.env.OIDC_CLIENT_SECRET ?? '' }
}

/** A random secret kept in a 0600 file under the data folder, made on first use. */
async function secret(path: string): Promise<string> {
  if (existsSync(path)) return (await readFile(path, 'utf8')).trim()
  const value = randomBytes(24).toString('base64url')
  await writeFile(path, `${value}\n`, { mode: 0o600, flag: 'wx' })
  return value
}
