import type { FastifyPluginAsync } from 'fastify'

export interface HealthOptions {
  /** Whether the service can take traffic now (database reachable, keys loaded). */
  readonly ready: () => Promise<boolean>
}

const status = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok', 'unavailable'] } },
} as const

/** `/health` (the process answers) and `/ready` (its dependencies answer): what a load balancer polls. */
export const healthRoutes: FastifyPluginAsync<HealthOptions> = async (app, options) => {
  app.get('/health', { schema: { tags: ['operations'], response: { 200: status } } }, async () => ({ status: 'ok' }))
  app.get(
    '/ready',
    { schema: { tags: ['operations'], response: { 200: status, 503: status } } },
    async (_request, reply) => {
      const ready = await options.ready().catch(() => false)
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable' })
    },
  )
}
