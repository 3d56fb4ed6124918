// Peer: dcc-utils 0.4.0 (ministero-salute/dcc-utils, the engine of italia/verificac19-sdk). AGPL-3.0: only loaded by
// the benchmark, from node_modules, never copied. It is plain CommonJS and loads as is on Node 24 via createRequire.
//
// Its `DCC` class offers three signature paths, all after `DCC.fromRaw(hc1)` (Base45, inflate, CBOR decode):
// - checkSignatureWithKeysList(keys): the trust-list path used with the Italian key list (kid → base64 SPKI + WebCrypto
//   algorithm); verifies with `cosette` on WebCrypto (@peculiar/webcrypto over node:crypto), importing the key on
//   every call;
// - checkSignatureWithCertificate(pem): parses the DSC PEM with jsrsasign on every call, then verifies with
//   `cose-js` on `elliptic` (pure JavaScript ECDSA);
// - checkSignature({ x, y }): raw EC public key, `cose-js` on `elliptic`.

import { X509Certificate } from 'node:crypto'
import { createRequire } from 'node:module'
import type { DccFixture } from '../../src/fixture.ts'
import type { PeerVerifier } from '../../src/peers.ts'

/** The WebCrypto import parameters of a key-list entry. */
interface KeyAlgorithm {
  readonly name: string
  readonly namedCurve?: string
}

/** One entry of the key list: the format dcc-utils' fetch_certificates example exports. */
interface KeyListEntry {
  /** Base64 of the DER SubjectPublicKeyInfo (no PEM armour, despite the name). */
  readonly publicKeyPem: string
  readonly publicKeyAlgorithm: KeyAlgorithm
}

/** The minimal part of dcc-utils' `DCC` that we call. */
interface Dcc {
  checkSignature(key: { x: Buffer; y: Buffer }): Promise<unknown>
  checkSignatureWithCertificate(pem: string): Promise<unknown>
  checkSignatureWithKeysList(keys: Readonly<Record<string, KeyListEntry>>): Promise<unknown>
}
interface DccUtils {
  readonly DCC: { fromRaw(hc1: string): Promise<Dcc> }
}

let loaded: DccUtils | undefined
function load(): DccUtils {
  loaded ??= createRequire(import.meta.url)('dcc-utils') as DccUtils
  return loaded
}

/** Wraps one decode + check: any rejection by the library counts as "not verified". */
function verifier(name: string, hc1: string, check: (dcc: Dcc) => Promise<unknown>): PeerVerifier {
  const { DCC } = load()
  return {
    name,
    verifyOnce: async () => {
      try {
        const dcc = await DCC.fromRaw(hc1)
        const result = await check(dcc)
        return result !== false && result !== undefined && result !== null
      } catch {
        return false
      }
    },
  }
}

/**
 * Key-list path: `DCC.fromRaw(hc1)` then `dcc.checkSignatureWithKeysList({ [kid]: { publicKeyPem, publicKeyAlgorithm } })`
 * (resolves to the key entry, or false on a signature mismatch; throws if the kid is not listed).
 */
export async function prepareDccUtilsKeysList(fixture: DccFixture): Promise<PeerVerifier> {
  const spki = new X509Certificate(fixture.dscDer).publicKey.export({ type: 'spki', format: 'der' })
  const keys: Record<string, KeyListEntry> = {
    [Buffer.from(fixture.kid).toString('base64')]: {
      publicKeyPem: spki.toString('base64'),
      publicKeyAlgorithm: { name: 'ECDSA', namedCurve: 'P-256' },
    },
  }
  return verifier('dcc-utils checkSignatureWithKeysList', fixture.hc1, (dcc) => dcc.checkSignatureWithKeysList(keys))
}

/**
 * Certificate path: `DCC.fromRaw(hc1)` then `dcc.checkSignatureWithCertificate(dscPem)` (resolves to the payload,
 * rejects on a signature mismatch).
 */
export async function prepareDccUtilsCertificate(fixture: DccFixture): Promise<PeerVerifier> {
  const pem = fixture.dscPem
  return verifier('dcc-utils checkSignatureWithCertificate', fixture.hc1, (dcc) =>
    dcc.checkSignatureWithCertificate(pem),
  )
}
