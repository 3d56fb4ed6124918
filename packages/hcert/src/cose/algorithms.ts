import type { KeyObject } from 'node:crypto'
import { HcertError } from '../errors.ts'

/** The two COSE algorithms the DCC specification allows. */
export const ES256 = -7
export const PS256 = -37
export type CoseAlgorithm = typeof ES256 | typeof PS256

export function isCoseAlgorithm(alg: unknown): alg is CoseAlgorithm {
  return alg === ES256 || alg === PS256
}

/**
 * The `node:crypto` parameters for an algorithm and key, or a `COSE_ALG` error when they do not belong together.
 * ES256 takes raw `r‖s` signatures (IEEE P1363), not DER. PS256 is RSASSA-PSS with SHA-256, MGF1-SHA-256 and a
 * 32-byte salt (RFC 8230). P-384 keys are accepted under ES256 as the public corpus has them (ES 401–403).
 */
export function cryptoParameters(alg: number, key: KeyObject) {
  if (alg === ES256) {
    if (key.asymmetricKeyType !== 'ec')
      throw new HcertError('COSE_ALG', `ES256 needs an EC key, not ${key.asymmetricKeyType}`)
    return { key, dsaEncoding: 'ieee-p1363' as const }
  }
  if (alg === PS256) {
    if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'rsa-pss') {
      throw new HcertError('COSE_ALG', `PS256 needs an RSA key, not ${key.asymmetricKeyType}`)
    }
    return { key, padding: RSA_PKCS1_PSS_PADDING, saltLength: 32 }
  }
  throw new HcertError('COSE_ALG', `COSE algorithm ${alg} is neither ES256 (-7) nor PS256 (-37)`)
}

// constants.RSA_PKCS1_PSS_PADDING, inlined to keep this module free of value imports from node:crypto.
const RSA_PKCS1_PSS_PADDING = 6
