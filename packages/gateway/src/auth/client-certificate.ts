import { X509Certificate } from 'node:crypto'
import type { TLSSocket } from 'node:tls'
import type { FastifyRequest } from 'fastify'
import { countryOfDn } from '../trust/distinguished-name.ts'
import { normaliseThumbprint, thumbprintOf } from '../trust/fingerprint.ts'

/** How the gateway learns the client certificate (§2.1, §8). */
export type ClientCertificateSource =
  /** Node terminates TLS itself with `requestCert`: the peer certificate of the connection. */
  | 'tls'
  /** A TLS proxy in front terminates mTLS and forwards `X-SSL-Client-SHA256` / `X-SSL-Client-DN`. */
  | 'proxy-headers'

/** What the client presented: the thumbprint and the subject DN's country (undefined when the DN has no `C`). */
export interface PresentedCertificate {
  readonly thumbprint: string
  readonly country: string | undefined
}

export const THUMBPRINT_HEADER = 'x-ssl-client-sha256'
export const DN_HEADER = 'x-ssl-client-dn'

/**
 * The client certificate of a request, or undefined when none was presented (→ 401). Only one source is trusted per
 * deployment: on a direct TLS listener the headers are ignored (a client could forge them), and behind a proxy there
 * is no peer certificate to read.
 */
export function presentedCertificate(
  request: FastifyRequest,
  source: ClientCertificateSource,
): PresentedCertificate | undefined {
  if (source === 'tls') {
    const socket = request.raw.socket as Partial<TLSSocket>
    const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined
    if (!peer?.raw || peer.raw.length === 0) return undefined
    const der = new Uint8Array(peer.raw)
    const subject = new X509Certificate(der).subject.replaceAll('\n', ',')
    return { thumbprint: thumbprintOf(der), country: countryOfDn(subject) }
  }
  const thumbprintHeader = request.headers[THUMBPRINT_HEADER]
  const dnHeader = request.headers[DN_HEADER]
  if (typeof thumbprintHeader !== 'string' || typeof dnHeader !== 'string') return undefined
  const thumbprint = normaliseThumbprint(thumbprintHeader)
  // An unreadable thumbprint can match no trusted party: the same answer as an unknown one (401), later.
  return { thumbprint: thumbprint ?? 'invalid', country: countryOfDn(dnHeader) }
}
