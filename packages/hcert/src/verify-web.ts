import type { WebKey } from './web-key.ts'
import type { CoseSign1 } from './cose/parse.ts'
import { verifyCoseSignatureWeb } from './cose/verify-web.ts'
import type { Dsc } from './dsc/import.ts'
import { HcertError } from './errors.ts'
import type { TrustStore } from './trust-store.ts'
import { signerCandidates } from './verify.ts'

/**
 * `findSigner` for the browser build (WebCrypto keys, asynchronous): the trusted DSC whose key verifies the
 * signature, trying every DSC that shares the kid.
 *
 * @example const dsc = await findSignerWeb(cose, trustStore, true)
 */
export async function findSignerWeb(
  cose: CoseSign1,
  trustStore: TrustStore<WebKey>,
  anyKidLength = false,
): Promise<Dsc<WebKey>> {
  let algorithmError: HcertError | undefined
  for (const dsc of signerCandidates(cose, trustStore, anyKidLength)) {
    try {
      if (await verifyCoseSignatureWeb(cose, dsc.publicKey)) return dsc
    } catch (error) {
      if (!(error instanceof HcertError)) throw error
      algorithmError = error
    }
  }
  throw algorithmError ?? new HcertError('SIGNATURE', 'The signature does not verify with any DSC of its kid')
}
