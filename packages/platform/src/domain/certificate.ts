/**
 * A certificate as the domain core decides it: the DCC payload plus what the signer and the notifier need (CWT
 * `iat`/`exp`, which DSC signs, which citizen code goes with it, which certificate it replaces).
 */
import type { Dcc } from '@greenpass/hcert'
import type { CodeType } from './codes.ts'

/** The kinds of certificate, one per DCC group. */
export type CertificateKind = 'vaccination' | 'test' | 'recovery'

/**
 * Which DSC signs: the ordinary one, or the one whose key usage allows recoveries only, reserved for "recovery bis"
 * certificates (verifiers recognise a bis by that DSC: `isRecoveryBis` in `@greenpass/rules`).
 */
export type Signer = 'ordinary' | 'recoveryOnly'

/** A certificate to be signed and stored now, with its code in clear (hash it, send it, forget it). */
export interface IssuedCertificate {
  readonly kind: CertificateKind
  /** The UVCI, also in the DCC's `ci`. */
  readonly uvci: string
  /** DCC 1.3.0 payload, issuer "Ministero della Salute", country IT. */
  readonly dcc: Dcc
  /** CWT `iat`, seconds since the epoch. */
  readonly iat: number
  /** CWT `exp`, seconds since the epoch; never after the signer's notAfter. */
  readonly exp: number
  readonly signer: Signer
  readonly codeType: CodeType
  /** The citizen code, in clear: the only moment it exists so. */
  readonly code: string
  /** The intake event this certificate comes from (the original's for re-issues). */
  readonly eventId?: string
  readonly facilityId?: string
  /** The UVCI of the certificate this one replaces (that one stays valid to its own end, marked superseded). */
  readonly supersedes?: string
  /** A recovery after a completed cycle or booster ("cbis"), signed by the recovery-only DSC. */
  readonly recoveryBis?: boolean
}

/** A certificate as the history keeps it: no code (stored hashed elsewhere), plus its later fate. */
export interface HistoryCertificate extends Omit<IssuedCertificate, 'code'> {
  /** The UVCI of the certificate that replaced this one. */
  readonly supersededBy?: string
  readonly revoked?: boolean
}
