import type { Kysely } from 'kysely'
import { type Database, DbError, drlCheck, drlChunk, getAllSettings } from './db/index.ts'
import type { DrlAnswer, VerifierApiSource } from './http/verifier-api/source.ts'
import { listGatewayDscs } from './gateway/repository.ts'
import type { KeyStore } from './keys/index.ts'

/**
 * Resume tokens of foreign DSCs start here: Italy's own DSCs take the small tokens (their position + 1), foreign ones
 * `FOREIGN_TOKEN_BASE + id`, so both keep their order while the foreign set changes from one gateway sync to the next.
 */
export const FOREIGN_TOKEN_BASE = 1_000_000

/**
 * The verifier-facing API's data: the platform's own DSCs followed by the foreign DSCs the gateway connector accepted
 * (issue 7), the settings table and the DRL, from the database.
 */
export function databaseVerifierSource(db: Kysely<Database>, keys: KeyStore): VerifierApiSource {
  // In update order: Italy's own DSCs (token = position + 1), then the foreign ones (token = base + id).
  const signers = async () => {
    const own = keys
      .certificates()
      .filter((certificate) => certificate.role === 'dsc')
      .map((certificate, index) => ({
        token: index + 1,
        kid: certificate.kidBase64,
        der: Buffer.from(certificate.der).toString('base64'),
      }))
    const ownKids = new Set(own.map((signer) => signer.kid))
    const foreign = (await listGatewayDscs(db))
      .filter((dsc) => !ownKids.has(dsc.kid))
      .map((dsc) => ({ token: FOREIGN_TOKEN_BASE + dsc.id, kid: dsc.kid, der: dsc.rawData }))
    return [...own, ...foreign]
  }
  const answer = async (read: () => Promise<unknown>): Promise<DrlAnswer> => {
    try {
      return { status: 200, body: await read() }
    } catch (error) {
      if (error instanceof DbError) return { status: 400, body: { code: error.code, message: error.message } }
      throw error
    }
  }
  return {
    signerKids: async () => (await signers()).map((signer) => signer.kid),
    signerAfter: async (token) => (await signers()).find((signer) => token === undefined || signer.token > token),
    settings: () => getAllSettings(db),
    drlCheck: (version, chunk) => answer(() => drlCheck(db, version, chunk)),
    drlChunk: (version, chunk) => answer(() => drlChunk(db, version, chunk)),
  }
}
