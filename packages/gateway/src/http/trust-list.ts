import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { type AuthenticationServices, requireCountry } from '../auth/authenticate.ts'
import { TRUST_LIST_TYPES, type TrustListType } from '../client/trust-list-item.ts'
import { countryList, trustedIssuerList, trustList } from '../domain/trust-list.ts'
import type { GatewayServices } from '../services.ts'
import { parseIfModifiedSince } from './if-modified-since.ts'
import { countryParam, problemResponses } from './schemas.ts'

const trustListItem = {
  type: 'object',
  required: ['kid', 'timestamp', 'country', 'certificateType', 'thumbprint', 'signature', 'rawData'],
  properties: {
    kid: { type: 'string' },
    timestamp: { type: 'string' },
    country: { type: 'string' },
    certificateType: { type: 'string', enum: TRUST_LIST_TYPES },
    thumbprint: { type: 'string' },
    signature: { type: ['string', 'null'] },
    rawData: { type: ['string', 'null'] },
  },
} as const
const trustListResponse = { 200: { type: 'array', items: trustListItem }, ...problemResponses } as const
const pagingQuery = {
  type: 'object',
  properties: { page: { type: 'integer', minimum: 0 }, pagesize: { type: 'integer', minimum: 1, maximum: 10000 } },
} as const
const deltaHeaders = {
  type: 'object',
  properties: {
    'if-modified-since': {
      type: 'string',
      description: 'An HTTP date (IMF-fixdate, RFC 850, asctime) or ISO-8601 with an offset',
    },
  },
} as const

const nullableString = { type: ['string', 'null'] } as const
const trustedIssuer = {
  type: 'object',
  required: ['uuid', 'country', 'name', 'url', 'urlType', 'domain', 'signature', 'timestamp'],
  properties: {
    uuid: { type: 'string' },
    country: { type: 'string' },
    name: { type: 'string' },
    url: { type: 'string' },
    urlType: { type: 'string', enum: ['HTTP', 'DID'] },
    thumbprint: nullableString,
    sslPublicKey: nullableString,
    keyStorageType: nullableString,
    domain: { type: 'string' },
    signature: { type: 'string' },
    timestamp: { type: 'string' },
  },
} as const

/** Paging as the reference does it: when only one of `page`/`pagesize` is given the other defaults to 0 / 100. */
function pageOf(request: FastifyRequest): { index: number; size: number } | undefined {
  const { page, pagesize } = request.query as { page?: number; pagesize?: number }
  if (page === undefined && pagesize === undefined) return undefined
  return { index: page ?? 0, size: pagesize ?? 100 }
}

/**
 * `GET /trustList`, `/trustList/{type}`, `/trustList/{type}/{country}` with `If-Modified-Since` deltas and paging,
 * and `GET /countrylist` (§2.4). Every call is authenticated, as in the reference.
 */
export function trustListRoutes(services: GatewayServices, auth: AuthenticationServices): FastifyPluginAsync {
  return async (app) => {
    const tags = ['trust list']
    const preHandler = requireCountry(auth)
    const list = (request: FastifyRequest) => {
      const { type, country } = request.params as { type?: TrustListType; country?: string }
      const since = parseIfModifiedSince(request.headers['if-modified-since'], services.now())
      const page = pageOf(request)
      return trustList(services, {
        ...(type ? { type } : {}),
        ...(country ? { country } : {}),
        ...(since ? { since } : {}),
        ...(page ? { page } : {}),
      })
    }
    const typeParam = { type: 'string', enum: TRUST_LIST_TYPES } as const
    app.get(
      '/trustList',
      { preHandler, schema: { tags, querystring: pagingQuery, headers: deltaHeaders, response: trustListResponse } },
      list,
    )
    app.get(
      '/trustList/:type',
      {
        preHandler,
        schema: {
          tags,
          params: { type: 'object', required: ['type'], properties: { type: typeParam } },
          querystring: pagingQuery,
          headers: deltaHeaders,
          response: trustListResponse,
        },
      },
      list,
    )
    app.get(
      '/trustList/:type/:country',
      {
        preHandler,
        schema: {
          tags,
          params: {
            type: 'object',
            required: ['type', 'country'],
            properties: { type: typeParam, country: countryParam },
          },
          querystring: pagingQuery,
          headers: deltaHeaders,
          response: trustListResponse,
        },
      },
      list,
    )
    // A static path: Fastify matches it before `/trustList/:type`.
    app.get(
      '/trustList/issuers',
      {
        preHandler,
        schema: {
          tags,
          summary: 'Issuers trusted by URL or DID, of the countries asked for (all without `country`)',
          querystring: {
            type: 'object',
            properties: { country: { type: 'array', items: countryParam } },
          },
          response: { 200: { type: 'array', items: trustedIssuer }, ...problemResponses },
        },
      },
      (request) => trustedIssuerList(services, (request.query as { country?: string[] }).country ?? []),
    )
    app.get(
      '/countrylist',
      {
        preHandler,
        schema: { tags, response: { 200: { type: 'array', items: { type: 'string' } }, ...problemResponses } },
      },
      () => countryList(services),
    )
  }
}
