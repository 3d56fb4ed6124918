import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import type { Kysely } from 'kysely'
import type { GatewayDatabase } from '../db/schema.ts'
import { GatewayProblem } from '../problem.ts'
import { findTrustedParty, rolesOf } from '../trust/trusted-parties.ts'
import type { TrustAnchor } from '../trust/trust-anchor.ts'
import { type ClientCertificateSource, presentedCertificate } from './client-certificate.ts'

/** The revocation-list roles (§2.2); only the `/revocation-list` endpoints ask for one. */
export type GatewayRole = 'RevocationListReader' | 'RevocationUploader' | 'RevocationDeleter'
export const GATEWAY_ROLES: readonly GatewayRole[] = ['RevocationListReader', 'RevocationUploader', 'RevocationDeleter']

/** Who is calling, once authenticated: every upload then checks "payload country == this country". */
export interface AuthenticatedCountry {
  readonly country: string
  /** Thumbprint of the AUTHENTICATION certificate (for the audit log). */
  readonly thumbprint: string
}

declare module 'fastify' {
  interface FastifyRequest {
    authenticated?: AuthenticatedCountry
  }
}

export interface AuthenticationServices {
  readonly db: Kysely<GatewayDatabase>
  readonly anchor: TrustAnchor
  readonly source: ClientCertificateSource
}

/**
 * The authentication flow of §2.3 as a preHandler: a certificate presented (else 401, 0x400); its DN has a `C` (else
 * 400, 0x401); an integrity-checked AUTHENTICATION trusted party of that thumbprint and country (else 401, 0x402);
 * the role, when the endpoint needs one (else 403, 0x403).
 */
export function requireCountry(services: AuthenticationServices, role?: GatewayRole): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest) => {
    const presented = presentedCertificate(request, services.source)
    if (!presented) {
      throw new GatewayProblem(401, '0x400', 'NO_CLIENT_CERTIFICATE', 'No client certificate was presented')
    }
    if (presented.country === undefined) {
      throw new GatewayProblem(400, '0x401', 'NO_COUNTRY_IN_DN', 'The client certificate DN has no C attribute')
    }
    const party = await findTrustedParty(services.db, services.anchor, {
      thumbprint: presented.thumbprint,
      country: presented.country,
      type: 'AUTHENTICATION',
    })
    if (!party) {
      throw new GatewayProblem(401, '0x402', 'UNKNOWN_CLIENT_CERTIFICATE', 'The client certificate is not onboarded')
    }
    if (role !== undefined && !(await rolesOf(services.db, party.id)).has(role)) {
      throw new GatewayProblem(403, '0x403', 'MISSING_ROLE', `The client certificate lacks the role ${role}`)
    }
    request.authenticated = { country: party.country, thumbprint: party.thumbprint }
  }
}

/** The authenticated country of a request that went through {@link requireCountry}. */
export function authenticatedOf(request: FastifyRequest): AuthenticatedCountry {
  if (!request.authenticated) throw new Error('route registered without requireCountry')
  return request.authenticated
}
