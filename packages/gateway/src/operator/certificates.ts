import 'reflect-metadata'
import { generateKeyPairSync, type KeyObject, X509Certificate } from 'node:crypto'
import { createCertificate } from '@greenpass/hcert'
import * as x509 from '@peculiar/x509'

x509.cryptoProvider.set(globalThis.crypto)

/** The DOM `CryptoKey` @peculiar/x509 is typed with (Node's own type differs only in its usage list). */
type WebCryptoKey = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys']['privateKey']

/** A certificate (DER and PEM) with its private key. */
export interface KeyPairCertificate {
  /** The subject as given (`C=DE, O=…, CN=…`), the form an issuer's name is passed in. */
  readonly subject: string
  readonly der: Uint8Array
  readonly pem: string
  readonly privateKey: KeyObject
  readonly privateKeyPem: string
}

export interface CertificateSpec {
  readonly subject: string
  readonly notBefore: Date
  readonly notAfter: Date
  /** Hex serial number (the caller's randomness). */
  readonly serialNumber: string
  /** The issuer; absent → self-signed. */
  readonly issuer?: { readonly subject: string; readonly privateKey: KeyObject }
  readonly ca?: boolean
}

/**
 * A new EC P-256 key and a certificate for it, through hcert's `createCertificate`: trust anchors and CSCAs (`ca`),
 * UPLOAD, AUTHENTICATION and DSC certificates.
 */
export async function makeCertificate(spec: CertificateSpec): Promise<KeyPairCertificate> {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const der = await createCertificate({
    subject: spec.subject,
    publicKey: keys.publicKey,
    notBefore: spec.notBefore,
    notAfter: spec.notAfter,
    serialNumber: spec.serialNumber,
    ...(spec.issuer ? { issuer: spec.issuer } : { selfSigningKey: keys.privateKey }),
    ...(spec.ca ? { ca: true } : {}),
  })
  return withPem(spec.subject, der, keys.privateKey)
}

/**
 * A self-signed TLS server certificate for the gateway's listener, with the host names and IP addresses clients
 * connect to as subjectAltNames (Node checks them) and the serverAuth extended key usage.
 */
export async function makeTlsServerCertificate(
  spec: Omit<CertificateSpec, 'issuer' | 'ca'> & {
    readonly dnsNames: readonly string[]
    readonly ips: readonly string[]
  },
): Promise<KeyPairCertificate> {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' }
  const publicKey = keys.publicKey.toCryptoKey(algorithm, true, ['verify']) as unknown as WebCryptoKey
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: spec.serialNumber,
    name: spec.subject,
    notBefore: spec.notBefore,
    notAfter: spec.notAfter,
    keys: { publicKey, privateKey: keys.privateKey.toCryptoKey(algorithm, false, ['sign']) as unknown as WebCryptoKey },
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...spec.dnsNames.map((value) => ({ type: 'dns' as const, value })),
        ...spec.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
    ],
  })
  return withPem(spec.subject, new Uint8Array(certificate.rawData), keys.privateKey)
}

function withPem(subject: string, der: Uint8Array, privateKey: KeyObject): KeyPairCertificate {
  return {
    subject,
    der,
    pem: new X509Certificate(der).toString(),
    privateKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  }
}
