import { generateKeyPairSync, type KeyObject, X509Certificate } from 'node:crypto'
import { access, chmod, mkdir, rm, writeFile } from 'node:fs/promises'
import { createCertificate, type DccType, kidOf, kidToBase64 } from '@greenpass/hcert'
import { KeyError } from './errors.ts'
import { CSCA_NAME, DSC_NAMES, type DscName, keyFiles } from './layout.ts'

/** The longest a DSC made here is valid: 18 months, the technical validity of a vaccination certificate. */
export const DSC_MAX_VALIDITY_DAYS = 540
/** The test CSCA's validity: the 4 years the governance guide recommends, so it outlives every DSC it signs. */
export const CSCA_VALIDITY_DAYS = 4 * 365 + 1

const DAY_MS = 86_400_000

export interface InitKeysOptions {
  /** The keys folder; created (mode 0700) when missing. */
  readonly dir: string
  /** The instant the certificates start; validity is counted from it. */
  readonly now: Date
  /** ISO 3166-1 alpha-2 country of the subjects (`C=`). */
  readonly country?: string
  /** `n` random bytes: serial numbers come from it. Key material always comes from the OS generator. */
  readonly random: (n: number) => Uint8Array
  /** Overwrite existing key files (without it, any existing file is a `KEYS_EXIST` error and nothing is written). */
  readonly force?: boolean
  /** DSC validity in days, at most (and by default) 540. */
  readonly dscValidityDays?: number
}

/** What `initKeys` made: one entry per certificate, CSCA first. */
export interface InitializedKey {
  readonly name: string
  readonly role: 'csca' | 'dsc'
  readonly subject: string
  /** kid (base64 of the first 8 bytes of SHA-256 of the DER), as trust lists write it. */
  readonly kid: string
  readonly notBefore: Date
  readonly notAfter: Date
  /** DCC key-usage types carried, or `'any'` when the DSC carries no DCC OID. */
  readonly keyUsage: readonly DccType[] | 'any'
  readonly certificatePath: string
  readonly privateKeyPath: string
}

/**
 * Which DCC key-usage OIDs each DSC carries.
 *
 * `ordinary` carries none, on purpose: a DSC with no DCC OID may sign every type, while one carrying the recovery OID
 * makes every Italian recovery it signs a "recovery bis" for verifiers (`isRecoveryBis` in rules). Carrying all three
 * OIDs would therefore turn ordinary recoveries into bis ones. `recovery` carries only the recovery OID, which is what
 * marks a recovery after vaccination.
 */
const DSC_KEY_USAGE: Readonly<Record<DscName, readonly DccType[]>> = { ordinary: [], recovery: ['r'] }

/**
 * Makes a test CSCA (self-signed, cA, keyCertSign) and the `ordinary` and `recovery` DSCs it signs, all EC P-256,
 * and writes them to `dir`: certificates as PEM, private keys as PKCS#8 PEM with mode 0600. Everything is generated
 * before the first file is written, so a refusal or a failure leaves no half-made key set behind it.
 *
 * @example
 * const keys = await initKeys({ dir: 'data/keys', now: new Date(), random: (n) => randomBytes(n) })
 * keys.map((key) => `${key.name} ${key.kid} until ${key.notAfter.toISOString()}`)
 */
