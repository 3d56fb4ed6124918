import { join } from 'node:path'

/**
 * Where keys live in a keys folder. One PEM file per certificate and one per private key, named after the signer,
 * so an operator can see at a glance what is there and replace a single DSC by hand:
 *
 * ```
 * csca.crt.pem            csca.key.pem
 * dsc-ordinary.crt.pem    dsc-ordinary.key.pem
 * dsc-recovery.crt.pem    dsc-recovery.key.pem
 * ```
 */
export const CSCA_NAME = 'csca'

/** The DSC names `keys init` creates: `ordinary` signs every certificate but recovery bis, which `recovery` signs. */
export const DSC_NAMES = ['ordinary', 'recovery'] as const
export type DscName = (typeof DSC_NAMES)[number]

export const DSC_FILE_PREFIX = 'dsc-'
export const CERTIFICATE_SUFFIX = '.crt.pem'
export const PRIVATE_KEY_SUFFIX = '.key.pem'

/**
 * Italy's EU gateway credentials (issue 7), beside the signing keys: the UPLOAD certificate that signs every CMS Italy
 * uploads, and the AUTHENTICATION certificate of its mTLS connection.
 *
 * ```
 * gateway-upload.crt.pem  gateway-upload.key.pem
 * gateway-auth.crt.pem    gateway-auth.key.pem
 * ```
 */
export const GATEWAY_KEY_NAMES = { upload: 'gateway-upload', authentication: 'gateway-auth' } as const
export type GatewayKeyRole = keyof typeof GATEWAY_KEY_NAMES

/** Paths of the certificate and private key of a gateway credential in `dir`. */
export function gatewayKeyFiles(dir: string, role: GatewayKeyRole): { certificate: string; privateKey: string } {
  const base = GATEWAY_KEY_NAMES[role]
  return { certificate: join(dir, base + CERTIFICATE_SUFFIX), privateKey: join(dir, base + PRIVATE_KEY_SUFFIX) }
}

/** Paths of the certificate and private key of `name` (`csca` or a DSC name) in `dir`. */
export function keyFiles(dir: string, name: string): { certificate: string; privateKey: string } {
  const base = name === CSCA_NAME ? CSCA_NAME : DSC_FILE_PREFIX + name
  return { certificate: join(dir, base + CERTIFICATE_SUFFIX), privateKey: join(dir, base + PRIVATE_KEY_SUFFIX) }
}
