/**
 * Values the portal hands to the browser in cookies (the session, the OpenID Connect login state) are sealed:
 * AES-256-GCM under a key derived from the portal secret, so the browser can neither read them (a session may name
 * the holder's fiscal code) nor change them (which certificate it may open). Each value carries its own expiry,
 * checked against the `now` passed in. Nothing is kept on the server: any node with the secret can open them.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

const IV_BYTES = 12
const TAG_BYTES = 16

/** A sealer bound to one secret and one purpose (values sealed for one purpose do not open for another). */
export interface Sealer {
  seal(value: unknown, expiresAt: number): string
  /** The value, or undefined when the text was not sealed by this sealer, was altered, or has expired at `now`. */
  open(text: string | undefined, now: number): unknown
}

/**
 * @example const sessions = createSealer(secret, 'portal-session'); const cookie = sessions.seal({ csrf }, now + 900_000)
 */
export function createSealer(secret: string, purpose: string): Sealer {
  if (secret.length < 16) throw new Error('the portal secret must have at least 16 characters')
  const key = Buffer.from(hkdfSync('sha256', secret, 'greenpass-portal', purpose, 32))
  const aad = Buffer.from(purpose, 'utf8')
  return {
    seal(value, expiresAt) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad)
      const body = Buffer.concat([cipher.update(JSON.stringify({ v: value, exp: expiresAt }), 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
    },
    open(text, now) {
      if (typeof text !== 'string' || text.length > 8_192) return undefined
      const bytes = Buffer.from(text, 'base64url')
      if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES)).setAAD(aad)
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
        const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()])
        const { v, exp } = JSON.parse(plain.toString('utf8')) as { v: unknown; exp: unknown }
        return typeof exp === 'number' && now < exp ? v : undefined
      } catch {
        // A forged or truncated cookie is simply no session.
        return undefined
      }
    },
  }
}
