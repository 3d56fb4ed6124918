import { createPrivateKey, type KeyObject, sign, X509Certificate } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import {
  type CoseAlgorithm,
  type CoseSigner,
  type DccType,
  dccKeyUsage,
  ES256,
  kidOf,
  kidToBase64,
  PS256,
} from '@greenpass/hcert'
import { KeyError } from './errors.ts'
import { CERTIFICATE_SUFFIX, CSCA_NAME, DSC_FILE_PREFIX, keyFiles } from './layout.ts'

/** A certificate the store holds (the CSCA or a DSC), as the verifier-facing API and the gateway upload need it. */
export interface StoredCertificate {
  /** `csca`, or the DSC's name (`ordinary`, `recovery`, …). */
  readonly name: string
  readonly role: 'csca' | 'dsc'
  readonly der: Uint8Array
  /** kid, 8 bytes (SHA-256 of the DER, truncated). */
  readonly kid: Uint8Array
  /** The kid as trust lists write it (base64). */
  readonly kidBase64: string
  readonly subject: string
  readonly notBefore: Date
  readonly notAfter: Date
  /** DCC key usage: the types the DSC may sign, or `'any'` when it carries no DCC OID. */
  readonly keyUsage: ReadonlySet<DccType> | 'any'
}

/**
 * A DSC able to sign. The private key never needs to leave the store: `sign` is all an HSM has to offer. An in-process
 * store also hands out `coseSigner`, hcert's `{alg, privateKey, kid}`, so issuance can use `signDcc`/`encodeHc1`
 * directly on its hot path.
 */
export interface DocumentSigner {
  readonly name: string
  readonly alg: CoseAlgorithm
  readonly kid: Uint8Array
  readonly kidBase64: string
  readonly certificate: StoredCertificate
  /** The DSC's notAfter: no certificate it signs may have a CWT `exp` after it. */
  readonly notAfter: Date
  /**
   * The COSE signature over `toBeSigned` (a Sig_structure): raw `r‖s` (IEEE P1363) for ES256, RSASSA-PSS for PS256.
   */
  sign(toBeSigned: Uint8Array): Promise<Uint8Array>
  /** Present when the private key is in this process (file store); absent from an HSM. */
  readonly coseSigner?: CoseSigner
}

/**
 * Where the platform's signing keys live. The file store below is the default; an HSM-backed store implements the
 * same two calls.
 */
export interface KeyStore {
  /** The DSC signer of that name; a `KEY_UNKNOWN` error when there is none. */
  signer(name: string): DocumentSigner
  /** Every certificate held: the CSCA first (when the store has it), then the DSCs by name. */
  certificates(): readonly StoredCertificate[]
}

/**
 * Opens a keys folder written by `initKeys` (or by hand, with the same file names): every `dsc-<name>.crt.pem` with
 * its `dsc-<name>.key.pem` becomes a signer, and `csca.crt.pem` is listed when present (its private key is not read:
 * signing DSCs is not the platform's job at run time). A private key that does not match its certificate is refused.
 *
 * @example
 * const store = await openFileKeyStore('data/keys')
 * const cose = encodeHc1(dcc, { signer: store.signer('ordinary').coseSigner!, iss: 'IT', iat, exp })
 */
