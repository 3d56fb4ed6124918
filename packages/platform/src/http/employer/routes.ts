import { randomBytes } from 'node:crypto'
import { isRulesError, type KeyUsage } from '@greenpass/rules'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.ts'
import { constantTimeEqual } from '../../domain/codes.ts'
import { sha256Hex } from '../../domain/fiscal-code.ts'
import { createEmployer, type Employer, findEmployerByApiKey } from '../../employer/employers.ts'
import { EmployerError } from '../../employer/errors.ts'
import { checkStaff, STAFF_CHECK_LEVELS, type StaffCheckLevel } from '../../employer/staff-check.ts'
import { MAX_STAFF_ROWS, readStaffList } from '../../employer/staff-list.ts'
import { Problem } from '../problem.ts'
import { EMPLOYER_PAGE } from './page.ts'

export interface EmployerServices {
  readonly db: Kysely<Database>
  /** The operator token (`Authorization: Bearer …`) that may register employers. */
  readonly adminToken: string
  /** The secret of the keyed fiscal-code hashes written to the audit log. */
  readonly pepper: string
  /** The DCC key usage of the platform's DSC with this kid (recovery bis). */
  readonly keyUsageOf: (kid: string) => KeyUsage
  readonly now: () => Date
}

const apiKeyHeaders = {
  type: 'object',
  required: ['x-api-key'],
  properties: { 'x-api-key': { type: 'string', minLength: 16 } },
} as const
const levelQuery = {
  type: 'object',
  required: ['level'],
  properties: { level: { type: 'string', enum: Object.keys(STAFF_CHECK_LEVELS) } },
} as const
const checkAnswer = {
  type: 'object',
  required: ['level', 'checkedAt', 'rows'],
  properties: {
    level: { type: 'string' },
    checkedAt: { type: 'string', format: 'date-time' },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        required: ['fiscalCode'],
        additionalProperties: false,
        properties: {
          fiscalCode: { type: 'string', description: 'As sent' },
          valid: { type: 'boolean' },
          error: { type: 'string', description: 'Why the fiscal code is malformed (FISCAL_CODE_…)' },
        },
      },
    },
  },
} as const
const newEmployer = {
  type: 'object',
  required: ['id', 'name'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,62}$' },
    name: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const
const createdEmployer = {
  type: 'object',
  required: ['id', 'name', 'apiKey'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    apiKey: { type: 'string', description: 'Shown once: only its hash is kept' },
  },
} as const
// Fits MAX_STAFF_ROWS fiscal codes with a few more columns each.
const BODY_LIMIT = MAX_STAFF_ROWS * 200

/**
 * Employers' bulk check (F18): an employer authenticated by its API key uploads a CSV of fiscal codes and learns,
 * per row, only whether that person holds a certificate valid now at the chosen level. Every check is audited under
 * a keyed hash of the fiscal code. Also the page that does it from a browser, and the operator's call that
 * registers an employer.
 */
export function employerRoutes(services: EmployerServices): FastifyPluginAsync {
  const adminTokenHash = sha256Hex(services.adminToken)
  const employerOf = async (request: FastifyRequest): Promise<Employer> => {
    const key = (request.headers as { 'x-api-key'?: string })['x-api-key'] ?? ''
    const employer = await findEmployerByApiKey(services.db, key)
    if (!employer) throw new Problem(401, 'EMPLOYER_UNAUTHORISED', 'Unknown employer API key')
    return employer
  }
  return async (app) => {
    const tags = ['employer']
    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    )

    app.post(
      '/v1/employer/staff-checks',
      {
        bodyLimit: BODY_LIMIT,
        schema: {
          tags,
          summary: 'Whether each person of a staff list (CSV of fiscal codes) holds a certificate valid now',
          headers: apiKeyHeaders,
          querystring: levelQuery,
          consumes: ['text/csv'],
          response: { 200: checkAnswer },
        },
      },
      async (request) => {
        const employer = await employerOf(request)
        if (typeof request.body !== 'string') {
          throw new Problem(415, 'STAFF_LIST_MEDIA_TYPE', 'Send the staff list as text/csv')
        }
        const { level } = request.query as { level: StaffCheckLevel }
        let fiscalCodes: string[]
        try {
          fiscalCodes = readStaffList(request.body)
        } catch (error) {
          if (!(error instanceof EmployerError)) throw error
          throw new Problem(error.code === 'STAFF_LIST_INVALID' ? 400 : 422, error.code, error.message)
        }
        const now = services.now()
        try {
          const rows = await checkStaff(services.db, {
            employer,
            level,
            fiscalCodes,
            now,
            pepper: services.pepper,
            keyUsageOf: services.keyUsageOf,
          })
          return { level, checkedAt: now.toISOString(), rows }
        } catch (error) {
          // The rules refuse to judge with an incomplete settings table: an operator's fault, not the employer's.
          if (!isRulesError(error)) throw error
          throw new Problem(503, 'SETTINGS_INCOMPLETE', `The verification settings are incomplete: ${error.message}`)
        }
      },
    )

    app.post(
      '/v1/admin/employers',
      {
        schema: {
          tags: ['admin'],
          summary: 'Register an employer; its API key is returned once',
          headers: {
            type: 'object',
            required: ['authorization'],
            properties: { authorization: { type: 'string', pattern: '^Bearer .+' } },
          },
          body: newEmployer,
          response: { 201: createdEmployer },
        },
      },
      async (request, reply) => {
        const token = (request.headers.authorization ?? '').replace(/^Bearer /, '')
        if (!constantTimeEqual(sha256Hex(token), adminTokenHash)) {
          throw new Problem(401, 'ADMIN_UNAUTHORISED', 'Unknown operator token')
        }
        const { id, name } = request.body as { id: string; name: string }
        const apiKey = randomBytes(24).toString('base64url')
        const exists = await services.db.selectFrom('employers').select('id').where('id', '=', id).executeTakeFirst()
        if (exists) throw new Problem(409, 'EMPLOYER_EXISTS', `Employer ${id} is already registered`)
        await createEmployer(services.db, { id, name, apiKey }, services.now().getTime())
        return reply.code(201).send({ id, name, apiKey })
      },
    )

    for (const [path, file] of [
      ['/employer/', EMPLOYER_PAGE.html],
      ['/employer/page.js', EMPLOYER_PAGE.script],
      ['/employer/page.css', EMPLOYER_PAGE.style],
    ] as const) {
      app.get(path, { schema: { hide: true } }, (_request, reply) =>
        reply
          .type(file.contentType)
          .header('Content-Security-Policy', "default-src 'self'; frame-ancestors 'none'")
          .send(file.body),
      )
    }
  }
}
