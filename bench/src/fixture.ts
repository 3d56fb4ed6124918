// The certificate that the benchmark decodes and verifies.
//
// For now it comes from the public dgc-testdata corpus (IT/2DCode/raw/1.json: an Italian vaccination certificate
// signed ES256 by the Italian test DSC), because our own encoder is still being written. It may later be replaced by
// a freshly signed certificate: keep the shape of `DccFixture` stable.

import { createHash, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** One HC1 certificate plus what a verifier needs to check it. */
export interface DccFixture {
  /** The QR payload, `HC1:` + Base45(zlib(COSE_Sign1)). */
  readonly hc1: string
  /** DER of the Document Signer Certificate that signed it. */
  readonly dscDer: Uint8Array
  /** The same certificate as PEM (`-----BEGIN CERTIFICATE-----`, 64-column lines, trailing newline). */
  readonly dscPem: string
  /** The COSE kid: first 8 bytes of SHA-256 over `dscDer`. */
  readonly kid: Uint8Array
  /** An instant at which the certificate and the DSC are valid. */
  readonly at: Date
}

const CORPUS_FILE = new URL('../../../shared/testdata/dgc-testdata/IT/2DCode/raw/1.json', import.meta.url)

/** Loads the benchmark fixture. Throws if the shared test data is not next to the repository. */
export function loadFixture(): DccFixture {
  const path = fileURLToPath(CORPUS_FILE)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (cause) {
    throw new Error(
      `benchmark fixture: cannot read ${path}; the shared test data (shared/testdata/dgc-testdata) must sit next to the repository`,
      { cause },
    )
  }
  const entry: unknown = JSON.parse(text)
  const hc1 = stringAt(entry, ['PREFIX'], path)
  const certB64 = stringAt(entry, ['TESTCTX', 'CERTIFICATE'], path)
  const clock = stringAt(entry, ['TESTCTX', 'VALIDATIONCLOCK'], path)
  const coseHex = stringAt(entry, ['COSE'], path)

  if (!hc1.startsWith('HC1:')) throw new Error(`benchmark fixture: ${path}: PREFIX does not start with HC1:`)
  const dscDer = new Uint8Array(Buffer.from(certB64, 'base64'))
  const dsc = new X509Certificate(dscDer) // throws if the DER is not a certificate
  const at = new Date(clock)
  if (Number.isNaN(at.getTime())) throw new Error(`benchmark fixture: ${path}: bad VALIDATIONCLOCK ${clock}`)
  const kid = new Uint8Array(createHash('sha256').update(dscDer).digest().subarray(0, 8))
  // The kid in the protected header is a CBOR bstr of 8 bytes (0x48 + kid).
  if (!coseHex.toLowerCase().includes(`48${Buffer.from(kid).toString('hex')}`)) {
    throw new Error(`benchmark fixture: ${path}: the certificate's kid is not the SHA-256 prefix of its DSC`)
  }
  return { hc1, dscDer, dscPem: dsc.toString(), kid, at }
}

function stringAt(value: unknown, keys: readonly string[], path: string): string {
  let node = value
  for (const key of keys) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined
  }
  if (typeof node !== 'string' || node === '') {
    throw new Error(`benchmark fixture: ${path}: missing string field ${keys.join('.')}`)
  }
  return node
}
