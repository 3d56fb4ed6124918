import type { FastifyPluginAsync } from 'fastify'
import { IoProblem } from '../problem.ts'
import type { IoDatabase } from '../store/database.ts'
import { findMessage, listInbox, markRead } from '../store/messages.ts'
import { fetchCertificate } from './eu-covid-cert.ts'
import type { PlatformClient } from './platform-client.ts'
import { requireSession } from './session.ts'

export interface AppBackendOptions {
  readonly db: IoDatabase
  readonly platform: PlatformClient
  readonly now: () => Date
  /** False switches the certificate feature off: the endpoint answers 410 and the app says "not operational". */
  readonly euCovidCertEnabled: () => boolean
}

const headerInfo = {
  type: 'object',
  required: ['title', 'subtitle', 'logo_id'],
  properties: { title: { type: 'string' }, subtitle: { type: 'string' }, logo_id: { type: 'string' } },
} as const
const problem = { $ref: 'IoProblem#' } as const

/**
 * The app-facing backend (io-backend): who is logged in, the inbox, one message (opening it marks it read), and the
 * certificate of an `eu_covid_cert` message, fetched from the platform at every call with the session's fiscal code
 * (the app never sends it).
 */
export function appBackendRoutes(options: AppBackendOptions): FastifyPluginAsync {
  const { db, now } = options
  return async (app) => {
    const tags = ['app']

    app.get('/api/v1/session', { schema: { tags, response: { 401: problem } } }, async (request) => {
      const session = requireSession(db, request, now().getTime())
      return { given_name: session.givenName }
    })

    app.get(
      '/api/v1/messages',
      {
        schema: {
          tags,
          response: {
            200: {
              type: 'object',
              required: ['items'],
              properties: {
                items: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['id', 'subject', 'created_at', 'read', 'eu_covid_cert'],
                    properties: {
                      id: { type: 'string' },
                      subject: { type: 'string' },
                      created_at: { type: 'string', format: 'date-time' },
                      read: { type: 'boolean' },
                      eu_covid_cert: { type: 'boolean' },
                    },
                  },
                },
              },
            },
            401: problem,
          },
        },
      },
      async (request) => {
        const session = requireSession(db, request, now().getTime())
        return {
          items: listInbox(db, session.fiscalCode).map((m) => ({
            id: m.id,
            subject: m.subject,
            created_at: new Date(m.createdAt).toISOString(),
            read: m.readAt !== undefined,
            eu_covid_cert: m.euCovidAuthCode !== undefined,
          })),
        }
      },
    )

    app.get(
      '/api/v1/messages/:id',
      {
        schema: {
          tags,
          params: {
            type: 'object',
            required: ['id'],
            properties: { id: { type: 'string', pattern: '^[0-9A-Z]{26}$' } },
          },
          response: {
            200: {
              type: 'object',
              required: ['id', 'subject', 'markdown', 'created_at'],
              properties: {
                id: { type: 'string' },
                subject: { type: 'string' },
                markdown: { type: 'string' },
                created_at: { type: 'string', format: 'date-time' },
                eu_covid_cert: {
                  type: 'object',
                  required: ['auth_code'],
                  properties: { auth_code: { type: 'string' } },
                },
              },
            },
            401: problem,
            404: problem,
          },
        },
      },
      async (request) => {
        const at = now().getTime()
        const session = requireSession(db, request, at)
        const { id } = request.params as { id: string }
        const message = findMessage(db, session.fiscalCode, id)
        if (!message) throw new IoProblem(404, 'MESSAGE_NOT_FOUND', 'No such message in your inbox')
        markRead(db, session.fiscalCode, id, at)
        return {
          id: message.id,
          subject: message.subject,
          markdown: message.markdown,
          created_at: new Date(message.createdAt).toISOString(),
          ...(message.euCovidAuthCode ? { eu_covid_cert: { auth_code: message.euCovidAuthCode } } : {}),
        }
      },
    )

    app.post(
      '/api/v1/eucovidcert/certificate',
      {
        schema: {
          tags,
          operationId: 'getEUCovidCertificate',
          body: {
            type: 'object',
            required: ['accessData'],
            properties: {
              accessData: {
                type: 'object',
                required: ['auth_code'],
                properties: {
                  auth_code: { type: 'string', minLength: 1, maxLength: 200 },
                  preferred_languages: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 10 } },
                },
              },
            },
          },
          response: {
            200: {
              type: 'object',
              required: ['status', 'header_info'],
              properties: {
                status: { type: 'string', enum: ['valid', 'revoked', 'expired'] },
                qr_code: {
                  type: 'object',
                  required: ['mime_type', 'content'],
                  properties: { mime_type: { type: 'string' }, content: { type: 'string' } },
                },
                header_info: headerInfo,
                uvci: { type: 'string' },
                info: { type: 'string' },
                detail: { type: 'string' },
                revoked_on: { type: 'string' },
              },
            },
            400: problem,
            401: problem,
            403: problem,
            410: problem,
            500: problem,
            504: problem,
          },
        },
      },
      async (request) => {
        const session = requireSession(db, request, now().getTime())
        if (!options.euCovidCertEnabled()) {
          throw new IoProblem(410, 'ENDPOINT_GONE', 'Endpoint no longer available')
        }
        const { accessData } = request.body as { accessData: { auth_code: string; preferred_languages?: string[] } }
        return fetchCertificate(options.platform, {
          authCode: accessData.auth_code,
          fiscalCode: session.fiscalCode,
          preferredLanguages: accessData.preferred_languages,
        })
      },
    )
  }
}
