import { hash, timingSafeEqual } from 'node:crypto'
import { renderQrPng } from '@greenpass/hcert'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.ts'
import { certificateForIoMessage, refreshIoMessages } from '../../issuance/io-messages.ts'
import { Problem } from '../problem.ts'

/** The header carrying the key shared with IO (the stand-in for the mutual TLS of the real link). */
export const IO_CLIENT_KEY_HEADER = 'x-io-client-key'

export interface IoApiServices {
  readonly db: Kysely<Database>
  readonly codePepper: string
  /** The key IO presents in {@link IO_CLIENT_KEY_HEADER}. */
  readonly clientKey: string
  readonly now: () => Date
  /** The kid (base64) of the recovery-only DSC: its recoveries are "guarigione bis" (`fglTipoDgc: 'cbis'`). */
  readonly recoverySignerKid?: string
}

const sha256Field = { type: 'string', pattern: '^[0-9a-fA-F]{64}$' } as const
const keyHeader = {
  type: 'object',
  required: [IO_CLIENT_KEY_HEADER],
  properties: { [IO_CLIENT_KEY_HEADER]: { type: 'string', minLength: 16 } },
} as const
const notFound = {
  description: 'No certificate for these hashes, or it is no longer current (problem+json; `code` says which)',
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', enum: ['CERTIFICATE_NOT_FOUND', 'CERTIFICATE_REVOKED', 'CERTIFICATE_EXPIRED'] },
    uvci: { type: 'string' },
    revokedAt: { type: 'string', format: 'date-time' },
    revokeReason: { type: 'string' },
    expiredAt: { type: 'string', format: 'date-time' },
  },
} as const

/**
 * The IO-facing API (issuance-and-io.md §2.2): the IO bridge fetches a certificate with the SHA-256 of the citizen's
 * code and of their fiscal code (`getCertificateByAutAndCF`), and tells the platform about a new IO user
 * (`managePreviousCertificates`), who then gets a message for every earlier certificate. The fiscal code only ever
 * arrives hashed. A certificate that is revoked or expired answers 404 like the real platform, with the reason as
 * problem+json members, so IO can say when and why.
 */
export function ioApiRoutes(services: IoApiServices): FastifyPluginAsync {
  const expected = hash('sha256', services.clientKey, 'buffer')
  const authorise = async (request: FastifyRequest) => {
    const given = hash('sha256', String(request.headers[IO_CLIENT_KEY_HEADER] ?? ''), 'buffer')
    if (!timingSafeEqual(given, expected)) throw new Problem(401, 'IO_CLIENT_UNAUTHORISED', 'Unknown IO client key')
  }
  return async (app) => {
    const tags = ['io']
    app.addHook('onRequest', authorise)

    app.post(
      '/v1/certificate/citizen/io',
      {
        schema: {
          tags,
          operationId: 'getCertificateByAutAndCF',
          headers: keyHeader,
          body: {
            type: 'object',
            required: ['authCodeSHA256', 'cfSHA256'],
            properties: { authCodeSHA256: sha256Field, cfSHA256: sha256Field },
          },
          response: {
            200: {
              type: 'object',
              required: ['data'],
              properties: {
                data: {
                  type: 'object',
                  required: ['qrcodeB64', 'uvci'],
                  properties: {
                    qrcodeB64: { type: 'string', description: 'PNG of the QR code, base64' },
                    uvci: { type: 'string' },
                    fglTipoDgc: { type: 'string', description: '"cbis": a recovery after vaccination' },
                  },
                },
              },
            },
            404: notFound,
          },
        },
      },
      async (request, reply) => {
        const { authCodeSHA256, cfSHA256 } = request.body as { authCodeSHA256: string; cfSHA256: string }
        const certificate = await certificateForIoMessage(
          services.db,
          authCodeSHA256.toLowerCase(),
          cfSHA256.toLowerCase(),
          services.codePepper,
        )
        if (!certificate) {
          return notCurrent(reply, 'CERTIFICATE_NOT_FOUND', 'No certificate for this code and fiscal code')
        }
        if (certificate.revokedAt !== null) {
          return notCurrent(reply, 'CERTIFICATE_REVOKED', 'The certificate has been revoked', {
            uvci: certificate.uvci,
            revokedAt: new Date(certificate.revokedAt).toISOString(),
            ...(certificate.revokeReason ? { revokeReason: certificate.revokeReason } : {}),
          })
        }
        if (certificate.exp * 1000 <= services.now().getTime()) {
          return notCurrent(reply, 'CERTIFICATE_EXPIRED', 'The certificate has expired', {
            uvci: certificate.uvci,
            expiredAt: new Date(certificate.exp * 1000).toISOString(),
          })
        }
        const bis = certificate.kind === 'r' && certificate.signer === services.recoverySignerKid
        return {
          data: {
            qrcodeB64: Buffer.from(renderQrPng(certificate.hc1)).toString('base64'),
            uvci: certificate.uvci,
            ...(bis ? { fglTipoDgc: 'cbis' } : {}),
          },
        }
      },
    )

    app.post(
      '/v1/certificate/citizen/io/refresh',
      {
        schema: {
          tags,
          operationId: 'managePreviousCertificates',
          headers: keyHeader,
          body: { type: 'object', required: ['cfSHA256'], properties: { cfSHA256: sha256Field } },
          response: {
            200: {
              type: 'object',
              required: ['data'],
              properties: { data: { type: 'integer', description: 'IO messages queued' } },
            },
          },
        },
      },
      async (request) => {
        const { cfSHA256 } = request.body as { cfSHA256: string }
        return { data: await refreshIoMessages(services.db, cfSHA256, services.codePepper, services.now()) }
      },
    )
  }
}

function notCurrent(reply: FastifyReply, code: string, title: string, members: Record<string, string> = {}) {
  return reply
    .code(404)
    .type('application/problem+json')
    .send({ type: `https://greenpass.example/problems/${code.toLowerCase()}`, title, status: 404, code, ...members })
}
