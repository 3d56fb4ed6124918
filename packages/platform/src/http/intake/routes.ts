import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { type Facility, findFacilityByApiKey } from '../../db/index.ts'
import { isDomainError } from '../../domain/index.ts'
import { type IntakeOutcome, type IssuanceServices, intakeBatch, intakeEvent } from '../../issuance/intake.ts'
import { Problem } from '../problem.ts'

const outcome = {
  type: 'object',
  required: ['eventId', 'certificates'],
  properties: {
    eventId: { type: 'string' },
    certificates: {
      type: 'array',
      items: {
        type: 'object',
        required: ['uvci', 'kind', 'codeType'],
        properties: { uvci: { type: 'string' }, kind: { type: 'string' }, codeType: { type: 'string' } },
      },
    },
  },
} as const
const apiKeyHeader = {
  type: 'object',
  required: ['x-api-key'],
  properties: { 'x-api-key': { type: 'string', minLength: 16 } },
} as const
const eventBody = { type: 'object', required: ['kind', 'eventId', 'person'] } as const

/**
 * Intake for health facilities (through the Sistema Tessera Sanitaria): one event, or a batch of thousands. The
 * facility is the one whose API key comes in `X-API-Key` (stored hashed); events are idempotent per facility and
 * `eventId`. The event's own fields are checked by the domain, which reports every problem with its path and code.
 */
export function intakeRoutes(services: IssuanceServices): FastifyPluginAsync {
  return async (app) => {
    const tags = ['intake']
    app.post(
      '/v1/intake/events',
      { schema: { tags, headers: apiKeyHeader, body: eventBody, response: { 200: outcome } } },
      async (request) => intakeOrProblem(services, await facilityOf(services, request), request.body),
    )
    app.post(
      '/v1/intake/events/batch',
      {
        schema: {
          tags,
          headers: apiKeyHeader,
          body: {
            type: 'object',
            required: ['events'],
            properties: { events: { type: 'array', minItems: 1, maxItems: 10_000, items: eventBody } },
          },
        },
      },
      async (request) => {
        const facility = await facilityOf(services, request)
        const results = await intakeBatch(services, facility.id, (request.body as { events: unknown[] }).events)
        return { results }
      },
    )
  }
}

async function facilityOf(services: IssuanceServices, request: FastifyRequest): Promise<Facility> {
  const key = (request.headers as { 'x-api-key'?: string })['x-api-key'] ?? ''
  const facility = await findFacilityByApiKey(services.db, key)
  if (!facility) throw new Problem(401, 'FACILITY_UNKNOWN', 'Unknown or revoked facility API key')
  return facility
}

async function intakeOrProblem(services: IssuanceServices, facility: Facility, body: unknown): Promise<IntakeOutcome> {
  try {
    return await intakeEvent(services, facility.id, body)
  } catch (error) {
    if (isDomainError(error)) {
      throw new Problem(error.code === 'EVENT_INVALID' ? 422 : 409, error.code, error.message, error.problems)
    }
    throw error
  }
}
