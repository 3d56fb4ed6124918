import { CborTag, encodeCbor, sigStructure } from '@greenpass/hcert'
import type { DocumentSigner } from './key-store.ts'

/**
 * Signs `payload` (a CWT) as a COSE_Sign1 through any `DocumentSigner`, including one whose key never leaves an HSM:
 * the same bytes as hcert's `signCoseSign1` (protected header `{1: alg, 4: kid}`, empty unprotected header, tag 18),
 * but the signature comes from `signer.sign`.
 *
 * @example const cose = await signCoseSign1With(encodeCwt({ iss: 'IT', iat, exp, dcc }), store.signer('ordinary'))
 */
export async function signCoseSign1With(payload: Uint8Array, signer: DocumentSigner): Promise<Uint8Array> {
  const protectedBytes = encodeCbor(
    new Map<number, number | Uint8Array>([
      [1, signer.alg],
      [4, signer.kid],
    ]),
  )
  const signature = await signer.sign(sigStructure(protectedBytes, payload))
  return encodeCbor(new CborTag(18, [protectedBytes, new Map(), payload, signature]))
}
