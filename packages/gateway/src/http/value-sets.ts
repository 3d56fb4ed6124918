import type { FastifyPluginAsync } from 'fastify'
import { type AuthenticationServices, requireCountry } from '../auth/authenticate.ts'
import { valueSetIds, valueSetJson } from '../domain/value-sets.ts'
import { GatewayProblem } from '../problem.ts'
import type { GatewayServices } from '../services.ts'
import { problemResponses } from './schemas.ts'

/** Value sets (§2.4): `GET /valuesets` (the IDs) and `GET /valuesets/{id}` (the JSON as loaded). */
export function valueSetRoutes(services: GatewayServices, auth: AuthenticationServices): FastifyPluginAsync {
  return async (app) => {
    const tags = ['value sets']
    const preHandler = requireCountry(auth)
    app.get(
      '/valuesets',
      {
        preHandler,
        schema: { tags, response: { 200: { type: 'array', items: { type: 'string' } }, ...problemResponses } },
      },
      () => valueSetIds(services.db),
    )
    app.get(
      '/valuesets/:id',
      {
        preHandler,
        schema: {
          tags,
          params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
          response: { 200: { type: 'object', additionalProperties: true }, ...problemResponses },
        },
      },
      async (request, reply) => {
        const json = await valueSetJson(services.db, (request.params as { id: string }).id)
        if (json === undefined) throw new GatewayProblem(404, '0x100', 'VALUESET_NOT_FOUND', 'No such value set')
        // The stored text as loaded, byte for byte: clients hash it (§4.1).
        return reply
          .type('application/json')
          .serializer((payload) => payload as string)
          .send(json)
      },
    )
  }
}