export async function openFileKeyStore(dir: string): Promise<KeyStore> {
  let entries: string[]
  try {
    entries = await readdir(dir)
  } catch (cause) {
    throw new KeyError('KEYS_MISSING', `No keys folder at ${dir}: run greenpass keys init`, { cause, path: dir })
  }
  const dscNames = entries
    .filter((file) => file.startsWith(DSC_FILE_PREFIX) && file.endsWith(CERTIFICATE_SUFFIX))
    .map((file) => file.slice(DSC_FILE_PREFIX.length, -CERTIFICATE_SUFFIX.length))
    .sort()
  if (dscNames.length === 0) {
    throw new KeyError('KEYS_MISSING', `No DSC in ${dir}: run greenpass keys init`, { path: dir })
  }
  const certificates: StoredCertificate[] = []
  if (entries.includes(CSCA_NAME + CERTIFICATE_SUFFIX)) {
    certificates.push(await readCertificate(keyFiles(dir, CSCA_NAME).certificate, CSCA_NAME, 'csca'))
  }
  const signers = new Map<string, DocumentSigner>()
  for (const name of dscNames) {
    const files = keyFiles(dir, name)
    const certificate = await readCertificate(files.certificate, name, 'dsc')
    const privateKey = await readPrivateKey(files.privateKey)
    signers.set(name, inProcessSigner(certificate, privateKey, files.privateKey))
    certificates.push(certificate)
  }
  return {
    signer(name) {
      const signer = signers.get(name)
      if (!signer) {
        throw new KeyError('KEY_UNKNOWN', `No signer named ${name} (there are: ${[...signers.keys()].join(', ')})`)
      }
      return signer
    },
    certificates: () => certificates,
  }
}

/**
 * A `DocumentSigner` over a private key held in this process, checked against its certificate (a mismatched pair
 * would sign certificates nobody can verify, which is worse than refusing to start).
 */
export function inProcessSigner(
  certificate: StoredCertificate,
  privateKey: KeyObject,
  path = certificate.name,
): DocumentSigner {
  const x509 = new X509Certificate(certificate.der)
  if (!x509.checkPrivateKey(privateKey)) {
    throw new KeyError('KEY_INVALID', `The private key of ${certificate.name} does not match its certificate`, { path })
  }
  const type = privateKey.asymmetricKeyType
  const alg: CoseAlgorithm = type === 'ec' ? ES256 : PS256
  if (type !== 'ec' && type !== 'rsa' && type !== 'rsa-pss') {
    throw new KeyError('KEY_INVALID', `${certificate.name}: a ${type} key cannot sign ES256 or PS256`, { path })
  }
  // Same parameters as hcert's cryptoParameters: raw r‖s for ECDSA, PSS with a 32-byte salt for RSA.
  const options =
    alg === ES256
      ? { key: privateKey, dsaEncoding: 'ieee-p1363' as const }
      : { key: privateKey, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 }
  return {
    name: certificate.name,
    alg,
    kid: certificate.kid,
    kidBase64: certificate.kidBase64,
    certificate,
    notAfter: certificate.notAfter,
    sign: async (toBeSigned) => new Uint8Array(sign('sha256', toBeSigned, options)),
    coseSigner: { alg, privateKey, kid: certificate.kid },
  }
}

/** Parses a certificate (PEM or DER) into a `StoredCertificate`. */
export function storedCertificate(input: Uint8Array | string, name: string, role: 'csca' | 'dsc'): StoredCertificate {
  const x509 = new X509Certificate(input)
  const der = new Uint8Array(x509.raw)
  const kid = kidOf(der)
  return {
    name,
    role,
    der,
    kid,
    kidBase64: kidToBase64(kid),
    subject: x509.subject.replaceAll('\n', ', '),
    notBefore: x509.validFromDate,
    notAfter: x509.validToDate,
    keyUsage: role === 'csca' ? new Set() : dccKeyUsage(x509.keyUsage),
  }
}

async function readCertificate(path: string, name: string, role: 'csca' | 'dsc'): Promise<StoredCertificate> {
  let pem: string
  try {
    pem = await readFile(path, 'utf8')
  } catch (cause) {
    throw new KeyError('KEYS_MISSING', `Cannot read ${path}`, { cause, path })
  }
  try {
    return storedCertificate(pem, name, role)
  } catch (cause) {
    throw new KeyError('KEY_INVALID', `${path} is not an X.509 certificate`, { cause, path })
  }
}

async function readPrivateKey(path: string): Promise<KeyObject> {
  let pem: string
  try {
    pem = await readFile(path, 'utf8')
  } catch (cause) {
    throw new KeyError('KEYS_MISSING', `Cannot read the private key ${path}`, { cause, path })
  }
  try {
    return createPrivateKey(pem)
  } catch (cause) {
    throw new KeyError('KEY_INVALID', `${path} is not a PEM private key`, { cause, path })
  }
}
