import { test } from 'node:test'
import type { NewCertificate } from '../../src/db/certificates.ts'
import { postgresSkipNotice } from '../../src/db/test-database.ts'

/** Says once per file, as a skipped test, that the PostgreSQL half did not run. */
export function noticePostgresSkipped(): void {
  const notice = postgresSkipNotice()
  if (notice !== undefined) test.skip(notice)
}

export const T0 = Date.UTC(2022, 0, 10, 9, 0, 0)

/** A certificate whose unique fields derive from `tag`. */
export function certificate(tag: string, overrides: Partial<NewCertificate> = {}): NewCertificate {
  return {
    uvci: `01IT${tag}#0`,
    fiscalCode: 'rssmra80a01h501u',
    kind: 'v',
    dn: 2,
    sd: 2,
    payload: { ver: '1.3.0', nam: { fnt: 'ROSSI' }, v: [{ ci: `01IT${tag}#0` }] },
    hc1: `HC1:${tag}`,
    codeType: 'AUTHCODE',
    codeHash: `hash-${tag}`,
    signer: 'DEsVUSvpFAE=',
    iat: T0,
    exp: T0 + 540 * 86_400_000,
    issuedAt: T0,
    ...overrides,
  }
}
