import { applyItalianRules, type KeyUsage, parseSettings, ScanMode, type SettingRow, Status } from '@greenpass/rules'
import type { Kysely } from 'kysely'
import { appendAudit } from '../db/audit.ts'
import { findCertificatesByFiscalCodes } from '../db/certificates.ts'
import type { Database } from '../db/schema.ts'
import { getAllSettings } from '../db/settings.ts'
import { withTransaction } from '../db/transaction.ts'
import { type FiscalCode, fiscalCodeProblems, hashFiscalCode } from '../domain/fiscal-code.ts'
import { dccOf } from '../portal/certificate-facts.ts'
import type { Employer } from './employers.ts'

/** The certificate levels an employer may ask about, and the scan mode each is judged in. */
export const STAFF_CHECK_LEVELS = {
  BASE: ScanMode.BASE,
  RAFFORZATA: ScanMode.STRENGTHENED,
  BOOSTER: ScanMode.BOOSTER,
} as const
export type StaffCheckLevel = keyof typeof STAFF_CHECK_LEVELS

/**
 * One row of the answer: the fiscal code as sent and whether that person holds a certificate valid now at the level,
 * and nothing more (no certificate type, no dates, no health data); or, for a malformed code, why.
 */
export type StaffCheckRow =
  { readonly fiscalCode: string; readonly valid: boolean } | { readonly fiscalCode: string; readonly error: string }

export interface StaffCheckInput {
  readonly employer: Employer
  readonly level: StaffCheckLevel
  /** As sent, one per row. */
  readonly fiscalCodes: readonly string[]
  readonly now: Date
  /** The platform's secret for keyed fiscal-code hashes: the audit log never holds a fiscal code in clear. */
  readonly pepper: string
  /** The DCC key usage of the platform's DSC with this kid (decides recovery bis); `'any'` when unknown. */
  readonly keyUsageOf: (kid: string) => KeyUsage
}

/**
 * Checks a staff list (F18): for each well-formed fiscal code, whether one of the person's certificates that is
 * neither revoked nor outside its CWT validity is VALID under the Italian rules of the level's mode at `now`,
 * with the platform's current settings (blacklist included). Every person checked gets an audit record (actor the
 * employer, subject the keyed hash of the fiscal code, the level and the answer), written in one transaction with
 * nothing else: either the whole check is recorded or the employer gets no answer.
 */
export async function checkStaff(db: Kysely<Database>, input: StaffCheckInput): Promise<StaffCheckRow[]> {
  const mode = STAFF_CHECK_LEVELS[input.level]
  const settings = parseSettings((await getAllSettings(db)) as SettingRow[])
  const parsed = input.fiscalCodes.map((sent) => {
    const problem = fiscalCodeProblems(sent)[0]
    return { sent, code: problem ? null : (sent.trim().toUpperCase() as FiscalCode), error: problem?.code }
  })
  const codes = [...new Set(parsed.flatMap((row) => (row.code === null ? [] : [row.code])))]
  const at = input.now.getTime()
  // CWT claims are stored as issued: seconds.
  const atSeconds = at / 1000
  const validHolders = new Set<string>()
  for (const certificate of await findCertificatesByFiscalCodes(db, codes)) {
    if (certificate.revokedAt !== null || certificate.iat > atSeconds || certificate.exp < atSeconds) continue
    const { status } = applyItalianRules({
      dcc: dccOf(certificate) as unknown as Record<string, unknown>,
      keyUsage: input.keyUsageOf(certificate.signer),
      settings,
      at: input.now,
      mode,
    })
    if (status === Status.VALID) validHolders.add(certificate.fiscalCode.toUpperCase())
  }
  const rows: StaffCheckRow[] = parsed.map((row) =>
    row.code === null
      ? { fiscalCode: row.sent, error: row.error as string }
      : { fiscalCode: row.sent, valid: validHolders.has(row.code) },
  )
  await withTransaction(db, async (trx) => {
    for (const code of codes) {
      await appendAudit(trx, {
        at,
        actor: `employer:${input.employer.id}`,
        action: 'employer.staff-check',
        subject: hashFiscalCode(code, input.pepper),
        details: { level: input.level, valid: validHolders.has(code) },
      })
    }
  })
  return rows
}
