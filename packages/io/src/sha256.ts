import { createHash } from 'node:crypto'

/** SHA-256 of a text as lower-case hex: how IO stores keys and tokens, and names a citizen to the platform. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}
