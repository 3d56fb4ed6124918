import { hash } from 'node:crypto'

/**
 * The revocation-list (DRL) identifier of a UVCI (italian-verification-rules.md §9.1): base64, standard alphabet with
 * padding (44 characters), of SHA-256 over the UVCI **exactly as it appears in the certificate**, UTF-8, with no
 * normalisation or truncation. The DRL lists these hashes, never UVCIs.
 *
 * @example uvciHash('Hello!') // 'M00Bb3Vc1txYxTqG4YOIL47BT1L7BTRYh8il7dQsh7c='
 */
export function uvciHash(uvci: string): string {
  // One-shot hashing: createHash allocates a stream object per call, which costs more than hashing 40 bytes.
  return hash('sha256', uvci, 'base64')
}

/**
 * `uvciHash` with WebCrypto, for the browser build (no `node:crypto` there, and WebCrypto is asynchronous).
 *
 * @example await uvciHashWeb('Hello!') // 'M00Bb3Vc1txYxTqG4YOIL47BT1L7BTRYh8il7dQsh7c='
 */
export async function uvciHashWeb(uvci: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(uvci)))
  return btoa(String.fromCharCode(...digest))
}
