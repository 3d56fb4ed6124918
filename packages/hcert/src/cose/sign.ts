import { type KeyObject, sign } from 'node:crypto'
import { CborTag, encodeCbor } from '../cbor.ts'
import { type CoseAlgorithm, cryptoParameters } from './algorithms.ts'
import { derToRawSignature } from './ecdsa-signature.ts'
import { sigStructure } from './sig-structure.ts'

/** What signs a certificate: the algorithm, the private key, and the kid of its DSC. */
export interface CoseSigner {
  readonly alg: CoseAlgorithm
  readonly privateKey: KeyObject
  readonly kid: Uint8Array
}

/**
 * Signs `payload` as a COSE_Sign1 (tag 18) with `{alg, kid}` in the protected header and an empty unprotected header.
 *
 * @example signCoseSign1(cwtBytes, { alg: ES256, privateKey, kid })
 */
export function signCoseSign1(payload: Uint8Array, signer: CoseSigner): Uint8Array {
  const protectedBytes = encodeCbor(
    new Map<number, number | Uint8Array>([
      [1, signer.alg],
      [4, signer.kid],
    ]),
  )
  const { key, ecCoordinateBytes } = cryptoParameters(signer.alg, signer.privateKey)
  const signed = sign('sha256', sigStructure(protectedBytes, payload), key)
  const signature = ecCoordinateBytes === undefined ? signed : derToRawSignature(signed, ecCoordinateBytes)
  if (signature === undefined) throw new Error('OpenSSL returned an ECDSA signature that is not DER')
  return encodeCbor(new CborTag(18, [protectedBytes, new Map(), payload, signature]))
}
