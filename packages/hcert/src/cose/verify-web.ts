import type { WebKey } from '../web-key.ts'
import { HcertError } from '../errors.ts'
import { ES256, PS256 } from './algorithms.ts'
import type { CoseSign1 } from './parse.ts'
import { sigStructure } from './sig-structure.ts'

/**
 * `verifyCoseSignature` for the browser build: the same check with WebCrypto, which is asynchronous. ES256 takes
 * the raw `r‖s` signature as COSE carries it (WebCrypto's ECDSA format); PS256 is RSA-PSS with a 32-byte salt.
 * Returns false for a signature that does not verify; throws `COSE_ALG` when the algorithm is missing, unsupported or
 * not for this key.
 */
export async function verifyCoseSignatureWeb(message: CoseSign1, publicKey: WebKey): Promise<boolean> {
  if (message.alg === undefined) throw new HcertError('COSE_ALG', 'COSE message has no alg in either header')
  if (message.alg !== ES256 && message.alg !== PS256) {
    throw new HcertError('COSE_ALG', `COSE algorithm ${message.alg} is neither ES256 (-7) nor PS256 (-37)`)
  }
  const keyName = publicKey.algorithm.name
  if ((message.alg === ES256) !== (keyName === 'ECDSA')) {
    throw new HcertError('COSE_ALG', `${message.alg === ES256 ? 'ES256' : 'PS256'} does not fit a ${keyName} key`)
  }
  const algorithm = message.alg === ES256 ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSA-PSS', saltLength: 32 }
  try {
    return await crypto.subtle.verify(
      algorithm,
      publicKey,
      // Copies: WebCrypto takes only views of a plain ArrayBuffer, and these may be views of Buffer's pool.
      new Uint8Array(message.signature),
      new Uint8Array(sigStructure(message.protectedBytes, message.payload)),
    )
  } catch {
    // A malformed signature (wrong length for the curve) is a failed check, as on the Node path.
    return false
  }
}