export async function initKeys(options: InitKeysOptions): Promise<InitializedKey[]> {
  const { dir, random } = options
  const country = options.country ?? 'IT'
  if (!/^[A-Z]{2}$/.test(country)) throw new TypeError(`country must be ISO 3166-1 alpha-2, not ${country}`)
  const dscDays = options.dscValidityDays ?? DSC_MAX_VALIDITY_DAYS
  if (!(dscDays > 0 && dscDays <= DSC_MAX_VALIDITY_DAYS)) {
    throw new TypeError(`DSC validity must be 1 to ${DSC_MAX_VALIDITY_DAYS} days, not ${dscDays}`)
  }
  // X.509 times have whole seconds: dropping the milliseconds here keeps notAfter - notBefore exactly the days asked.
  const notBefore = new Date(Math.floor(options.now.getTime() / 1000) * 1000)
  if (Number.isNaN(notBefore.getTime())) throw new TypeError('now is not a valid instant')

  const names = [CSCA_NAME, ...DSC_NAMES]
  if (!options.force) {
    const existing = await existingFiles(names.flatMap((name) => Object.values(keyFiles(dir, name))))
    if (existing.length > 0) {
      throw new KeyError('KEYS_EXIST', `Keys already exist (${existing.join(', ')}); use force to replace them`, {
        path: existing[0],
      })
    }
  }

  const organisation = country === 'IT' ? 'Ministero della Salute' : 'greenpass'
  const csca = newKeyPair()
  const cscaSubject = `C=${country}, O=${organisation}, CN=greenpass ${country} DGC CSCA TEST`
  const cscaNotAfter = new Date(notBefore.getTime() + CSCA_VALIDITY_DAYS * DAY_MS)
  const cscaDer = await createCertificate({
    subject: cscaSubject,
    publicKey: csca.publicKey,
    selfSigningKey: csca.privateKey,
    notBefore,
    notAfter: cscaNotAfter,
    serialNumber: serialNumber(random),
    ca: true,
  })
  const made: MadeKey[] = [{ name: CSCA_NAME, role: 'csca', subject: cscaSubject, der: cscaDer, keys: csca, usage: [] }]
  const dscNotAfter = new Date(notBefore.getTime() + dscDays * DAY_MS)
  for (const name of DSC_NAMES) {
    const keys = newKeyPair()
    const subject = `C=${country}, O=${organisation}, CN=greenpass ${country} DGC DSC TEST ${name}`
    const usage = DSC_KEY_USAGE[name]
    const der = await createCertificate({
      subject,
      publicKey: keys.publicKey,
      issuer: { subject: cscaSubject, privateKey: csca.privateKey },
      notBefore,
      notAfter: dscNotAfter,
      serialNumber: serialNumber(random),
      dccTypes: usage,
    })
    made.push({ name, role: 'dsc', subject, der, keys, usage })
  }

  await mkdir(dir, { recursive: true, mode: 0o700 })
  const result: InitializedKey[] = []
  for (const key of made) {
    const files = keyFiles(dir, key.name)
    const pem = new X509Certificate(key.der).toString()
    const privatePem = key.keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    await writePrivate(files.privateKey, privatePem, options.force === true)
    await writeFile(files.certificate, pem, { mode: 0o644 })
    result.push({
      name: key.name,
      role: key.role,
      subject: key.subject,
      kid: kidToBase64(kidOf(key.der)),
      notBefore,
      notAfter: key.role === 'csca' ? cscaNotAfter : dscNotAfter,
      keyUsage: key.role === 'dsc' && key.usage.length === 0 ? 'any' : key.usage,
      certificatePath: files.certificate,
      privateKeyPath: files.privateKey,
    })
  }
  return result
}

interface MadeKey {
  readonly name: string
  readonly role: 'csca' | 'dsc'
  readonly subject: string
  readonly der: Uint8Array
  readonly keys: { publicKey: KeyObject; privateKey: KeyObject }
  readonly usage: readonly DccType[]
}

function newKeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  // P-256 (prime256v1): the curve the issuer quality checks ask for, signed as ES256.
  return generateKeyPairSync('ec', { namedCurve: 'P-256' })
}

/** A positive, non-zero 16-byte serial (RFC 5280 §4.1.2.2 allows 20 octets; the top bit clear keeps it positive). */
function serialNumber(random: (n: number) => Uint8Array): string {
  const bytes = Uint8Array.from(random(16))
  if (bytes.length !== 16) throw new TypeError('random(16) must return 16 bytes')
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01
  return Buffer.from(bytes).toString('hex')
}

async function existingFiles(paths: readonly string[]): Promise<string[]> {
  const found: string[] = []
  for (const path of paths) {
    try {
      await access(path)
      found.push(path)
    } catch {
      // absent: fine
    }
  }
  return found
}

/**
 * Writes a private key readable by its owner only. The file is created with mode 0600 (`wx`, so an existing file is
 * never opened with wider permissions); with `force` the old file is removed first rather than truncated in place.
 */
async function writePrivate(path: string, pem: string, force: boolean): Promise<void> {
  if (force) await rm(path, { force: true })
  await writeFile(path, pem, { mode: 0o600, flag: 'wx' })
  // The umask can only remove bits, but a chmod makes the mode explicit whatever the umask.
  await chmod(path, 0o600)
}
