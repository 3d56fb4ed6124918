import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

import Provider from 'oidc-provider'

import { TEST_IDENTITIES, type TestIdentity } from './identities.ts'
import { loginPage } from './login-page.ts'

/** The claim SPID and CIE OpenID Connect providers use for the fiscal number, valued `TINIT-<fiscal code>`. */
export const FISCAL_NUMBER_CLAIM = 'https://attributes.eid.gov.it/fiscal_number'

export interface RelyingPartyClient {
  readonly clientId: string
  readonly clientSecret: string
  readonly redirectUris: readonly string[]
  readonly postLogoutRedirectUris?: readonly string[]
}

export interface IdentityProviderOptions {
  readonly clients: readonly RelyingPartyClient[]
  readonly identities?: readonly TestIdentity[]
  /** 0 (default) picks a free port. */
  readonly port?: number
  readonly host?: string
}

export interface RunningIdentityProvider {
  /** The issuer URL relying parties discover from (`<issuer>/.well-known/openid-configuration`). */
  readonly issuer: string
  close(): Promise<void>
}

/**
 * The embedded SPID/CIE test identity provider: a real OpenID Connect provider (authorization code flow, PKCE,
 * signed ID tokens, discovery) whose login page accepts the test identities. Consent is implicit: every relying party
 * configured here is a first-party service of the platform.
 */
export async function startIdentityProvider(options: IdentityProviderOptions): Promise<RunningIdentityProvider> {
  const identities = options.identities ?? TEST_IDENTITIES
  const byFiscalCode = new Map(identities.map((identity) => [identity.fiscalCode, identity]))
  const host = options.host ?? '127.0.0.1'

  const server = createServer()
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve))
  const issuer = `http://${host}:${(server.address() as AddressInfo).port}`

  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const provider = new Provider(issuer, {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: [...client.redirectUris],
      post_logout_redirect_uris: [...(client.postLogoutRedirectUris ?? [])],
      id_token_signed_response_alg: 'ES256',
    })),
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-idp', use: 'sig', alg: 'ES256' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: {
      openid: ['sub'],
      profile: ['given_name', 'family_name', 'birthdate'],
      email: ['email'],
      fiscal_number: [FISCAL_NUMBER_CLAIM],
    },
    scopes: ['openid', 'profile', 'email', 'fiscal_number'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    conformIdTokenClaims: false,
    adapter: MemoryAdapter,
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const identity = byFiscalCode.get(sub)
      if (identity === undefined) return undefined
      return {
        accountId: sub,
        claims: () => ({
          sub,
          given_name: identity.givenName,
          family_name: identity.familyName,
          birthdate: identity.dateOfBirth,
          email: identity.email,
          [FISCAL_NUMBER_CLAIM]: `TINIT-${identity.fiscalCode}`,
        }),
      }
    },
    async loadExistingGrant(ctx) {
      const accountId = ctx.oidc.session?.accountId
      const client = ctx.oidc.client
      if (accountId === undefined || client === undefined) return undefined
      const grant = new ctx.oidc.provider.Grant({ accountId, clientId: client.clientId })
      grant.addOIDCScope('openid profile email fiscal_number')
      await grant.save()
      return grant
    },
  })

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    const details = await provider.interactionDetails(req, res)
    if (details.uid !== uid) throw new Error('interaction mismatch')
    if (req.method === 'GET') {
      sendHtml(res, 200, loginPage({ uid, identities, error: false }))
      return
    }
    const form = new URLSearchParams(await readBody(req))
    const identity = byFiscalCode.get((form.get('username') ?? '').trim().toUpperCase())
    if (identity === undefined || form.get('password') !== identity.password) {
      sendHtml(res, 401, loginPage({ uid, identities, error: true }))
      return
    }
    await provider.interactionFinished(req, res, { login: { accountId: identity.fiscalCode } })
  }

  const callback = provider.callback()
  server.on('request', (req, res) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(req.url ?? '')
    if (match === null) {
      callback(req, res)
      return
    }
    interaction(req, res, match[1]!).catch(() => {
      if (!res.headersSent) sendHtml(res, 400, '<!doctype html><title>Login</title><p>Login session expired.</p>')
    })
  })

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

type Payload = Record<string, unknown> & { uid?: string; userCode?: string; grantId?: string }

/** State lives as long as the process: this provider is for development and tests, and a restart logs everyone out. */
class MemoryAdapter {
  static readonly #store = new Map<string, { payload: Payload; expiresAt: number }>()
  readonly #name: string

  constructor(name: string) {
    this.#name = name
  }

  #key(id: string): string {
    return `${this.#name}:${id}`
  }

  async upsert(id: string, payload: Payload, expiresIn: number): Promise<void> {
    MemoryAdapter.#store.set(this.#key(id), { payload, expiresAt: Date.now() + expiresIn * 1000 })
  }

  async find(id: string): Promise<Payload | undefined> {
    const entry = MemoryAdapter.#store.get(this.#key(id))
    if (entry === undefined || entry.expiresAt < Date.now()) return undefined
    return entry.payload
  }

  async findByUid(uid: string): Promise<Payload | undefined> {
    for (const [key, entry] of MemoryAdapter.#store)
      if (key.startsWith(`${this.#name}:`) && entry.payload.uid === uid)
        return this.find(key.slice(this.#name.length + 1))
    return undefined
  }

  async findByUserCode(userCode: string): Promise<Payload | undefined> {
    for (const [key, entry] of MemoryAdapter.#store)
      if (key.startsWith(`${this.#name}:`) && entry.payload.userCode === userCode)
        return this.find(key.slice(this.#name.length + 1))
    return undefined
  }

  async consume(id: string): Promise<void> {
    const entry = MemoryAdapter.#store.get(this.#key(id))
    if (entry !== undefined) entry.payload.consumed = Math.floor(Date.now() / 1000)
  }

  async destroy(id: string): Promise<void> {
    MemoryAdapter.#store.delete(this.#key(id))
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [key, entry] of MemoryAdapter.#store)
      if (entry.payload.grantId === grantId) MemoryAdapter.#store.delete(key)
  }
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
  res.end(html)
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = ''
  for await (const chunk of req) {
    body += String(chunk)
    if (body.length > 4096) throw new Error('login form too large')
  }
  return body
}
