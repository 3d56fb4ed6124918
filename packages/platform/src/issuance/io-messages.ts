import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { NewOutboxMessage } from '../db/index.ts'
import {
  type NewIoCertificate,
  ioCertificatesToResend,
  rearmIoMessages,
  insertIoCertificates,
  ioRecordsOf,
} from '../db/io-certificates.ts'
import type { Database } from '../db/schema.ts'
import { type Certificate, findCertificateByCodeHash, findCertificateByUvci } from '../db/certificates.ts'
import { codeLookupHashFromSha256, constantTimeEqual, normalizeCode } from '../domain/codes.ts'
import { type RandomSource, randomBytes } from '../domain/random.ts'
import { sha256Hex } from '../domain/fiscal-code.ts'

/**
 * The IO message of a certificate (issuance-and-io.md §2.5): a subject and a short text, and `eu_covid_cert.auth_code`,
 * the only thing that lets the app fetch the certificate. The `auth_code` is the SHA-256 (hex) of the citizen's code:
 * IO forwards it as `authCodeSHA256`, and the platform finds the certificate from it (`codeLookupHashFromSha256`),
 * so the clear code never reaches IO. The fiscal code must travel in clear here: IO's services API names its
 * recipients by it.
 */
export interface IoMessagePayload {
  readonly fiscal_code: string
  readonly time_to_live: number
  readonly content: {
    readonly subject: string
    readonly markdown: string
    readonly eu_covid_cert: { readonly auth_code: string }
  }
}

/** The outbox key of a certificate's IO message: one per certificate, re-armed (not duplicated) by a refresh. */
export const ioIdempotencyKey = (uvci: string): string => `io-${uvci}`

const SUBJECT: Readonly<Record<string, string>> = {
  v: 'Certificazione verde COVID-19 - vaccinazione',
  t: 'Certificazione verde COVID-19 - test',
  r: 'Certificazione verde COVID-19 - guarigione',
}
const MARKDOWN =
  'È disponibile la tua **Certificazione verde COVID-19**, emessa dal Ministero della Salute.\n\n' +
  'Apri il messaggio per vedere il QR code, i dettagli del certificato e salvarlo come immagine. ' +
  'Il certificato è verificato dalla Piattaforma nazionale-DGC ogni volta che lo apri.'

/** The IO message announcing one certificate. */
export function ioMessage(fiscalCode: string, kind: string, authCode: string): IoMessagePayload {
  return {
    fiscal_code: fiscalCode.toUpperCase(),
    // A week, the longest IO allows: IO keeps trying to deliver for as long as the citizen may not have opened the app.
    time_to_live: 604_800,
    content: {
      subject: SUBJECT[kind] ?? 'Certificazione verde COVID-19',
      markdown: MARKDOWN,
      eu_covid_cert: { auth_code: authCode },
    },
  }
}

/** What issuing one certificate adds for IO: its IO record and (when the platform talks to IO) the queued message. */
export interface IoDelivery {
  readonly record: NewIoCertificate
  readonly message: NewOutboxMessage | undefined
}

/**
 * The IO side of one issued certificate, made while the clear code is still at hand: the record that lets a later
 * refresh find it by hashed fiscal code and rebuild its message, and the outbox message itself when `queue` is true.
 *
 * @example const io = ioDelivery({ uvci, fiscalCode, kind: 'v', code }, { pepper, random, at, queue: true })
 */
export function ioDelivery(
  certificate: { readonly uvci: string; readonly fiscalCode: string; readonly kind: string; readonly code: string },
  options: { readonly pepper: string; readonly random: RandomSource; readonly at: Date; readonly queue: boolean },
): IoDelivery {
  const { pepper, at, queue } = options
  const authCode = ioAuthCode(certificate.code)
  return {
    record: {
      uvci: certificate.uvci,
      cfSha256: sha256Hex(certificate.fiscalCode.toUpperCase()),
      authCodeSealed: sealAuthCode(authCode, pepper, randomBytes(options.random, 12)),
      createdAt: at.getTime(),
    },
    message: queue
      ? {
          kind: 'io',
          idempotencyKey: ioIdempotencyKey(certificate.uvci),
          payload: ioMessage(certificate.fiscalCode, certificate.kind, authCode),
        }
      : undefined,
  }
}

