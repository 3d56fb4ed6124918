/**
 * The unlock code, kept on this device only (as IO keeps its unlock code): PBKDF2-SHA-256 of the code with a random
 * salt in localStorage. It gates the certificates in this browser; the session cookie is what the server trusts.
 */
const KEY = 'io-wallet-pin'
const ITERATIONS = 100_000

interface StoredPin {
  salt: string
  hash: string
}

export function hasPin(): boolean {
  return localStorage.getItem(KEY) !== null
}

export async function setPin(pin: string): Promise<void> {
  const salt = crypto.getRandomValues(new Uint8Array(16))
  const stored: StoredPin = { salt: toHex(salt), hash: await derive(pin, salt) }
  localStorage.setItem(KEY, JSON.stringify(stored))
}

export async function checkPin(pin: string): Promise<boolean> {
  const raw = localStorage.getItem(KEY)
  if (raw === null) return false
  const stored = JSON.parse(raw) as StoredPin
  return (await derive(pin, fromHex(stored.salt))) === stored.hash
}

async function derive(pin: string, salt: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations: ITERATIONS },
    key,
    256,
  )
  return toHex(new Uint8Array(bits))
}

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
const fromHex = (hex: string) => new Uint8Array((hex.match(/../g) ?? []).map((h) => parseInt(h, 16)))
