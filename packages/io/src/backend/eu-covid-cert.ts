import { type Dcc, decodeHc1, readQr } from '@greenpass/hcert'
import { IoProblem } from '../problem.ts'
import { sha256Hex } from '../sha256.ts'
import { detailMarkdown, HEADER, type HeaderInfo, infoMarkdown, uvciOf } from './certificate-markdown.ts'
import { type CertificateLanguage, certificateLanguage } from './language.ts'
import { type PlatformClient, PlatformError } from './platform-client.ts'

/** The certificate as the app gets it (issuance-and-io.md §2.3), discriminated by `status`. */
export type Certificate =
  | {
      status: 'valid'
      qr_code: { mime_type: 'image/png'; content: string }
      header_info: HeaderInfo
      uvci?: string
      info?: string
      detail?: string
    }
  | { status: 'revoked'; header_info: HeaderInfo; uvci?: string; info?: string; revoked_on?: string }
  | { status: 'expired'; header_info: HeaderInfo; info: string; uvci?: string }

const REVOKED: Readonly<Record<CertificateLanguage, (on: string | undefined, reason: string | undefined) => string>> = {
  it: (on, reason) =>
    `Il certificato non è valido: è stato revocato${on ? ` il ${on}` : ''}.${reason ? `\n\nMotivo: **${reason}**` : ''}`,
  en: (on, reason) =>
    `Your certificate is not valid: it was revoked${on ? ` on ${on}` : ''}.${reason ? `\n\nReason: **${reason}**` : ''}`,
  de: (on, reason) =>
    `Ihr Zertifikat ist nicht gültig: Es wurde${on ? ` am ${on}` : ''} widerrufen.${reason ? `\n\nGrund: **${reason}**` : ''}`,
}
const EXPIRED: Readonly<Record<CertificateLanguage, (on: string | undefined) => string>> = {
  it: (on) => `Il certificato è scaduto${on ? ` il ${on}` : ''}.`,
  en: (on) => `Your certificate has expired${on ? ` on ${on}` : ''}.`,
  de: (on) => `Ihr Zertifikat ist${on ? ` am ${on}` : ''} abgelaufen.`,
}

/** SHA-256 hex of a fiscal code, the only form in which IO names a citizen to the platform. */
export function cfSha256(fiscalCode: string): string {
  return sha256Hex(fiscalCode.toUpperCase())
}

/**
 * Asks the platform for the certificate behind a message's `auth_code`, for the citizen of the session, and maps the
 * answer as IO does (§2.3, §2.4): valid → the QR and its texts; revoked/expired → when (and why); no certificate for
 * this code and citizen → 403; a malformed code → 400; the platform slow or down → 504; anything else → 500.
 */
export async function fetchCertificate(
  platform: PlatformClient,
  request: { authCode: string; fiscalCode: string; preferredLanguages: readonly string[] | undefined },
): Promise<Certificate> {
  const language = certificateLanguage(request.preferredLanguages)
  const header_info = HEADER[language]
  let answer
  try {
    answer = await platform.getCertificate(request.authCode, cfSha256(request.fiscalCode))
  } catch (error) {
    if (error instanceof PlatformError && error.code !== 'PLATFORM_FAILED') {
      throw new IoProblem(504, 'PLATFORM_TIMEOUT', 'DGC took too long')
    }
    throw error
  }
  switch (answer.status) {
    case 'valid': {
      const dcc = await decodeQr(answer.qrPng)
      const content = Buffer.from(answer.qrPng).toString('base64')
      if (!dcc) return { status: 'valid', qr_code: { mime_type: 'image/png', content }, header_info, uvci: answer.uvci }
      const uvci = uvciOf(dcc) ?? answer.uvci
      return {
        status: 'valid',
        qr_code: { mime_type: 'image/png', content },
        header_info,
        uvci,
        info: infoMarkdown(dcc, language, uvci),
        detail: detailMarkdown(dcc, language, answer.fglTipoDgc),
      }
    }
    case 'revoked':
      return {
        status: 'revoked',
        header_info,
        ...(answer.uvci ? { uvci: answer.uvci } : {}),
        info: REVOKED[language](romeDay(answer.revokedAt, language), answer.reason),
        ...(answer.revokedAt ? { revoked_on: answer.revokedAt } : {}),
      }
    case 'expired':
      return {
        status: 'expired',
        header_info,
        ...(answer.uvci ? { uvci: answer.uvci } : {}),
        info: EXPIRED[language](romeDay(answer.expiredAt, language)),
      }
    case 'not-found':
      throw new IoProblem(403, 'CERTIFICATE_NOT_FOUND', 'Not Found: access data invalid or no certificate emitted')
    case 'bad-request':
      throw new IoProblem(400, 'PAYLOAD_BAD_FORMAT', 'Payload has bad format')
  }
}

/** The DCC inside the platform's QR image, or undefined when it cannot be read (the QR is still shown). */
async function decodeQr(png: Uint8Array): Promise<Dcc | undefined> {
  try {
    return decodeHc1(await readQr(png)).cwt.dcc as Dcc
  } catch {
    return undefined
  }
}

function romeDay(iso: string | undefined, language: CertificateLanguage): string | undefined {
  if (!iso || Number.isNaN(Date.parse(iso))) return undefined
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date(iso)).split('-')
  return language === 'it' ? `${d}-${m}-${y}` : `${y}-${m}-${d}`
}
