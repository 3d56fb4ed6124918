import { X509Certificate } from 'node:crypto'
import { thumbprintOf } from './fingerprint.ts'

/** The trust anchor's public certificate: what every trusted party's detached CMS must be signed by (§2.2). */
export interface TrustAnchor {
  readonly der: Uint8Array
  readonly thumbprint: string
}

/** The trust anchor from its certificate (PEM or DER). */
export function trustAnchorOf(certificate: string | Uint8Array): TrustAnchor {
  const der = new Uint8Array(new X509Certificate(certificate).raw)
  return { der, thumbprint: thumbprintOf(der) }
}
