/**
 * The portal as an OpenID Connect relying party of SPID/CIE (openid-client v6): authorization code flow with PKCE,
 * state and nonce; the fiscal code comes from the ID token's `FISCAL_NUMBER_CLAIM` as `TINIT-<fiscal code>`.
 * By default the provider is the embedded test one (`@greenpass/idp`); `OIDC_ISSUER` points it at a real one.
 */
import { FISCAL_NUMBER_CLAIM } from '@greenpass/idp'
import * as oidc from 'openid-client'
import { isFiscalCode } from '../../domain/index.ts'

/** Where the provider is and who the portal is for it. */
export interface OidcSettings {
  readonly issuer: string
  readonly clientId: string
  readonly clientSecret: string
  /** The portal's `/auth/callback` as registered with the provider. */
  readonly redirectUri: string
}

/** What the portal keeps (sealed, in a cookie) between sending the browser to the provider and its return. */
export interface PendingLogin {
  readonly state: string
  readonly nonce: string
  readonly verifier: string
}

/** Who logged in. */
export interface LoggedInCitizen {
  readonly fiscalCode: string
  readonly name: string
}

export class LoginError extends Error {
  readonly code: string
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

export interface RelyingParty {
  start(): Promise<{ url: URL; pending: PendingLogin }>
  /** Exchanges the code of the callback URL; `LoginError` when anything does not check out. */
  finish(callbackQuery: string, pending: PendingLogin): Promise<LoggedInCitizen>
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** A relying party for `settings` (discovery happens at first use and is kept; a failed one is retried next time). */
export function relyingParty(settings: OidcSettings): RelyingParty {
  let configuration: Promise<oidc.Configuration> | undefined
  const configure = () => {
    const issuer = new URL(settings.issuer)
    // Plain http only for a provider on this machine (the embedded test provider); a real one must be https.
    const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname)
    configuration ??= oidc
      .discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        configuration = undefined
        throw new LoginError('OIDC_UNAVAILABLE', 'the identity provider cannot be reached', { cause: error })
      })
    return configuration
  }
  return {
    async start() {
      const config = await configure()
      const pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier() }
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: 'openid profile fiscal_number',
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      })
      return { url, pending }
    },
    async finish(callbackQuery, pending) {
      const config = await configure()
      const callback = new URL(settings.redirectUri)
      callback.search = callbackQuery
      const refused = callback.searchParams.get('error')
      if (refused !== null) throw new LoginError('OIDC_REFUSED', `the provider answered ${refused}`)
      let claims: oidc.IDToken | undefined
      try {
        const tokens = await oidc.authorizationCodeGrant(config, callback, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        })
        claims = tokens.claims()
      } catch (error) {
        throw new LoginError('OIDC_CALLBACK_INVALID', 'the login could not be completed', { cause: error })
      }
      const fiscalNumber = claims?.[FISCAL_NUMBER_CLAIM]
      const fiscalCode = typeof fiscalNumber === 'string' ? fiscalNumber.replace(/^TINIT-/, '') : ''
      if (!isFiscalCode(fiscalCode)) throw new LoginError('FISCAL_NUMBER_MISSING', 'the ID token has no fiscal number')
      const name = [claims?.given_name, claims?.family_name].filter((part) => typeof part === 'string').join(' ')
      return { fiscalCode: fiscalCode.toUpperCase(), name }
    },
  }
}
