import { hash } from 'node:crypto'

/** Length of a DCC key identifier in bytes. */
export const KID_LENGTH = 8

/**
 * The kid of a DSC: the first 8 bytes of SHA-256 over its DER encoding (hcert spec §3).
 *
 * @example kidOf(dscDer) // Uint8Array(8)
 */
export function kidOf(dscDer: Uint8Array): Uint8Array {
  return new Uint8Array(hash('sha256', dscDer, 'buffer').subarray(0, KID_LENGTH))
}

/** The kid as trust lists write it: base64 of the 8 bytes (e.g. `DEsVUSvpFAE=`). */
export function kidToBase64(kid: Uint8Array): string {
  return Buffer.from(kid.buffer, kid.byteOffset, kid.byteLength).toString('base64')
}
