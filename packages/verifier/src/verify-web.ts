import { type Dsc, findSignerWeb, type TrustStore, type WebKey } from '@greenpass/hcert'
import { preconditionUvci, uvciHashWeb } from '@greenpass/rules'
import {
  decodeScan,
  judge,
  refused,
  type VerificationResult,
  type VerifierData,
  type VerifyCertificateOptions,
} from './verify.ts'

/** `VerifierData` of the browser build: DSC keys are WebCrypto keys. */
export interface WebVerifierData extends Omit<VerifierData, 'trustStore'> {
  readonly trustStore: TrustStore<WebKey>
}

/**
 * `verifyCertificate` for the browser build: the same steps and results, with the signature and the DRL hash
 * computed by WebCrypto (asynchronous). Pure apart from WebCrypto: no clock, no I/O.
 *
 * @example (await verifyCertificateWeb(qrText, data, { mode: ScanMode.BASE, at: new Date() })).status // 'VALID'
 */
export async function verifyCertificateWeb(
  text: string,
  data: WebVerifierData,
  options: VerifyCertificateOptions,
): Promise<VerificationResult> {
  const scan = decodeScan(text, options)
  if ('result' in scan) return scan.result
  let dsc: Dsc<WebKey>
  try {
    dsc = await findSignerWeb(scan.cose, data.trustStore, true)
  } catch (error) {
    return refused(scan, error)
  }
  const uvci = preconditionUvci(scan.cwt.dcc)
  return judge(scan, dsc, data, uvci === '' ? undefined : await uvciHashWeb(uvci))
}
