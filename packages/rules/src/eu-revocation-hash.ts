import { hash } from 'node:crypto'
import { preconditionUvci } from './selection.ts'

/** The hash types of an EU revocation batch (gateway-and-trust.md §5.1), in the order the gateway lists them. */
export const EU_REVOCATION_HASH_TYPES = ['SIGNATURE', 'UCI', 'COUNTRYCODEUCI'] as const
export type EuRevocationHashType = (typeof EU_REVOCATION_HASH_TYPES)[number]

/** Bytes kept of each SHA-256: the first 16 (128 bits). */
export const EU_REVOCATION_HASH_BYTES = 16

/** COSE's ES256; any other algorithm's signature is hashed whole. */
const ES256 = -7

/** What the three hashes are computed from: the parts of a decoded certificate they read. */
export interface EuRevocationSubject {
  /** The certificate identifier (UVCI), exactly as in the payload. */
  readonly uvci: string
  /** The issuing country: the CWT `iss` (see {@link euRevocationSubjectOf}). */
  readonly country: string
  /** The COSE_Sign1 signature bytes as carried (raw `r‖s` for ECDSA). */
  readonly signature: Uint8Array
  /** The COSE `alg` of the signature. */
  readonly alg: number | undefined
}

/** The three 16-byte hashes of one certificate, by type; UCI and COUNTRYCODEUCI are absent without a UVCI. */
export type EuRevocationHashes = { readonly [type in EuRevocationHashType]?: Uint8Array }

/**
 * The hashes under which an EU revocation batch can list a certificate (§5.1), each the first 16 bytes of a SHA-256:
 * - `UCI`: over the UVCI, UTF-8;
 * - `COUNTRYCODEUCI`: over the issuing country code followed by the UVCI, UTF-8;
 * - `SIGNATURE`: over the COSE signature; for ES256 only its first half (`r`), for PS256 the whole signature.
 * A certificate without a UVCI has only its SIGNATURE hash (the other two would hash a constant).
 *
 * @example euRevocationHashes({ uvci: 'URN:UVCI:01:IT:X#Y', country: 'IT', signature, alg: -7 }).UCI // 16 bytes
 */
export function euRevocationHashes(subject: EuRevocationSubject): EuRevocationHashes {
  const { signature } = subject
  const signed = subject.alg === ES256 ? signature.subarray(0, signature.length >> 1) : signature
  const hashes: { [type in EuRevocationHashType]?: Uint8Array } = { SIGNATURE: truncatedSha256(signed) }
  if (subject.uvci !== '') {
    hashes.UCI = truncatedSha256(subject.uvci)
    hashes.COUNTRYCODEUCI = truncatedSha256(subject.country + subject.uvci)
  }
  return hashes
}

/**
 * The inputs of {@link euRevocationHashes} from a decoded certificate: the UVCI the preconditions check (first entry,
 * e → v → t → r), the CWT `iss` as the issuing country — the claim that names the issuer, where an entry's `co` is
 * where the vaccine was given or the test taken — falling back to that `co` when a certificate has no `iss`.
 *
 * @example euRevocationSubjectOf({ signature: cose.signature, alg: cose.alg }, cwt)
 */
export function euRevocationSubjectOf(
  cose: { readonly signature: Uint8Array; readonly alg: number | undefined },
  cwt: { readonly iss: string | undefined; readonly dcc: unknown },
): EuRevocationSubject {
  const uvci = preconditionUvci(cwt.dcc)
  return { uvci, country: cwt.iss ?? firstEntryCountry(cwt.dcc), signature: cose.signature, alg: cose.alg }
}

/** Base64 of a 16-byte hash, as revocation batches carry it: 24 characters ending in `==`. */
export function euRevocationHashBase64(hash16: Uint8Array): string {
  return Buffer.from(hash16.buffer, hash16.byteOffset, hash16.byteLength).toString('base64')
}

function truncatedSha256(input: string | Uint8Array): Uint8Array {
  const digest = hash('sha256', input, 'buffer')
  return new Uint8Array(digest.buffer, digest.byteOffset, EU_REVOCATION_HASH_BYTES)
}

function firstEntryCountry(dcc: unknown): string {
  for (const key of ['v', 't', 'r', 'e']) {
    const entries = (dcc as Record<string, unknown> | null)?.[key]
    const co = Array.isArray(entries) ? (entries[0] as { co?: unknown } | undefined)?.co : undefined
    if (typeof co === 'string') return co
  }
  return ''
}
