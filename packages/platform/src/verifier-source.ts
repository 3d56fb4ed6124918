import type { Kysely } from 'kysely'
import { type Database, DbError, drlCheck, drlChunk, getAllSettings } from './db/index.ts'
import type { DrlAnswer, VerifierApiSource } from './http/verifier-api/source.ts'
import type { KeyStore } from './keys/index.ts'

/** The verifier-facing API's data: the platform's own DSCs, the settings table and the DRL, from the database. */
export function databaseVerifierSource(db: Kysely<Database>, keys: KeyStore): VerifierApiSource {
  // In update order; a resume token is the position + 1. (DSCs from the EU gateway join this list in issue 7.)
  const signers = () =>
    keys
      .certificates()
      .filter((certificate) => certificate.role === 'dsc')
      .map((certificate, index) => ({
        token: index + 1,
        kid: certificate.kidBase64,
        der: Buffer.from(certificate.der).toString('base64'),
      }))
  const answer = async (read: () => Promise<unknown>): Promise<DrlAnswer> => {
    try {
      return { status: 200, body: await read() }
    } catch (error) {
      if (error instanceof DbError) return { status: 400, body: { code: error.code, message: error.message } }
      throw error
    }
  }
  return {
    signerKids: async () => signers().map((signer) => signer.kid),
    signerAfter: async (token) => signers().find((signer) => token === undefined || signer.token > token),
    settings: () => getAllSettings(db),
    drlCheck: (version, chunk) => answer(() => drlCheck(db, version, chunk)),
    drlChunk: (version, chunk) => answer(() => drlChunk(db, version, chunk)),
  }
}
