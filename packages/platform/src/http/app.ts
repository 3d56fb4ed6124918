import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyError, type FastifyInstance, type FastifyPluginAsync } from 'fastify'
import { healthRoutes } from './health.ts'
import { loggerOptions } from './logger.ts'
import { Problem, problemSchema, sendProblem } from './problem.ts'

export interface PlatformAppOptions {
  /** Log level (`silent` in tests). */
  readonly logLevel?: string
  readonly ready?: () => Promise<boolean>
  /** Further route plugins (intake, verifier API, admin …), each owning its schemas. */
  readonly plugins?: readonly FastifyPluginAsync[]
}

/**
 * The platform's HTTP application, assembled from plugins: OpenAPI generated from the route schemas (served at
 * `/docs`, JSON at `/docs/json`), problem+json errors, health and readiness.
 */
export async function buildPlatformApp(options: PlatformAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(options.logLevel ?? 'info'),
    ajv: { customOptions: { allErrors: true } },
  })
  app.addSchema(problemSchema)
  await app.register(swagger, {
    openapi: {
      info: { title: 'greenpass platform (Piattaforma nazionale-DGC)', version: '0.1.0' },
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  app.setErrorHandler((error, request, reply) => sendProblem(error as FastifyError | Problem, request, reply))
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      Object.assign(new Error(`No route ${request.method} ${request.url.split('?')[0]}`), {
        statusCode: 404,
        code: 'NOT_FOUND',
      }) as never,
      request,
      reply,
    ),
  )
  await app.register(healthRoutes, { ready: options.ready ?? (async () => true) })
  for (const plugin of options.plugins ?? []) await app.register(plugin)
  return app
}
