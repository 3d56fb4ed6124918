import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { type AuthenticationServices, authenticatedOf, requireCountry } from '../auth/authenticate.ts'
import { deleteSignerCertificate, uploadSignerCertificate } from '../domain/signer-certificates.ts'
import type { GatewayServices } from '../services.ts'
import { cmsBody, problemResponses } from './schemas.ts'

/**
 * DSC upload and delete (§2.4–§2.5): `POST /signerCertificate` (201), `DELETE /signerCertificate` and its alias
 * `POST /signerCertificate/delete` (204); the body is the base64 text of a CMS signed by the country's UPLOAD
 * certificate with the DSC embedded.
 */
export function signerCertificateRoutes(services: GatewayServices, auth: AuthenticationServices): FastifyPluginAsync {
  return async (app) => {
    const tags = ['signer certificates']
    const preHandler = requireCountry(auth)
    app.post(
      '/signerCertificate',
      {
        preHandler,
        schema: {
          tags,
          summary: 'Upload a DSC',
          body: cmsBody,
          response: { 201: { type: 'null' }, ...problemResponses },
        },
      },
      async (request, reply) => {
        await uploadSignerCertificate(services, authenticatedOf(request), request.body as string)
        return reply.code(201).send()
      },
    )
    const removal = {
      preHandler,
      schema: {
        tags,
        summary: 'Delete (revoke) a DSC',
        body: cmsBody,
        response: { 204: { type: 'null' }, ...problemResponses },
      },
    }
    const remove = async (request: FastifyRequest, reply: FastifyReply) => {
      await deleteSignerCertificate(services, authenticatedOf(request), request.body as string)
      return reply.code(204).send()
    }
    app.delete('/signerCertificate', removal, remove)
    app.post('/signerCertificate/delete', removal, remove)
  }
}
