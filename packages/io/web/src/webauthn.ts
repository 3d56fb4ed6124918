/**
 * Unlocking with the device's own authenticator, where the browser offers one (a platform authenticator with user
 * verification: fingerprint, face, device PIN). The server keeps the credential and checks every assertion; this
 * device only remembers that it has registered one.
 */
import {
  browserSupportsWebAuthn,
  platformAuthenticatorIsAvailable,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser'

const FLAG = 'io-wallet-webauthn'

async function post(path: string, body?: unknown): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

export async function webAuthnOffered(): Promise<boolean> {
  return browserSupportsWebAuthn() && (await platformAuthenticatorIsAvailable())
}

export function webAuthnRegistered(): boolean {
  return localStorage.getItem(FLAG) === '1'
}

/** Registers this device's authenticator for the citizen of the session. */
export async function registerWebAuthn(): Promise<boolean> {
  try {
    const options = await post('/api/v1/webauthn/registration/options')
    if (!options.ok) return false
    const credential = await startRegistration({ optionsJSON: await options.json() })
    const verified = await post('/api/v1/webauthn/registration/verify', credential)
    if (!verified.ok) return false
    localStorage.setItem(FLAG, '1')
    return true
  } catch {
    return false
  }
}

/** One unlock: an assertion of this device's authenticator, verified by the server. */
export async function unlockWithWebAuthn(): Promise<boolean> {
  try {
    const options = await post('/api/v1/webauthn/authentication/options')
    if (!options.ok) return false
    const assertion = await startAuthentication({ optionsJSON: await options.json() })
    return (await post('/api/v1/webauthn/authentication/verify', assertion)).ok
  } catch {
    return false
  }
}
