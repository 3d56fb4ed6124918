import swagger from '@fastify/swagger'
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { AuthenticationServices } from '../auth/authenticate.ts'
import { GatewayProblem, problemReportSchema } from '../problem.ts'
import type { GatewayServices } from '../services.ts'
import { cmsMigrationRoutes } from './cms-migration.ts'
import { sendProblemReport } from './problem-report.ts'
import { revocationListRoutes } from './revocation-list.ts'
import { ruleRoutes } from './rules.ts'
import { signerCertificateRoutes } from './signer-certificate.ts'
import { trustListRoutes } from './trust-list.ts'
import { valueSetRoutes } from './value-sets.ts'

export interface GatewayAppOptions {
  readonly services: GatewayServices
  readonly auth: AuthenticationServices
  readonly logLevel?: string
  /** TLS with client certificates requested (direct mTLS); absent when a proxy terminates TLS. */
  readonly https?: { readonly key: string; readonly cert: string }
}

/** Uploads are base64 text under these types (§2.4, §6: `application/cms` with `Content-Transfer-Encoding: base64`). */
const CMS_CONTENT_TYPES = ['application/cms', 'application/cms-text', 'text/plain']

/**
 * The gateway's HTTP application, assembled from one plugin per API area, with the OpenAPI document generated from
 * the route schemas (`/api/docs`) and every refusal as a ProblemReport.
 */
export async function buildGatewayApp(options: GatewayAppOptions): Promise<FastifyInstance> {
  const serverOptions: FastifyServerOptions = {
    logger: { level: options.logLevel ?? 'info' },
    ajv: { customOptions: { allErrors: true } },
  }
  const app = (options.https
    ? // Client certificates are asked for but checked by the gateway itself (against the onboarded
      // AUTHENTICATION certificates), not by a CA list: an unknown one gets a 401, as the API tests expect.
      Fastify({
        ...serverOptions,
        https: { ...options.https, requestCert: true, rejectUnauthorized: false },
      } as FastifyServerOptions)
    : Fastify(serverOptions)) as unknown as FastifyInstance
  app.addSchema(problemReportSchema)
  app.addContentTypeParser(
    CMS_CONTENT_TYPES,
    { parseAs: 'string', bodyLimit: 2 * 1024 * 1024 },
    (_request, body, done) => done(null, body),
  )
  await app.register(swagger, {
    openapi: {
      info: { title: 'greenpass EU DCC gateway', version: '1.3.24' },
    },
  })
  app.setErrorHandler((error, request, reply) =>
    sendProblemReport(error as FastifyError | GatewayProblem, request, reply),
  )
  app.setNotFoundHandler((request, reply) =>
    sendProblemReport(
      new GatewayProblem(404, '0x000', 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`),
      request,
      reply,
    ),
  )
  app.get('/health', { schema: { tags: ['operations'] } }, async () => ({ status: 'ok' }))
  app.get('/api/docs', { schema: { hide: true } }, async () => app.swagger())
  for (const routes of [
    signerCertificateRoutes,
    trustListRoutes,
    ruleRoutes,
    valueSetRoutes,
    revocationListRoutes,
    cmsMigrationRoutes,
  ]) {
    await app.register(routes(options.services, options.auth))
  }
  return app
}
