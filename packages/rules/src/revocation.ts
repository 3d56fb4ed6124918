import { createHash } from 'node:crypto'

/**
 * The revocation-list (DRL) identifier of a UVCI (italian-verification-rules.md §9.1): base64, standard alphabet with
 * padding (44 characters), of SHA-256 over the UVCI **exactly as it appears in the certificate**, UTF-8, with no
 * normalisation or truncation. The DRL lists these hashes, never UVCIs.
 *
 * @example uvciHash('Hello!') // 'M00Bb3Vc1txYxTqG4YOIL47BT1L7BTRYh8il7dQsh7c='
 */
export function uvciHash(uvci: string): string {
  return createHash('sha256').update(uvci, 'utf8').digest('base64')
}
