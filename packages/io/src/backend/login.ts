import { FISCAL_NUMBER_CLAIM } from '@greenpass/idp'
import type { FastifyPluginAsync } from 'fastify'
import * as oidc from 'openid-client'
import { IO_FISCAL_CODE_PATTERN } from '../services-api/fiscal-code.ts'
import type { IoDatabase } from '../store/database.ts'
import { addPlatformNotice } from '../store/platform-notices.ts'
import { createProfileIfAbsent } from '../store/profiles.ts'
import { closeSession, openSession } from '../store/sessions.ts'
import { cfSha256 } from './eu-covid-cert.ts'
import { clearSessionCookie, SESSION_COOKIE, SESSION_DAYS, sessionCookieOptions } from './session.ts'

/** The SPID/CIE OpenID Connect provider IO logs citizens in with. */
export interface IdentityProviderClient {
  readonly issuer: string
  readonly clientId: string
  readonly clientSecret: string
}

export interface LoginOptions {
  readonly db: IoDatabase
  /** IO's public base URL (the redirect URI is `<publicUrl>/login/callback`). */
  readonly publicUrl: () => string
  readonly idp: () => IdentityProviderClient
  readonly now: () => Date
  /** Told when a citizen logs in for the first time (the `service:subscribed` moment). */
  readonly onNewProfile: () => void
}

const LOGIN_COOKIE = 'io_login'
const LOGIN_TTL_MS = 10 * 60_000
const MAX_PENDING_LOGINS = 10_000

/**
 * Citizen login with SPID/CIE over OpenID Connect (authorization code + PKCE). The fiscal code comes from the ID
 * token's `fiscal_number` claim (`TINIT-<code>`). The first login creates the IO profile and queues the notice that
 * makes the platform send every earlier certificate.
 */
export function loginRoutes(options: LoginOptions): FastifyPluginAsync {
  const { db, now } = options
  let discovered: Promise<oidc.Configuration> | undefined
  const configuration = () => {
    const { issuer, clientId, clientSecret } = options.idp()
    discovered ??= oidc
      .discovery(new URL(issuer), clientId, clientSecret, undefined, {
        // Plain HTTP only for an issuer on this machine (the embedded test provider).
        execute: isLoopbackHttp(issuer) ? [oidc.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        discovered = undefined
        throw error
      })
    return discovered
  }
  // state → PKCE verifier of logins under way; the browser also holds the state in a cookie, which binds the login
  // to the browser that started it.
  const pending = new Map<string, { verifier: string; at: number }>()

  return async (app) => {
    app.get('/login', { schema: { hide: true } }, async (_request, reply) => {
      const at = now().getTime()
      for (const [state, login] of pending) if (at - login.at > LOGIN_TTL_MS) pending.delete(state)
      // Bounded: a flood of unfinished logins pushes out the oldest instead of growing the map.
      if (pending.size >= MAX_PENDING_LOGINS) pending.delete(pending.keys().next().value as string)
      const verifier = oidc.randomPKCECodeVerifier()
      const state = oidc.randomState()
      pending.set(state, { verifier, at })
      const url = oidc.buildAuthorizationUrl(await configuration(), {
        redirect_uri: `${options.publicUrl()}/login/callback`,
        scope: 'openid profile fiscal_number',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
      })
      const secure = options.publicUrl().startsWith('https:')
      return reply.setCookie(LOGIN_COOKIE, state, sessionCookieOptions(secure, LOGIN_TTL_MS / 1000)).redirect(url.href)
    })

    app.get('/login/callback', { schema: { hide: true } }, async (request, reply) => {
      const state = request.cookies[LOGIN_COOKIE]
      const login = state ? pending.get(state) : undefined
      reply.clearCookie(LOGIN_COOKIE, { path: '/' })
      if (!state || !login) return reply.redirect('/?login=expired')
      pending.delete(state)
      let claims: oidc.IDToken | undefined
      try {
        const tokens = await oidc.authorizationCodeGrant(
          await configuration(),
          new URL(request.url, options.publicUrl()),
          { pkceCodeVerifier: login.verifier, expectedState: state },
        )
        claims = tokens.claims()
      } catch (error) {
        request.log.warn({ err: error }, 'login refused')
        return reply.redirect('/?login=failed')
      }
      const fiscalNumber = claims?.[FISCAL_NUMBER_CLAIM]
      const fiscalCode = typeof fiscalNumber === 'string' ? fiscalNumber.replace(/^TINIT-/, '').toUpperCase() : ''
      if (!new RegExp(IO_FISCAL_CODE_PATTERN).test(fiscalCode)) return reply.redirect('/?login=failed')

      const at = now().getTime()
      const created = createProfileIfAbsent(db, { fiscalCode, senderAllowed: true, preferredLanguages: ['it_IT'] }, at)
      if (created) {
        addPlatformNotice(db, cfSha256(fiscalCode), at)
        options.onNewProfile()
      }
      const expiresAt = at + SESSION_DAYS * 86_400_000
      const givenName = typeof claims?.given_name === 'string' ? claims.given_name : ''
      const token = openSession(db, { fiscalCode, givenName, expiresAt }, at)
      const secure = options.publicUrl().startsWith('https:')
      request.log.info({ newProfile: created }, 'citizen logged in')
      return reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(secure, SESSION_DAYS * 86_400)).redirect('/')
    })

    app.post('/logout', { schema: { hide: true } }, async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE]
      if (token) closeSession(db, token)
      clearSessionCookie(reply)
      return reply.code(204).send()
    })
  }
}

function isLoopbackHttp(issuer: string): boolean {
  const url = new URL(issuer)
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
}
