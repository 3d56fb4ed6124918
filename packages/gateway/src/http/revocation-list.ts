import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { type AuthenticationServices, authenticatedOf, requireCountry } from '../auth/authenticate.ts'
import {
  deleteRevocationBatch,
  downloadRevocationBatch,
  listRevocationBatches,
  uploadRevocationBatch,
} from '../domain/revocation-batches.ts'
import { GatewayProblem } from '../problem.ts'
import type { GatewayServices } from '../services.ts'
import { parseIfModifiedSince } from './if-modified-since.ts'
import { cmsBody, problemResponses } from './schemas.ts'

const batchList = {
  type: 'object',
  required: ['more', 'batches'],
  properties: {
    more: { type: 'boolean' },
    batches: {
      type: 'array',
      items: {
        type: 'object',
        required: ['batchId', 'country', 'date', 'deleted'],
        properties: {
          batchId: { type: 'string' },
          country: { type: 'string' },
          date: { type: 'string' },
          deleted: { type: 'boolean' },
        },
      },
    },
  },
} as const

/**
 * Revocation batches (§2.4, §2.7), each endpoint behind its role: list since a date (204 when nothing), download one
 * (404 / 410), upload (201 + `ETag`), delete by `DELETE /revocation-list` or `POST /revocation-list/delete`.
 */
export function revocationListRoutes(services: GatewayServices, auth: AuthenticationServices): FastifyPluginAsync {
  return async (app) => {
    const tags = ['revocation batches']
    app.get(
      '/revocation-list',
      {
        preHandler: requireCountry(auth, 'RevocationListReader'),
        schema: {
          tags,
          headers: {
            type: 'object',
            required: ['if-modified-since'],
            properties: { 'if-modified-since': { type: 'string' } },
          },
          response: { 200: batchList, 204: { type: 'null' }, ...problemResponses },
        },
      },
      async (request, reply) => {
        const since = parseIfModifiedSince(request.headers['if-modified-since'], services.now())
        if (!since) throw new GatewayProblem(400, '0x000', 'BAD_IF_MODIFIED_SINCE', 'If-Modified-Since is required')
        const list = await listRevocationBatches(services, since)
        if (list.batches.length === 0) return reply.code(204).send()
        return list
      },
    )
    app.get(
      '/revocation-list/:batchId',
      {
        preHandler: requireCountry(auth, 'RevocationListReader'),
        schema: {
          tags,
          params: {
            type: 'object',
            required: ['batchId'],
            properties: { batchId: { type: 'string', format: 'uuid' } },
          },
          response: { 200: { type: 'string' }, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { batchId } = request.params as { batchId: string }
        const cms = await downloadRevocationBatch(services, batchId)
        return reply.header('ETag', batchId).type('application/cms-text').send(cms)
      },
    )
    app.post(
      '/revocation-list',
      {
        preHandler: requireCountry(auth, 'RevocationUploader'),
        schema: { tags, body: cmsBody, response: { 201: { type: 'null' }, ...problemResponses } },
      },
      async (request, reply) => {
        const batchId = await uploadRevocationBatch(services, authenticatedOf(request), request.body as string)
        return reply.code(201).header('ETag', batchId).send()
      },
    )
    const removal = {
      preHandler: requireCountry(auth, 'RevocationDeleter'),
      schema: { tags, body: cmsBody, response: { 204: { type: 'null' }, ...problemResponses } },
    }
    const remove = async (request: FastifyRequest, reply: FastifyReply) => {
      await deleteRevocationBatch(services, authenticatedOf(request), request.body as string)
      return reply.code(204).send()
    }
    app.delete('/revocation-list', removal, remove)
    app.post('/revocation-list/delete', removal, remove)
  }
}
