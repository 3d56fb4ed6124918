import type { WebKey } from '../web-key.ts'
import { dccKeyUsage } from '../key-usage.ts'
import { kidToBase64 } from '../kid.ts'
import type { Dsc } from './import.ts'
import { readX509Fields, type X509Fields } from './x509-der.ts'
import { HcertError } from '../errors.ts'

/**
 * The DSC import of the browser build, where there is no `node:crypto`: the certificate is read by `readX509Fields`
 * and its key imported with WebCrypto (asynchronous). The browser bundle also puts this module's `importDsc` in place
 * of the Node one (`dsc/import.ts`), so that code shared with Node (the trust-list sync, which imports each served
 * DSC to check it) runs unchanged.
 */

/**
 * Builds a browser `Dsc` (WebCrypto key) from a certificate in DER or base64 DER. The kid is the served one when
 * given (trust lists are authoritative for kids), else the first 8 bytes of SHA-256 over the DER. An unusable
 * certificate or key is a `KEY` error.
 *
 * @example const dsc = await importWebDsc(entry.der, { kid })
 */
export async function importWebDsc(
  certificate: Uint8Array | string,
  options: { kid?: Uint8Array } = {},
): Promise<Dsc<WebKey>> {
  const der = derOf(certificate)
  const fields = readX509Fields(der)
  const kid = options.kid ?? new Uint8Array((await crypto.subtle.digest('SHA-256', der.slice())).slice(0, 8))
  let publicKey: WebKey
  try {
    publicKey = await crypto.subtle.importKey('spki', fields.spki, webAlgorithm(fields), false, ['verify'])
  } catch (cause) {
    throw new HcertError('KEY', `The DSC's public key cannot be imported: ${(cause as Error).message}`, { cause })
  }
  return dscOf(kid, fields, publicKey)
}

/**
 * The synchronous check the trust-list sync makes of every served DSC, for the browser: the certificate parses and
 * its key is of a supported kind. The key stays the SPKI bytes (WebCrypto imports it later, asynchronously).
 */
export function importDsc(certificate: Uint8Array | string, options: { kid?: Uint8Array } = {}): Dsc<Uint8Array> {
  if (!options.kid) throw new HcertError('KEY', 'The browser build needs the served kid of a DSC')
  const fields = readX509Fields(derOf(certificate))
  return dscOf(options.kid, fields, fields.spki)
}

function dscOf<Key>(kid: Uint8Array, fields: X509Fields, publicKey: Key): Dsc<Key> {
  return {
    kid,
    kidBase64: kidToBase64(kid),
    publicKey,
    notBefore: fields.notBefore,
    notAfter: fields.notAfter,
    keyUsage: dccKeyUsage(fields.extendedKeyUsage),
    certificate: undefined,
  }
}

function derOf(certificate: Uint8Array | string): Uint8Array {
  if (typeof certificate !== 'string') return certificate
  try {
    return Uint8Array.from(atob(certificate.replace(/\s+/g, '')), (c) => c.charCodeAt(0))
  } catch (cause) {
    throw new HcertError('KEY', 'Not an X.509 certificate: the text is not base64', { cause })
  }
}

/** ES256 keys are ECDSA on their curve; PS256 keys are RSA-PSS with SHA-256 (RFC 8230). */
function webAlgorithm(fields: X509Fields): Parameters<typeof crypto.subtle.importKey>[2] {
  return fields.keyType === 'ec'
    ? { name: 'ECDSA', namedCurve: fields.namedCurve as string }
    : { name: 'RSA-PSS', hash: 'SHA-256' }
}
