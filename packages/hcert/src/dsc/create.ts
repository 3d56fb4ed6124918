import 'reflect-metadata'
import type { KeyObject } from 'node:crypto'
import * as x509 from '@peculiar/x509'
import type { DccType } from '../dcc.ts'
import { KEY_USAGE_OID } from '../key-usage.ts'

x509.cryptoProvider.set(globalThis.crypto)

export interface CertificateRequest {
  /** Distinguished name, e.g. `C=IT, O=Ministero della Salute, CN=Italy DGC DSC 1`. */
  readonly subject: string
  readonly publicKey: KeyObject
  readonly notBefore: Date
  readonly notAfter: Date
  /** Serial number as hex; the caller picks it (no hidden randomness). */
  readonly serialNumber: string
  /** The issuer: its name and private key. Omitted → self-signed with `selfSigningKey`. */
  readonly issuer?: { readonly subject: string; readonly privateKey: KeyObject }
  readonly selfSigningKey?: KeyObject
  /** For a CSCA: basicConstraints cA=TRUE and keyCertSign. */
  readonly ca?: boolean
  /** DCC key-usage OIDs to carry (omitted: none, so the DSC may sign every type). */
  readonly dccTypes?: readonly DccType[]
}

/**
 * Makes an X.509 certificate (DER) for a CSCA or a DSC, signed with ECDSA-SHA256 or RSA-PSS-SHA256 depending on the
 * signing key. Used by key set-up and by tests; verification never needs it.
 *
 * @example const der = await createCertificate({ subject: 'C=IT, CN=DSC', publicKey, selfSigningKey: privateKey, … })
 */
export async function createCertificate(request: CertificateRequest): Promise<Uint8Array> {
  const signingKeyObject = request.issuer?.privateKey ?? request.selfSigningKey
  if (!signingKeyObject) throw new TypeError('createCertificate needs an issuer or a selfSigningKey')
  const signingAlgorithm = algorithmFor(signingKeyObject)
  const signingKey = signingKeyObject.toCryptoKey(signingAlgorithm.import, false, ['sign'])
  const publicKey = request.publicKey.toCryptoKey(algorithmFor(request.publicKey).import, true, ['verify'])
  const extensions: x509.Extension[] = [
    new x509.KeyUsagesExtension(
      request.ca ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign : x509.KeyUsageFlags.digitalSignature,
      true,
    ),
    await x509.SubjectKeyIdentifierExtension.create(publicKey),
  ]
  if (request.ca) extensions.push(new x509.BasicConstraintsExtension(true, 0, true))
  if (request.dccTypes?.length) {
    extensions.push(new x509.ExtendedKeyUsageExtension(request.dccTypes.map((type) => KEY_USAGE_OID[type])))
  }
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: request.serialNumber,
    subject: request.subject,
    issuer: request.issuer?.subject ?? request.subject,
    notBefore: request.notBefore,
    notAfter: request.notAfter,
    publicKey,
    signingKey,
    signingAlgorithm: signingAlgorithm.sign,
    extensions,
  })
  return new Uint8Array(certificate.rawData)
}

function algorithmFor(key: KeyObject) {
  if (key.asymmetricKeyType === 'ec') {
    const namedCurve = key.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 'P-384' : 'P-256'
    return { import: { name: 'ECDSA', namedCurve }, sign: { name: 'ECDSA', hash: 'SHA-256' } }
  }
  return {
    import: { name: 'RSA-PSS', hash: 'SHA-256' },
    sign: { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 },
  }
}
