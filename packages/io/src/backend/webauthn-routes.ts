import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { IoProblem } from '../problem.ts'
import { sha256Hex } from '../sha256.ts'
import type { IoDatabase } from '../store/database.ts'
import { addWebAuthnCredential, updateWebAuthnCounter, webAuthnCredentials } from '../store/webauthn-credentials.ts'
import { requireSession, SESSION_COOKIE } from './session.ts'

export interface WebAuthnOptions {
  readonly db: IoDatabase
  readonly now: () => Date
  /** IO's public URL: its origin is the expected origin, its host the relying party id. */
  readonly publicUrl: () => string
}

const CHALLENGE_TTL_MS = 5 * 60_000
const response = { type: 'object', required: ['id', 'rawId', 'response', 'type'], additionalProperties: true } as const

/**
 * Unlocking the wallet with the device's own authenticator (fingerprint, face, device PIN) where the browser offers
 * one, as IO offers biometrics next to its unlock code: the logged-in citizen registers a credential, then each unlock
 * is a WebAuthn assertion the server verifies (challenge, origin, user verification, signature counter).
 */
export function webAuthnRoutes(options: WebAuthnOptions): FastifyPluginAsync {
  const { db, now } = options
  // One live challenge per session (by the cookie's hash): registering or unlocking is one ceremony at a time.
  const challenges = new Map<string, { challenge: string; at: number }>()
  const sessionKey = (request: FastifyRequest) => sha256Hex(request.cookies[SESSION_COOKIE] ?? '')
  const relyingParty = () => {
    const url = new URL(options.publicUrl())
    return { rpID: url.hostname, origin: url.origin }
  }
  const takeChallenge = (request: FastifyRequest): string => {
    const key = sessionKey(request)
    const entry = challenges.get(key)
    challenges.delete(key)
    if (!entry || now().getTime() - entry.at > CHALLENGE_TTL_MS) {
      throw new IoProblem(400, 'WEBAUTHN_CHALLENGE_MISSING', 'Start the ceremony again')
    }
    return entry.challenge
  }
  const transports = (list: readonly string[]) => list as AuthenticatorTransport[]

  return async (app) => {
    const tags = ['app']

    app.post('/api/v1/webauthn/registration/options', { schema: { tags } }, async (request) => {
      const session = requireSession(db, request, now().getTime())
      const { rpID } = relyingParty()
      const registration = await generateRegistrationOptions({
        rpName: 'IO',
        rpID,
        // The authenticator shows this name; the fiscal code stays out of it.
        userName: session.givenName || 'IO',
        attestationType: 'none',
        excludeCredentials: webAuthnCredentials(db, session.fiscalCode).map((c) => ({
          id: c.id,
          transports: transports(c.transports),
        })),
        authenticatorSelection: { authenticatorAttachment: 'platform', userVerification: 'required' },
      })
      challenges.set(sessionKey(request), { challenge: registration.challenge, at: now().getTime() })
      return registration
    })

    app.post('/api/v1/webauthn/registration/verify', { schema: { tags, body: response } }, async (request) => {
      const at = now().getTime()
      const session = requireSession(db, request, at)
      const { rpID, origin } = relyingParty()
      const result = await verifyRegistrationResponse({
        response: request.body as RegistrationResponseJSON,
        expectedChallenge: takeChallenge(request),
        expectedOrigin: origin,
        expectedRPID: rpID,
        requireUserVerification: true,
      }).catch(() => ({ verified: false as const }))
      if (!result.verified) throw new IoProblem(400, 'WEBAUTHN_REFUSED', 'The device could not be registered')
      const { credential } = result.registrationInfo
      addWebAuthnCredential(
        db,
        session.fiscalCode,
        {
          id: credential.id,
          publicKey: credential.publicKey,
          counter: credential.counter,
          transports: credential.transports ?? [],
        },
        at,
      )
      return { verified: true }
    })

    app.post('/api/v1/webauthn/authentication/options', { schema: { tags } }, async (request) => {
      const session = requireSession(db, request, now().getTime())
      const credentials = webAuthnCredentials(db, session.fiscalCode)
      if (credentials.length === 0) throw new IoProblem(404, 'WEBAUTHN_NONE', 'No device registered')
      const authentication = await generateAuthenticationOptions({
        rpID: relyingParty().rpID,
        allowCredentials: credentials.map((c) => ({ id: c.id, transports: transports(c.transports) })),
        userVerification: 'required',
      })
      challenges.set(sessionKey(request), { challenge: authentication.challenge, at: now().getTime() })
      return authentication
    })

    app.post('/api/v1/webauthn/authentication/verify', { schema: { tags, body: response } }, async (request) => {
      const session = requireSession(db, request, now().getTime())
      const body = request.body as AuthenticationResponseJSON
      const credential = webAuthnCredentials(db, session.fiscalCode).find((c) => c.id === body.id)
      if (!credential) throw new IoProblem(400, 'WEBAUTHN_REFUSED', 'Unknown device')
      const { rpID, origin } = relyingParty()
      const result = await verifyAuthenticationResponse({
        response: body,
        expectedChallenge: takeChallenge(request),
        expectedOrigin: origin,
        expectedRPID: rpID,
        credential: {
          id: credential.id,
          publicKey: credential.publicKey as Uint8Array<ArrayBuffer>,
          counter: credential.counter,
          transports: transports(credential.transports),
        },
        requireUserVerification: true,
      }).catch(() => ({ verified: false as const }))
      if (!result.verified) throw new IoProblem(400, 'WEBAUTHN_REFUSED', 'The device did not unlock')
      updateWebAuthnCounter(db, credential.id, result.authenticationInfo.newCounter)
      return { verified: true }
    })
  }
}
