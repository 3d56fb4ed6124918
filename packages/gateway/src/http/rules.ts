import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { type AuthenticationServices, authenticatedOf, requireCountry } from '../auth/authenticate.ts'
import { deleteValidationRule, rulesOfCountry, uploadValidationRule } from '../domain/validation-rules.ts'
import type { GatewayServices } from '../services.ts'
import { cmsBody, countryParam, problemResponses } from './schemas.ts'

const ruleVersions = {
  type: 'object',
  additionalProperties: {
    type: 'array',
    items: {
      type: 'object',
      required: ['version', 'validFrom', 'validTo', 'cms'],
      properties: {
        version: { type: 'string' },
        validFrom: { type: 'string' },
        validTo: { type: 'string' },
        cms: { type: 'string' },
      },
    },
  },
} as const

/** Validation rules (§2.4, §2.6): `POST /rules` (201), `GET /rules/{country}`, `DELETE /rules` and `POST /rules/delete` (204). */
export function ruleRoutes(services: GatewayServices, auth: AuthenticationServices): FastifyPluginAsync {
  return async (app) => {
    const tags = ['validation rules']
    const preHandler = requireCountry(auth)
    app.post(
      '/rules',
      { preHandler, schema: { tags, body: cmsBody, response: { 201: { type: 'null' }, ...problemResponses } } },
      async (request, reply) => {
        await uploadValidationRule(services, authenticatedOf(request), request.body as string)
        return reply.code(201).send()
      },
    )
    app.get(
      '/rules/:country',
      {
        preHandler,
        schema: {
          tags,
          params: { type: 'object', required: ['country'], properties: { country: countryParam } },
          response: { 200: ruleVersions, ...problemResponses },
        },
      },
      (request) => rulesOfCountry(services, (request.params as { country: string }).country),
    )
    const removal = {
      preHandler,
      schema: { tags, body: cmsBody, response: { 204: { type: 'null' }, ...problemResponses } },
    }
    const remove = async (request: FastifyRequest, reply: FastifyReply) => {
      await deleteValidationRule(services, authenticatedOf(request), request.body as string)
      return reply.code(204).send()
    }
    app.delete('/rules', removal, remove)
    app.post('/rules/delete', removal, remove)
  }
}
