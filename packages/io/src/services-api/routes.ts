import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { IoProblem } from '../problem.ts'
import type { IoDatabase } from '../store/database.ts'
import { insertMessage } from '../store/messages.ts'
import { findProfile } from '../store/profiles.ts'
import { findServiceByKey, type IoService, PermissionGroup } from '../store/services.ts'
import { IO_FISCAL_CODE_PATTERN } from './fiscal-code.ts'
import { ulid } from './ulid.ts'

export interface ServicesApiOptions {
  readonly db: IoDatabase
  readonly now: () => Date
}

/** The services API key header, as IO's API gateway names it. */
export const SUBSCRIPTION_KEY_HEADER = 'ocp-apim-subscription-key'

const fiscalCode = { type: 'string', pattern: IO_FISCAL_CODE_PATTERN } as const
const keyHeader = {
  type: 'object',
  properties: { [SUBSCRIPTION_KEY_HEADER]: { type: 'string' }, 'idempotency-key': { type: 'string', maxLength: 200 } },
} as const
const problem = { $ref: 'IoProblem#' } as const

/**
 * IO's API for public administration services (issuance-and-io.md §2.5): look up a citizen's limited profile, send
 * a message. Every call names its service by the subscription key; each endpoint needs a permission group, and a
 * message carrying `eu_covid_cert` needs `ApiMessageWriteEUCovidCert` as well.
 */
export function servicesApiRoutes(options: ServicesApiOptions): FastifyPluginAsync {
  const { db, now } = options
  const authorise = (request: FastifyRequest, group: PermissionGroup): IoService => {
    const key = request.headers[SUBSCRIPTION_KEY_HEADER]
    const service = typeof key === 'string' && key !== '' ? findServiceByKey(db, key) : undefined
    if (!service) throw new IoProblem(401, 'SUBSCRIPTION_KEY_UNKNOWN', 'Missing or unknown subscription key')
    if (!service.groups.includes(group)) {
      throw new IoProblem(403, 'PERMISSION_MISSING', `The service is not in the ${group} group`)
    }
    return service
  }

  return async (app) => {
    const tags = ['services']

    app.post(
      '/api/v1/profiles',
      {
        schema: {
          tags,
          operationId: 'getProfileByPOST',
          headers: keyHeader,
          body: { type: 'object', required: ['fiscal_code'], properties: { fiscal_code: fiscalCode } },
          response: {
            200: {
              type: 'object',
              required: ['sender_allowed'],
              properties: {
                sender_allowed: { type: 'boolean' },
                preferred_languages: { type: 'array', items: { type: 'string' } },
              },
            },
            404: problem,
          },
        },
      },
      async (request) => {
        authorise(request, PermissionGroup.ApiLimitedProfileRead)
        const profile = findProfile(db, (request.body as { fiscal_code: string }).fiscal_code)
        if (!profile) throw new IoProblem(404, 'PROFILE_NOT_FOUND', 'No IO profile for this fiscal code')
        return { sender_allowed: profile.senderAllowed, preferred_languages: profile.preferredLanguages }
      },
    )

    app.post(
      '/api/v1/messages',
      {
        schema: {
          tags,
          operationId: 'submitMessageforUser',
          headers: keyHeader,
          body: {
            type: 'object',
            required: ['fiscal_code', 'content'],
            properties: {
              fiscal_code: fiscalCode,
              time_to_live: { type: 'integer', minimum: 3600, maximum: 604800, default: 3600 },
              content: {
                type: 'object',
                required: ['subject', 'markdown'],
                properties: {
                  subject: { type: 'string', minLength: 10, maxLength: 120 },
                  markdown: { type: 'string', minLength: 80, maxLength: 10000 },
                  eu_covid_cert: {
                    type: 'object',
                    required: ['auth_code'],
                    properties: { auth_code: { type: 'string', minLength: 1, maxLength: 200 } },
                  },
                  require_secure_channels: { type: 'boolean' },
                  due_date: { type: 'string' },
                },
              },
              feature_level_type: { type: 'string', enum: ['STANDARD', 'ADVANCED'] },
            },
          },
          response: {
            201: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
            400: problem,
            403: problem,
          },
        },
      },
      async (request, reply) => {
        const service = authorise(request, PermissionGroup.ApiMessageWrite)
        const body = request.body as {
          fiscal_code: string
          time_to_live: number
          content: { subject: string; markdown: string; eu_covid_cert?: { auth_code: string } }
        }
        if (body.content.eu_covid_cert && !service.groups.includes(PermissionGroup.ApiMessageWriteEUCovidCert)) {
          throw new IoProblem(
            403,
            'EU_COVID_CERT_NOT_ALLOWED',
            'Only services in the ApiMessageWriteEUCovidCert group may send eu_covid_cert',
          )
        }
        const profile = findProfile(db, body.fiscal_code)
        if (!profile) throw new IoProblem(403, 'RECIPIENT_UNKNOWN', 'The recipient has no IO profile')
        if (!profile.senderAllowed) throw new IoProblem(403, 'SENDER_BLOCKED', 'The recipient blocked this service')
        const at = now().getTime()
        const key = request.headers['idempotency-key']
        const { id, created } = insertMessage(
          db,
          {
            id: ulid(at),
            fiscalCode: body.fiscal_code,
            serviceId: service.id,
            subject: body.content.subject,
            markdown: body.content.markdown,
            euCovidAuthCode: body.content.eu_covid_cert?.auth_code,
            timeToLive: body.time_to_live,
            createdAt: at,
          },
          typeof key === 'string' && key !== '' ? key : undefined,
        )
        request.log.info({ messageId: id, serviceId: service.id, created }, 'message accepted')
        return reply.code(201).header('location', `/api/v1/messages/${id}`).send({ id })
      },
    )
  }
}
