/**
 * Retrieval with the tessera sanitaria (issuance-and-io.md §4): the last 8 digits of the card number, its expiry date,
 * the code type and the code. Every wrong combination gives the same answer (undefined) after the same work: the
 * code is hashed, the certificate and its holder are looked up, and all four facts are compared in constant time,
 * against decoys when nothing was found, so neither the answer nor its timing tells which fact was wrong.
 */
import type { Kysely } from 'kysely'
import { type Certificate, type Database, findCertificateByCodeHash, findPerson } from '../db/index.ts'
import { codeLookupHash, constantTimeEqual } from '../domain/index.ts'

export interface CardRetrieval {
  /** The last 8 digits of the card's identification number. */
  readonly cardDigits: string
  /** The card's expiry, `YYYY-MM-DD`. */
  readonly cardExpiry: string
  readonly codeType: string
  readonly code: string
}

// Never equal to anything typed: a decoy hash has no hex digits, decoy card data no digits.
const DECOY_HASH = 'x'.repeat(64)
const DECOY_DIGITS = 'xxxxxxxx'
const DECOY_DAY = 'xxxx-xx-xx'

/** The certificate these four facts open, or undefined. */
export async function retrieveByCard(
  db: Kysely<Database>,
  pepper: string,
  input: CardRetrieval,
): Promise<Certificate | undefined> {
  const codeHash = codeLookupHash(input.code, pepper)
  const certificate = await findCertificateByCodeHash(db, codeHash)
  // Looked up even when no certificate was found (an empty key matches nobody), so both paths cost the same.
  const holder = await findPerson(db, certificate?.fiscalCode ?? '')
  const checks = [
    constantTimeEqual(certificate?.codeHash ?? DECOY_HASH, codeHash),
    constantTimeEqual(certificate?.codeType ?? '', input.codeType),
    constantTimeEqual(holder?.tsNumber?.slice(-8) ?? DECOY_DIGITS, input.cardDigits),
    constantTimeEqual(holder?.tsExpiry ?? DECOY_DAY, input.cardExpiry),
  ]
  return checks.every(Boolean) ? certificate : undefined
}
