import { hash, timingSafeEqual } from 'node:crypto'
import { parseSettings, uvciHash } from '@greenpass/rules'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import {
  appendAudit,
  appendDrlVersion,
  type Database,
  findCertificateByUvci,
  getAllSettings,
  revokeCertificate,
  upsertSettings,
  withTransaction,
} from '../../db/index.ts'
import { Problem } from '../problem.ts'

export interface AdminServices {
  readonly db: Kysely<Database>
  /** The operator token (`Authorization: Bearer …`). */
  readonly adminToken: string
  readonly now: () => Date
}

const BLACKLIST = { name: 'black_list_uvci', type: 'black_list_uvci' } as const
const settingRow = {
  type: 'object',
  required: ['name', 'type', 'value'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1 },
    type: { type: 'string', minLength: 1 },
    value: { type: 'string' },
  },
} as const
const bearer = {
  type: 'object',
  required: ['authorization'],
  properties: { authorization: { type: 'string', pattern: '^Bearer .+' } },
} as const

/**
 * The operator token check of every operator API (this one, the gateway connector's): `Authorization: Bearer <token>`
 * compared in constant time through SHA-256 digests of equal length; a 401 `ADMIN_UNAUTHORISED` otherwise.
 */
export function operatorCheck(adminToken: string): (request: FastifyRequest) => void {
  const expected = hash('sha256', adminToken, 'buffer')
  return (request) => {
    const given = hash('sha256', (request.headers.authorization ?? '').replace(/^Bearer /, ''), 'buffer')
    if (!timingSafeEqual(given, expected)) throw new Problem(401, 'ADMIN_UNAUTHORISED', 'Unknown operator token')
  }
}

/**
 * The operator's API: revoke a certificate (marked revoked, and a new DRL version that verifiers pick up at their
 * next sync), edit the settings table and its `black_list_uvci`. Every act is written to the insert-only audit log.
 */
export function adminRoutes(services: AdminServices): FastifyPluginAsync {
  const authorise = operatorCheck(services.adminToken)
  return async (app) => {
    const tags = ['admin']
    app.addHook('onRequest', async (request) => authorise(request))

    app.post(
      '/v1/admin/certificates/:uvci/revoke',
      {
        schema: {
          tags,
          headers: bearer,
          params: { type: 'object', required: ['uvci'], properties: { uvci: { type: 'string', maxLength: 80 } } },
          body: {
            type: 'object',
            required: ['reason'],
            properties: { reason: { type: 'string', minLength: 1, maxLength: 200 } },
          },
        },
      },
      async (request) => {
        const { uvci } = request.params as { uvci: string }
        const { reason } = request.body as { reason: string }
        const at = services.now().getTime()
        return withTransaction(services.db, async (trx) => {
          if (!(await findCertificateByUvci(trx, uvci)))
            throw new Problem(404, 'CERTIFICATE_UNKNOWN', 'No such certificate')
          if (!(await revokeCertificate(trx, uvci, at, reason))) {
            throw new Problem(409, 'CERTIFICATE_ALREADY_REVOKED', 'The certificate is already revoked')
          }
          const drlVersion = await appendDrlVersion(trx, { insertions: [uvciHash(uvci)], deletions: [], at })
          await appendAudit(trx, {
            at,
            actor: 'admin',
            action: 'certificate.revoke',
            subject: uvci,
            details: { reason },
          })
          return { uvci, revoked: true, drlVersion }
        })
      },
    )

    app.get('/v1/admin/settings', { schema: { tags, headers: bearer } }, () => getAllSettings(services.db))

    app.put(
      '/v1/admin/settings',
      { schema: { tags, headers: bearer, body: { type: 'array', items: settingRow, maxItems: 1000 } } },
      async (request) => {
        const rows = request.body as { name: string; type: string; value: string }[]
        return withTransaction(services.db, async (trx) => {
          await upsertSettings(trx, rows)
          await checkedSettings(trx)
          await appendAudit(trx, {
            at: services.now().getTime(),
            actor: 'admin',
            action: 'settings.update',
            details: { keys: rows.map((row) => `${row.type}/${row.name}`) },
          })
          return getAllSettings(trx)
        })
      },
    )

    app.post(
      '/v1/admin/blacklist',
      {
        schema: {
          tags,
          headers: bearer,
          body: {
            type: 'object',
            properties: {
              add: { type: 'array', items: { type: 'string', minLength: 1, pattern: '^[^;]+$' } },
              remove: { type: 'array', items: { type: 'string', minLength: 1 } },
            },
          },
        },
      },
      async (request) => {
        const { add = [], remove = [] } = request.body as { add?: string[]; remove?: string[] }
        return withTransaction(services.db, async (trx) => {
          const row = (await getAllSettings(trx)).find((s) => s.name === BLACKLIST.name && s.type === BLACKLIST.type)
          const list = new Set((row?.value ?? '').split(';').filter((item) => item !== ''))
          for (const uvci of add) list.add(uvci)
          for (const uvci of remove) list.delete(uvci)
          await upsertSettings(trx, [{ ...BLACKLIST, value: [...list].map((uvci) => `${uvci};`).join('') }])
          await appendAudit(trx, {
            at: services.now().getTime(),
            actor: 'admin',
            action: 'blacklist.update',
            details: { added: add, removed: remove },
          })
          return { size: list.size }
        })
      },
    )
  }
}

/** The table after an edit must still be a complete, parseable settings table: verifiers refuse anything less. */
async function checkedSettings(db: Kysely<Database>): Promise<void> {
  try {
    const settings = parseSettings(await getAllSettings(db))
    // The keys every 3G rule reads: a table without them would leave every verifier refusing to validate.
    for (const key of ['vaccine_end_day_complete_IT', 'rapid_test_end_hours', 'molecular_test_end_hours'] as const) {
      settings.genericNumber(key)
    }
  } catch (error) {
    throw new Problem(422, 'SETTINGS_INVALID', `The settings table would become invalid: ${(error as Error).message}`)
  }
}
