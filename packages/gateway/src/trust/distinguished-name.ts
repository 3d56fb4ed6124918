import { X509Certificate } from 'node:crypto'

/**
 * The `C` of a distinguished name as the TLS proxy sends it (`X-SSL-Client-DN`, possibly URL-encoded): split on `,`
 * (or `/` in OpenSSL's one-line form), then on `=`, keys upper-cased, as the reference gateway parses it (§2.1).
 * Undefined when there is no `C`.
 */
export function countryOfDn(dn: string): string | undefined {
  let text = dn
  if (text.includes('%')) {
    try {
      text = decodeURIComponent(text)
    } catch {
      return undefined
    }
  }
  for (const part of text.split(/[,/]/)) {
    const [key, ...rest] = part.split('=')
    if (key?.trim().toUpperCase() === 'C') {
      const value = rest.join('=').trim()
      return value === '' ? undefined : value
    }
  }
  return undefined
}

/** Every `C=` value of a certificate's subject (a DSC must have exactly one, §2.5 check 3). */
export function subjectCountries(certificate: X509Certificate): string[] {
  return certificate.subject
    .split('\n')
    .filter((line) => line.startsWith('C='))
    .map((line) => line.slice(2))
}
