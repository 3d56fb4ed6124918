import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { type RunningIdentityProvider, startIdentityProvider } from '@greenpass/idp'
import { buildIoApp } from './app.ts'
import { appBackendRoutes } from './backend/app-routes.ts'
import { type IdentityProviderClient, loginRoutes } from './backend/login.ts'
import { createPlatformClient } from './backend/platform-client.ts'
import { createPlatformNotifier, type PlatformNotifier } from './backend/platform-notifier.ts'
import { webAuthnRoutes } from './backend/webauthn-routes.ts'
import { servicesApiRoutes } from './services-api/routes.ts'
import { type IoDatabase, openIoDatabase } from './store/database.ts'
import { type NewIoService, upsertService } from './store/services.ts'
import { buildWallet } from './wallet/bundle.ts'
import { walletRoutes } from './wallet/routes.ts'

export interface IoOptions {
  /** Where IO's database lives. */
  readonly dataDir: string
  readonly port?: number
  readonly host?: string
  /**
   * The URL citizens reach IO at, when it is not the address IO listens on (a proxy, or `http://localhost:<port>`:
   * WebAuthn accepts a domain, never an IP address, as relying party). Login redirects and WebAuthn use it.
   */
  readonly publicUrl?: string
  /** The national platform's IO-facing API. */
  readonly platformUrl: string
  /** The key the platform expects from IO (`X-IO-Client-Key`). */
  readonly platformKey: string
  /** A SPID/CIE OpenID Connect provider; by default an embedded test provider is started for IO. */
  readonly idp?: IdentityProviderClient
  /** Services to register (or update) at start, with their subscription keys and permission groups. */
  readonly services?: readonly NewIoService[]
  readonly now?: () => Date
  readonly logLevel?: string
  /** False switches the certificate feature off (the app says "not operational"). Default true. */
  readonly euCovidCertEnabled?: boolean
  /** How often pending notices to the platform are retried, ms (default 1 s). */
  readonly notifierIntervalMs?: number
}

export interface RunningIo {
  /** The wallet, the app backend and the services API. */
  readonly url: string
  /** The identity provider IO logs citizens in with. */
  readonly idpIssuer: string
  readonly db: IoDatabase
  readonly notifier: PlatformNotifier
  close(): Promise<void>
}

/**
 * Starts IO: the services API (`/api/v1/profiles`, `/api/v1/messages`), SPID/CIE login, the app backend and the
 * wallet web app, with its database under `dataDir`. Everything it starts it also closes.
 *
 * @example const io = await startIo({ dataDir, platformUrl: platform.url, platformKey: platform.ioClientKey,
 *   services: [{ id: 'dgc', name: 'Ministero della Salute', key: platform.ioServiceKey, groups: [...] }] })
 */
export async function startIo(options: IoOptions): Promise<RunningIo> {
  const now = options.now ?? (() => new Date())
  const db = openIoDatabase(join(options.dataDir, 'io.sqlite'))
  for (const service of options.services ?? []) upsertService(db, service, now().getTime())
  const platform = createPlatformClient({ url: options.platformUrl, key: options.platformKey })
  const notifier = createPlatformNotifier({ db, platform, now })
  const wallet = await buildWallet()
  let publicUrl = ''
  let idp: IdentityProviderClient | undefined = options.idp
  const app = await buildIoApp({
    logLevel: options.logLevel ?? 'info',
    plugins: [
      servicesApiRoutes({ db, now }),
      loginRoutes({
        db,
        now,
        publicUrl: () => publicUrl,
        idp: () => {
          if (!idp) throw new Error('The identity provider is not started yet')
          return idp
        },
        onNewProfile: () => notifier.kick(),
      }),
      appBackendRoutes({ db, platform, now, euCovidCertEnabled: () => options.euCovidCertEnabled ?? true }),
      webAuthnRoutes({ db, now, publicUrl: () => publicUrl }),
      walletRoutes(wallet),
    ],
  })
  const listening = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' })
  publicUrl = options.publicUrl?.replace(/\/+$/, '') ?? listening
  // The embedded provider needs IO's redirect URI, known only now that IO listens.
  let embedded: RunningIdentityProvider | undefined
  if (!idp) {
    const clientSecret = randomBytes(24).toString('base64url')
    embedded = await startIdentityProvider({
      clients: [{ clientId: 'io', clientSecret, redirectUris: [`${publicUrl}/login/callback`] }],
    })
    idp = { issuer: embedded.issuer, clientId: 'io', clientSecret }
  }
  notifier.start(options.notifierIntervalMs ?? 1_000)
  return {
    url: publicUrl,
    idpIssuer: idp.issuer,
    db,
    notifier,
    async close() {
      await notifier.stop()
      await app.close()
      await embedded?.close()
      db.close()
    },
  }
}
