import type { Dcc } from '@greenpass/hcert'
import type { Certificate } from '../db/index.ts'
import { romeDate } from './language.ts'

/** The kind of event a certificate records, as the lost-code form asks for it. */
export type EventKind = 'vaccination' | 'test' | 'recovery'

/** The DCC payload of a stored certificate (kept beside its signed `HC1:` when it was issued). */
export function dccOf(certificate: Certificate): Dcc {
  return (certificate.payload as { dcc: Dcc }).dcc
}

/** Which group the DCC carries. */
export function eventKindOf(dcc: Dcc): EventKind | undefined {
  if (dcc.v?.length) return 'vaccination'
  if (dcc.t?.length) return 'test'
  if (dcc.r?.length) return 'recovery'
  return undefined
}

/**
 * The day of the event behind the certificate, `YYYY-MM-DD`, as a citizen knows it: the vaccination date, the
 * Europe/Rome day of the test sample, or the first positive test of a recovery.
 */
export function eventDayOf(dcc: Dcc): string | undefined {
  const vaccination = dcc.v?.[0]
  if (vaccination) return vaccination.dt
  const test = dcc.t?.[0]
  if (test) {
    const at = new Date(test.sc)
    return Number.isNaN(at.getTime()) ? undefined : romeDate(at)
  }
  return dcc.r?.[0]?.fr
}

/** Newest first: by issuance, then by event day (a re-issue of an older event comes after the newer event). */
export function newestFirst(a: Certificate, b: Certificate): number {
  return b.issuedAt - a.issuedAt || (eventDayOf(dccOf(b)) ?? '').localeCompare(eventDayOf(dccOf(a)) ?? '')
}