/** Stores the IO records of certificates being issued (in the issuance transaction). */
export async function storeIoDeliveries(db: Kysely<Database>, deliveries: readonly IoDelivery[]): Promise<void> {
  if (deliveries.length > 0)
    await insertIoCertificates(
      db,
      deliveries.map((d) => d.record),
    )
}

/**
 * The refresh IO asks for when a citizen logs in for the first time (`service:subscribed`): the IO message of every
 * certificate of that hashed fiscal code that is still worth having (not revoked, not technically expired at `at`) is
 * queued again — the same outbox row re-armed, so IO's idempotency key drops a copy it already has. Returns how many.
 */
export async function refreshIoMessages(
  db: Kysely<Database>,
  cfSha256: string,
  pepper: string,
  at: Date,
): Promise<number> {
  const certificates = await ioCertificatesToResend(db, cfSha256.toLowerCase(), at.getTime())
  const messages = certificates.map((c) => ({
    idempotencyKey: ioIdempotencyKey(c.uvci),
    payload: ioMessage(c.fiscalCode, c.kind, openAuthCode(c.authCodeSealed, pepper)),
  }))
  await rearmIoMessages(db, messages, at.getTime())
  return messages.length
}

/**
 * The certificate an IO message opens, from the `authCodeSHA256` and `cfSHA256` IO forwards (both lower-case hex):
 * the one whose citizen code hashes to it — or, once the citizen has had that code replaced on the portal (lost code),
 * the one whose IO record still holds it for this fiscal code, so the message in the app keeps working. The IO
 * channel is authenticated by the citizen's own SPID/CIE session, which the fiscal-code match stands for; the old
 * code opens nothing on the portal any more.
 */
export async function certificateForIoMessage(
  db: Kysely<Database>,
  authCodeSha256: string,
  cfSha256: string,
  pepper: string,
): Promise<Certificate | undefined> {
  const byCode = await findCertificateByCodeHash(db, codeLookupHashFromSha256(authCodeSha256, pepper))
  if (byCode !== undefined && constantTimeEqual(sha256Hex(byCode.fiscalCode), cfSha256)) return byCode
  for (const record of await ioRecordsOf(db, cfSha256)) {
    if (constantTimeEqual(openAuthCode(record.authCodeSealed, pepper), authCodeSha256)) {
      return findCertificateByUvci(db, record.uvci)
    }
  }
  return undefined
}

/** The `auth_code` of a citizen code: SHA-256 hex of its normalised form (what `codeLookupHashFromSha256` takes). */
export function ioAuthCode(code: string): string {
  return sha256Hex(normalizeCode(code))
}

// AES-256-GCM under a key derived from the code pepper: iv (12) ‖ tag (16) ‖ ciphertext, base64url.
// The key is a KeyObject made once: handing node:crypto raw key bytes costs a key import on every seal.
const sealingKeys = new Map<string, KeyObject>()
function sealingKey(pepper: string): KeyObject {
  let key = sealingKeys.get(pepper)
  if (!key) {
    key = createSecretKey(Buffer.from(hkdfSync('sha256', pepper, 'greenpass-io', 'io-auth-code-sealing', 32)))
    sealingKeys.set(pepper, key)
  }
  return key
}

// The IV comes from the issuance's random source (drawn in blocks): a fresh 96-bit random IV per seal, as GCM needs.
function sealAuthCode(authCode: string, pepper: string, iv: Uint8Array): string {
  const cipher = createCipheriv('aes-256-gcm', sealingKey(pepper), iv)
  const sealed = Buffer.concat([cipher.update(authCode, 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')
}

function openAuthCode(sealed: string, pepper: string): string {
  const bytes = Buffer.from(sealed, 'base64url')
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(pepper), bytes.subarray(0, 12))
  decipher.setAuthTag(bytes.subarray(12, 28))
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')
}
