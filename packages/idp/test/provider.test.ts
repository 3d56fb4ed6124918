import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { headlessLogin } from '@greenpass/testkit'
import * as oidc from 'openid-client'

import {
  FISCAL_NUMBER_CLAIM,
  startIdentityProvider,
  TEST_IDENTITIES,
  type RunningIdentityProvider,
} from '../src/index.ts'

const REDIRECT = 'http://127.0.0.1:1/callback'

/** Where a login from `start` ends: the relying party's callback URL, or the page it stopped on. */
async function browse(start: string, credentials?: { username: string; password: string }): Promise<Response | URL> {
  const { at, response } = await headlessLogin(start, {
    ...(credentials === undefined ? {} : { credentials }),
    stopAt: (url) => url.href.startsWith(REDIRECT),
  })
  return at ?? (response as Response)
}

describe('test identity provider', () => {
  let idp: RunningIdentityProvider
  let config: oidc.Configuration

  before(async () => {
    idp = await startIdentityProvider({
      clients: [{ clientId: 'portal', clientSecret: 'portal-secret', redirectUris: [REDIRECT] }],
    })
    config = await oidc.discovery(new URL(idp.issuer), 'portal', 'portal-secret', undefined, {
      execute: [oidc.allowInsecureRequests],
    })
  })
  after(() => idp.close())

  async function authorizationUrl(): Promise<{ url: URL; verifier: string; state: string }> {
    const verifier = oidc.randomPKCECodeVerifier()
    const state = oidc.randomState()
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'openid profile fiscal_number',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    })
    return { url, verifier, state }
  }

  it('logs a test identity in and gives the relying party its fiscal number in the ID token', async () => {
    const identity = TEST_IDENTITIES[1]!
    const { url, verifier, state } = await authorizationUrl()
    const callback = await browse(url.href, { username: identity.fiscalCode, password: identity.password })
    assert.ok(callback instanceof URL, 'login ends at the redirect URI')
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    })
    const claims = tokens.claims()
    assert.equal(claims?.[FISCAL_NUMBER_CLAIM], `TINIT-${identity.fiscalCode}`)
    assert.equal(claims?.family_name, identity.familyName)
    assert.equal(claims?.birthdate, identity.dateOfBirth)
  })

  it('refuses a wrong password with the login page again, and never redirects', async () => {
    const { url } = await authorizationUrl()
    const response = await browse(url.href, { username: TEST_IDENTITIES[0]!.fiscalCode, password: 'wrong' })
    assert.ok(response instanceof Response)
    assert.equal(response.status, 401)
    assert.match(await response.text(), /Credenziali non valide/)
  })

  it('refuses an authorization request without PKCE', async () => {
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid' })
    const response = await browse(url.href)
    const error = response instanceof URL ? response.searchParams.get('error') : String(response.status)
    assert.equal(error, 'invalid_request')
  })
})
