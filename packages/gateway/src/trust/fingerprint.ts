import { hash } from 'node:crypto'
import { kidOf, kidToBase64 } from '@greenpass/hcert'

/** The thumbprint of a certificate: lower-case hex SHA-256 of its DER (gateway-and-trust.md §8). */
export function thumbprintOf(der: Uint8Array): string {
  return hash('sha256', der, 'hex')
}

/** The kid as the trust list writes it: base64 of the first 8 bytes of SHA-256 of the DER. */
export function kidBase64Of(der: Uint8Array): string {
  return kidToBase64(kidOf(der))
}

/**
 * Normalises an `X-SSL-Client-SHA256` header value to lower-case hex: URL-decoded first when it holds `%`, then
 * 64 hex characters, or base64 of the 32 raw bytes (§2.1: the design says base64, the reference code takes both).
 * Undefined when it is neither.
 */
export function normaliseThumbprint(value: string): string | undefined {
  let text = value.trim()
  if (text.includes('%')) {
    try {
      text = decodeURIComponent(text)
    } catch {
      return undefined
    }
  }
  if (/^[0-9a-fA-F]{64}$/.test(text)) return text.toLowerCase()
  if (/^[A-Za-z0-9+/]{43}=?$/.test(text)) {
    const bytes = Buffer.from(text, 'base64')
    if (bytes.length === 32) return bytes.toString('hex')
  }
  return undefined
}
