import type { FastifyPluginAsync } from 'fastify'
import { operatorCheck } from '../http/admin/routes.ts'
import type { GatewayConnector } from './connector.ts'

const state = {
  type: ['object', 'null'],
  properties: {
    lastAttemptAt: { type: 'string', format: 'date-time' },
    lastSuccessAt: { type: ['string', 'null'], format: 'date-time' },
    lastError: { type: ['string', 'null'] },
    accepted: { type: 'integer' },
    rejected: { type: 'integer' },
  },
} as const
const status = {
  type: 'object',
  required: ['url', 'state', 'ageMs'],
  properties: { url: { type: 'string' }, state, ageMs: { type: ['integer', 'null'] } },
} as const
const syncReport = {
  type: 'object',
  required: ['ok', 'accepted', 'rejected'],
  properties: {
    ok: { type: 'boolean' },
    accepted: { type: 'integer' },
    rejected: {
      type: 'array',
      items: { type: 'object', properties: { thumbprint: { type: 'string' }, reason: { type: 'string' } } },
    },
    error: { type: 'string' },
  },
} as const
const authorization = {
  type: 'object',
  required: ['authorization'],
  properties: { authorization: { type: 'string', pattern: '^Bearer .+' } },
} as const

/**
 * The operator's view of the EU gateway connection: `GET /v1/admin/gateway` (the last good trust list and its age,
 * the last error) and `POST /v1/admin/gateway/sync` (download now), behind the admin token.
 */
export function gatewayAdminRoutes(connector: GatewayConnector, adminToken: string): FastifyPluginAsync {
  const check = operatorCheck(adminToken)
  const operator = async (request: Parameters<typeof check>[0]) => check(request)
  return async (app) => {
    const tags = ['admin']
    app.get(
      '/v1/admin/gateway',
      { preHandler: operator, schema: { tags, headers: authorization, response: { 200: status } } },
      () => connector.status(),
    )
    app.post(
      '/v1/admin/gateway/sync',
      { preHandler: operator, schema: { tags, headers: authorization, response: { 200: syncReport } } },
      () => connector.sync(),
    )
  }
}
