import type { FastifyPluginAsync } from 'fastify'
import { type AuthenticationServices, authenticatedOf, requireCountry } from '../auth/authenticate.ts'
import { CMS_PACKAGE_TYPES, type CmsPackage, cmsPackagesOf, migrateCmsPackage } from '../domain/cms-migration.ts'
import type { GatewayServices } from '../services.ts'
import { problemResponses } from './schemas.ts'

const cmsPackage = {
  type: 'object',
  required: ['cms', 'entityId', 'type'],
  properties: {
    cms: { type: 'string', minLength: 1, description: 'base64 of a DER CMS SignedData' },
    entityId: { type: 'integer', minimum: 1 },
    type: { type: 'string', enum: CMS_PACKAGE_TYPES },
  },
} as const

/**
 * CMS migration (§2.4): `GET /cms-migration` lists the authenticated country's stored CMS packages; `POST` replaces
 * one with a CMS re-signed by a current UPLOAD certificate (204), after rotating the old one.
 */
export function cmsMigrationRoutes(services: GatewayServices, auth: AuthenticationServices): FastifyPluginAsync {
  return async (app) => {
    const tags = ['cms migration']
    const preHandler = requireCountry(auth)
    app.get(
      '/cms-migration',
      {
        preHandler,
        schema: {
          tags,
          summary: "The authenticated country's stored CMS packages",
          response: { 200: { type: 'array', items: cmsPackage }, ...problemResponses },
        },
      },
      (request) => cmsPackagesOf(services, authenticatedOf(request).country),
    )
    app.post(
      '/cms-migration',
      {
        preHandler,
        schema: {
          tags,
          summary: 'Replace a stored CMS package with one re-signed by a current UPLOAD certificate',
          body: cmsPackage,
          response: { 204: { type: 'null' }, ...problemResponses },
        },
      },
      async (request, reply) => {
        await migrateCmsPackage(services, authenticatedOf(request), request.body as CmsPackage)
        return reply.code(204).send()
      },
    )
  }
}
