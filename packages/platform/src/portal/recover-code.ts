/**
 * Lost-code recovery (issuance-and-io.md §4, `/spa/public/reqauth`): fiscal code + last 8 digits of the card + event
 * type + event date → the code is shown and sent again to the stored contacts.
 *
 * Codes are stored hashed only (`codeLookupHash`), so a lost code cannot be read back: the certificate gets a NEW code
 * of the same type, whose hash replaces the old one in the same transaction that queues the email and SMS carrying it.
 * The old code stops working at once (whoever found the lost SMS can no longer use it). The certificate itself, its
 * UVCI and its QR are unchanged. An IO message sent earlier carries the old code's hash and keeps opening the
 * certificate in the app (`certificateForIoMessage`: IO is reached through the citizen's own SPID/CIE session).
 */
import type { Kysely } from 'kysely'
import { type Certificate, type Database, enqueue, findCertificatesByFiscalCode, findPerson } from '../db/index.ts'
import { replaceCodeHash } from '../db/certificate-codes.ts'
import { withTransaction } from '../db/index.ts'
import {
  type CodeType,
  codeLookupHash,
  constantTimeEqual,
  generateCode,
  maskName,
  type RandomSource,
} from '../domain/index.ts'
import { emailText, SMS_SENDER, smsText } from '../notify/index.ts'
import { dccOf, type EventKind, eventDayOf, eventKindOf } from './certificate-facts.ts'

export interface LostCodeRequest {
  readonly fiscalCode: string
  readonly cardDigits: string
  readonly eventKind: EventKind
  /** `YYYY-MM-DD`. */
  readonly eventDate: string
}

export interface RecoveredCode {
  readonly certificate: Certificate
  readonly codeType: CodeType
  /** The new code, in clear: shown once on the page and queued in the notifications, stored nowhere else. */
  readonly code: string
  /** Notifications queued (0 when the person has no stored contact). */
  readonly notified: number
}

export interface RecoverCodeServices {
  readonly db: Kysely<Database>
  readonly codePepper: string
  readonly random: RandomSource
  readonly portalUrl: string
  readonly emailFrom: string
}

/** The new code of the certificate these facts identify, or undefined (same answer for every wrong combination). */
export async function recoverCode(
  services: RecoverCodeServices,
  input: LostCodeRequest,
  at: Date,
): Promise<RecoveredCode | undefined> {
  const fiscalCode = input.fiscalCode.trim().toUpperCase()
  const person = await findPerson(services.db, fiscalCode)
  const certificates = await findCertificatesByFiscalCode(services.db, fiscalCode)
  const certificate = certificateOfEvent(certificates, input.eventKind, input.eventDate)
  const checks = [
    constantTimeEqual(person?.tsNumber?.slice(-8) ?? 'xxxxxxxx', input.cardDigits),
    certificate !== undefined,
  ]
  if (!checks.every(Boolean) || person === undefined || certificate === undefined) return undefined

  const codeType = certificate.codeType as CodeType
  const code = generateCode(codeType, services.random)
  const codeHash = codeLookupHash(code, services.codePepper)
  const notice = {
    maskedName: maskName(person.givenName, person.familyName),
    codeType,
    code,
    portalUrl: services.portalUrl,
  }
  // Keyed by the new code's hash: each recovery is its own notification, and a retried delivery stays one message.
  const key = `${certificate.uvci}-${codeHash.slice(0, 16)}`
  const messages = [
    ...(person.email === null
      ? []
      : [
          {
            kind: 'email' as const,
            idempotencyKey: `email-code-${key}`,
            payload: { from: services.emailFrom, to: person.email, ...emailText(notice) },
          },
        ]),
    ...(person.phone === null
      ? []
      : [
          {
            kind: 'sms' as const,
            idempotencyKey: `sms-code-${key}`,
            payload: { from: SMS_SENDER, to: person.phone, text: smsText(notice) },
          },
        ]),
  ]
  const notified = await withTransaction(services.db, async (trx) => {
    await replaceCodeHash(trx, certificate.uvci, codeHash)
    return messages.length > 0 ? enqueue(trx, messages, at.getTime()) : 0
  })
  return { certificate: { ...certificate, codeHash }, codeType, code, notified }
}

/** The unrevoked certificate of that event; of several (re-issues), the current one, then the newest. */
function certificateOfEvent(
  certificates: readonly Certificate[],
  kind: EventKind,
  day: string,
): Certificate | undefined {
  const matching = certificates.filter((certificate) => {
    const dcc = dccOf(certificate)
    return certificate.revokedAt === null && eventKindOf(dcc) === kind && eventDayOf(dcc) === day
  })
  return matching.sort(
    (a, b) => Number(a.supersededBy !== null) - Number(b.supersededBy !== null) || b.issuedAt - a.issuedAt,
  )[0]
}
