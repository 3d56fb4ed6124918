import type { KeyObject } from 'node:crypto'
import { HcertError } from '../errors.ts'

/** The two COSE algorithms the DCC specification allows. */
export const ES256 = -7
export const PS256 = -37
export type CoseAlgorithm = typeof ES256 | typeof PS256

/**
 * What node:crypto's `sign`/`verify` take for a key, and for EC keys the size of one coordinate of the curve: EC keys
 * go bare (DER signatures, converted from and to COSE's raw `r‖s` by `ecdsa-signature.ts`, which is much faster than
 * asking node:crypto for P1363), RSA keys with their PSS options.
 */
export interface CryptoParameters {
  readonly key: KeyObject | { key: KeyObject; padding: number; saltLength: number }
  /** Bytes of r and of s for ECDSA (32 for P-256, 48 for P-384, 66 for P-521); undefined for RSA. */
  readonly ecCoordinateBytes: number | undefined
}

const EC_COORDINATE_BYTES: Readonly<Record<string, number>> = { prime256v1: 32, secp384r1: 48, secp521r1: 66 }

// Per key, computed once: reading `asymmetricKeyType` crosses into C++ and costs more than building the Sig_structure.
const PARAMETERS = new WeakMap<KeyObject, { alg: CoseAlgorithm | undefined; parameters: CryptoParameters }>()

// constants.RSA_PKCS1_PSS_PADDING, inlined to keep this module free of value imports from node:crypto.
const RSA_PKCS1_PSS_PADDING = 6

/**
 * The `node:crypto` parameters for an algorithm and key, or a `COSE_ALG` error when they do not belong together.
 * ES256 takes raw `r‖s` signatures (IEEE P1363), not DER. PS256 is RSASSA-PSS with SHA-256, MGF1-SHA-256 and a
 * 32-byte salt (RFC 8230). P-384 keys are accepted under ES256 as the public corpus has them (ES 401–403).
 */
export function cryptoParameters(alg: number, key: KeyObject): CryptoParameters {
  if (alg !== ES256 && alg !== PS256) {
    throw new HcertError('COSE_ALG', `COSE algorithm ${alg} is neither ES256 (-7) nor PS256 (-37)`)
  }
  let known = PARAMETERS.get(key)
  if (!known) {
    const type = key.asymmetricKeyType
    const coordinateBytes = EC_COORDINATE_BYTES[key.asymmetricKeyDetails?.namedCurve ?? '']
    known =
      type === 'ec' && coordinateBytes !== undefined
        ? { alg: ES256, parameters: { key, ecCoordinateBytes: coordinateBytes } }
        : type === 'rsa' || type === 'rsa-pss'
          ? {
              alg: PS256,
              parameters: {
                key: { key, padding: RSA_PKCS1_PSS_PADDING, saltLength: 32 },
                ecCoordinateBytes: undefined,
              },
            }
          : { alg: undefined, parameters: { key, ecCoordinateBytes: undefined } }
    PARAMETERS.set(key, known)
  }
  if (known.alg !== alg) {
    throw new HcertError('COSE_ALG', `${alg === ES256 ? 'ES256' : 'PS256'} does not fit a ${key.asymmetricKeyType} key`)
  }
  return known.parameters
}
