import type { FastifyPluginAsync } from 'fastify'
import { Problem } from '../problem.ts'
import type { VerifierApiSource } from './source.ts'

const kidList = { type: 'array', items: { type: 'string' } } as const
const settingsList = {
  type: 'array',
  items: {
    type: 'object',
    required: ['name', 'type', 'value'],
    properties: { name: { type: 'string' }, type: { type: 'string' }, value: { type: 'string' } },
  },
} as const
const drlQuery = {
  type: 'object',
  properties: { version: { type: 'integer' }, chunk: { type: 'integer' } },
} as const
const resumeHeaders = {
  type: 'object',
  properties: { 'x-resume-token': { type: 'string', pattern: '^[0-9]{1,15}$' } },
} as const

/**
 * The verifier-facing API of `get.dgc.gov.it` (italian-verification-rules.md §7–§9), server side: the DSC list one
 * certificate per call with `X-RESUME-TOKEN`/`X-KID` and 204 at the end, the settings table, the DRL check and chunks.
 */
export function verifierApiRoutes(source: VerifierApiSource): FastifyPluginAsync {
  return async (app) => {
    const tags = ['verifier API']
    // A public API: the verifier app deployed as static files on another origin syncs from it (CORS), sending
    // X-RESUME-TOKEN and Cache-Control (so a preflight) and reading X-KID and X-RESUME-TOKEN.
    app.addHook('onRequest', async (_request, reply) => {
      reply.header('Access-Control-Allow-Origin', '*').header('Access-Control-Expose-Headers', 'X-RESUME-TOKEN, X-KID')
    })
    app.options('/v1/dgc/*', { schema: { hide: true } }, (_request, reply) =>
      reply
        .header('Access-Control-Allow-Methods', 'GET')
        .header('Access-Control-Allow-Headers', 'X-RESUME-TOKEN, Cache-Control')
        .header('Access-Control-Max-Age', '86400')
        .code(204)
        .send(),
    )
    app.get('/v1/dgc/signercertificate/status', { schema: { tags, response: { 200: kidList } } }, () =>
      source.signerKids(),
    )
    app.get(
      '/v1/dgc/signercertificate/update',
      { schema: { tags, headers: resumeHeaders } },
      async (request, reply) => {
        const header = (request.headers as { 'x-resume-token'?: string })['x-resume-token']
        const signer = await source.signerAfter(header === undefined ? undefined : Number(header))
        if (!signer) return reply.code(204).send()
        return reply
          .header('X-RESUME-TOKEN', String(signer.token))
          .header('X-KID', signer.kid)
          .type('text/plain')
          .send(signer.der)
      },
    )
    app.get('/v1/dgc/settings', { schema: { tags, response: { 200: settingsList } } }, () => source.settings())
    for (const [path, read] of [
      ['/v1/dgc/drl/check', source.drlCheck.bind(source)],
      ['/v1/dgc/drl', source.drlChunk.bind(source)],
    ] as const) {
      app.get(path, { schema: { tags, querystring: drlQuery } }, async (request, reply) => {
        const { version = 0, chunk = 1 } = request.query as { version?: number; chunk?: number }
        // Negative values are refused as the reference service does (400, error code 0x004).
        if (version < 0 || chunk < 0)
          throw new Problem(400, 'DRL_BAD_REQUEST', 'version and chunk must not be negative')
        const answer = await read(version, chunk === 0 ? 1 : chunk)
        return reply.code(answer.status).send(answer.body)
      })
    }
  }
}
