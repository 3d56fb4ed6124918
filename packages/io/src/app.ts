import cookie from '@fastify/cookie'
import swagger from '@fastify/swagger'
import Fastify, { type FastifyError, type FastifyInstance, type FastifyPluginAsync } from 'fastify'
import { IoProblem, sendIoProblem } from './problem.ts'

export interface IoAppOptions {
  readonly logLevel?: string
  readonly plugins: readonly FastifyPluginAsync[]
}

const problemSchema = {
  $id: 'IoProblem',
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string' },
    detail: { type: 'string' },
  },
} as const

/**
 * IO's HTTP application, assembled from plugins (services API, login, app backend, wallet): problem+json errors,
 * cookies, and the OpenAPI document generated from the route schemas at `/docs/json`.
 */
export async function buildIoApp(options: IoAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.logLevel ?? 'info',
      // Requests are logged by method and path only; these would carry secrets if a serializer ever added headers.
      redact: ['req.headers.cookie', 'req.headers["ocp-apim-subscription-key"]', 'req.headers.authorization'],
    },
    ajv: { customOptions: { allErrors: true } },
  })
  app.addSchema(problemSchema)
  await app.register(swagger, {
    openapi: { info: { title: 'greenpass IO (services API, app backend)', version: '0.1.0' } },
  })
  await app.register(cookie)
  app.setErrorHandler((error, request, reply) => sendIoProblem(error as FastifyError | IoProblem, request, reply))
  app.setNotFoundHandler((request, reply) =>
    sendIoProblem(
      new IoProblem(404, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`),
      request,
      reply,
    ),
  )
  app.get('/docs/json', { schema: { hide: true } }, async () => app.swagger())
  for (const plugin of options.plugins) await app.register(plugin)
  return app
}
