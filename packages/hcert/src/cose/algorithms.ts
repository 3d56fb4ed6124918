import type { KeyObject } from 'node:crypto'
import { HcertError } from '../errors.ts'

/** The two COSE algorithms the DCC specification allows. */
export const ES256 = -7
export const PS256 = -37
export type CoseAlgorithm = typeof ES256 | typeof PS256

type SignVerifyOptions =
  | { key: KeyObject; dsaEncoding: 'ieee-p1363' }
  | { key: KeyObject; padding: number; saltLength: number }
  | { key: KeyObject }

// Per key, computed once: reading `asymmetricKeyType` crosses into C++ and costs more than building the Sig_structure.
const PARAMETERS = new WeakMap<KeyObject, { alg: CoseAlgorithm | undefined; options: SignVerifyOptions }>()

// constants.RSA_PKCS1_PSS_PADDING, inlined to keep this module free of value imports from node:crypto.
const RSA_PKCS1_PSS_PADDING = 6

/**
 * The `node:crypto` parameters for an algorithm and key, or a `COSE_ALG` error when they do not belong together.
 * ES256 takes raw `r‖s` signatures (IEEE P1363), not DER. PS256 is RSASSA-PSS with SHA-256, MGF1-SHA-256 and a
 * 32-byte salt (RFC 8230). P-384 keys are accepted under ES256 as the public corpus has them (ES 401–403).
 */
export function cryptoParameters(alg: number, key: KeyObject): SignVerifyOptions {
  if (alg !== ES256 && alg !== PS256) {
    throw new HcertError('COSE_ALG', `COSE algorithm ${alg} is neither ES256 (-7) nor PS256 (-37)`)
  }
  let parameters = PARAMETERS.get(key)
  if (!parameters) {
    const type = key.asymmetricKeyType
    parameters =
      type === 'ec'
        ? { alg: ES256, options: { key, dsaEncoding: 'ieee-p1363' } }
        : type === 'rsa' || type === 'rsa-pss'
          ? { alg: PS256, options: { key, padding: RSA_PKCS1_PSS_PADDING, saltLength: 32 } }
          : { alg: undefined, options: { key } }
    PARAMETERS.set(key, parameters)
  }
  if (parameters.alg !== alg) {
    throw new HcertError('COSE_ALG', `${alg === ES256 ? 'ES256' : 'PS256'} does not fit a ${key.asymmetricKeyType} key`)
  }
  return parameters.options
}
