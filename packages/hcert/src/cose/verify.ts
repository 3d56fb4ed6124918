import { type KeyObject, verify } from 'node:crypto'
import { HcertError } from '../errors.ts'
import { cryptoParameters } from './algorithms.ts'
import type { CoseSign1 } from './parse.ts'
import { rawToDerSignature } from './ecdsa-signature.ts'
import { sigStructure } from './sig-structure.ts'

/**
 * Checks a COSE_Sign1 signature with one public key. Returns false for a signature that does not verify (including
 * one of the wrong length); throws `COSE_ALG` when the message's algorithm is missing, unsupported or not for this key.
 */
export function verifyCoseSignature(message: CoseSign1, publicKey: KeyObject): boolean {
  if (message.alg === undefined) throw new HcertError('COSE_ALG', 'COSE message has no alg in either header')
  const { key, ecCoordinateBytes } = cryptoParameters(message.alg, publicKey)
  let signature = message.signature
  if (ecCoordinateBytes !== undefined) {
    if (signature.length !== 2 * ecCoordinateBytes) return false
    signature = rawToDerSignature(signature)
  }
  try {
    return verify('sha256', sigStructure(message.protectedBytes, message.payload), key, signature)
  } catch {
    // OpenSSL refuses some malformed signatures (wrong length for the curve) by throwing: that is a failed check.
    return false
  }
}
