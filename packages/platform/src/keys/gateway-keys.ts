import { generateKeyPairSync, createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto'
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { createCertificate } from '@greenpass/hcert'
import { KeyError } from './errors.ts'
import { GATEWAY_KEY_NAMES, type GatewayKeyRole, gatewayKeyFiles } from './layout.ts'

/** Validity of the gateway credentials: two years, re-onboarded at the gateway when renewed. */
export const GATEWAY_KEY_VALIDITY_DAYS = 730
const DAY_MS = 86_400_000

export interface InitGatewayKeysOptions {
  readonly dir: string
  readonly now: Date
  readonly country?: string
  readonly random: (n: number) => Uint8Array
  /** Replace existing credentials; without it existing files are a `KEYS_EXIST` error. */
  readonly force?: boolean
}

/** A gateway credential as made or read: its certificate (DER, PEM) and private key. */
export interface GatewayKey {
  readonly role: GatewayKeyRole
  readonly subject: string
  readonly der: Uint8Array
  readonly certificatePem: string
  readonly privateKey: KeyObject
  readonly privateKeyPem: string
  readonly notBefore: Date
  readonly notAfter: Date
  readonly certificatePath: string
}

/**
 * Makes Italy's gateway UPLOAD and AUTHENTICATION certificates (self-signed EC P-256, `C=IT`), written like the other
 * keys (certificates PEM, private keys PKCS#8 mode 0600). Both are generated before anything is written.
 *
 * @example const [upload, authentication] = await initGatewayKeys({ dir: 'data/keys', now: new Date(), random })
 */
export async function initGatewayKeys(options: InitGatewayKeysOptions): Promise<GatewayKey[]> {
  const country = options.country ?? 'IT'
  const roles = Object.keys(GATEWAY_KEY_NAMES) as GatewayKeyRole[]
  if (!options.force) {
    const existing = roles
      .map((role) => gatewayKeyFiles(options.dir, role).certificate)
      .filter((path) => existsSync(path))
    if (existing.length > 0) {
      throw new KeyError(
        'KEYS_EXIST',
        `Gateway keys already exist (${existing.join(', ')}); use force to replace them`,
        {
          path: existing[0],
        },
      )
    }
  }
  const notBefore = new Date(Math.floor(options.now.getTime() / 1000) * 1000)
  const notAfter = new Date(notBefore.getTime() + GATEWAY_KEY_VALIDITY_DAYS * DAY_MS)
  const made: GatewayKey[] = []
  for (const role of roles) {
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const label = role === 'upload' ? 'UPLOAD' : 'AUTHENTICATION'
    const subject = `C=${country}, O=Ministero della Salute, CN=greenpass ${country} DGCG ${label} TEST`
    const serial = Uint8Array.from(options.random(16))
    serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01
    const der = await createCertificate({
      subject,
      publicKey: keys.publicKey,
      selfSigningKey: keys.privateKey,
      notBefore,
      notAfter,
      serialNumber: Buffer.from(serial).toString('hex'),
    })
    made.push({
      role,
      subject,
      der,
      certificatePem: new X509Certificate(der).toString(),
      privateKey: keys.privateKey,
      privateKeyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      notBefore,
      notAfter,
      certificatePath: gatewayKeyFiles(options.dir, role).certificate,
    })
  }
  await mkdir(options.dir, { recursive: true, mode: 0o700 })
  for (const key of made) {
    const files = gatewayKeyFiles(options.dir, key.role)
    await rm(files.privateKey, { force: true })
    await writeFile(files.privateKey, key.privateKeyPem, { mode: 0o600, flag: 'wx' })
    await chmod(files.privateKey, 0o600)
    await writeFile(files.certificate, key.certificatePem, { mode: 0o644 })
  }
  return made
}

/** Reads the gateway credentials of a keys folder; `KEYS_MISSING` when `keys init` has not made them. */
export async function readGatewayKeys(dir: string): Promise<Record<GatewayKeyRole, GatewayKey>> {
  const read = async (role: GatewayKeyRole): Promise<GatewayKey> => {
    const files = gatewayKeyFiles(dir, role)
    let pem: string
    let keyPem: string
    try {
      pem = await readFile(files.certificate, 'utf8')
      keyPem = await readFile(files.privateKey, 'utf8')
    } catch (cause) {
      throw new KeyError('KEYS_MISSING', `No gateway ${role} credential in ${dir}: run greenpass keys init`, {
        cause,
        path: files.certificate,
      })
    }
    const certificate = new X509Certificate(pem)
    const privateKey = createPrivateKey(keyPem)
    if (!certificate.checkPrivateKey(privateKey)) {
      throw new KeyError('KEY_INVALID', `The gateway ${role} key does not match its certificate`, {
        path: files.privateKey,
      })
    }
    return {
      role,
      subject: certificate.subject.replaceAll('\n', ', '),
      der: new Uint8Array(certificate.raw),
      certificatePem: pem,
      privateKey,
      privateKeyPem: keyPem,
      notBefore: certificate.validFromDate,
      notAfter: certificate.validToDate,
      certificatePath: files.certificate,
    }
  }
  return { upload: await read('upload'), authentication: await read('authentication') }
}
