import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'

/** One problem with one input field: where (a JSON pointer into the request) and what, with a stable code. */
export interface FieldProblem {
  readonly path: string
  readonly code: string
  readonly message: string
}

/** An RFC 9457 problem with a stable `code` and, for bad input, every field problem at once. */
export class Problem extends Error {
  readonly status: number
  readonly code: string
  readonly problems: readonly FieldProblem[] | undefined

  constructor(status: number, code: string, message: string, problems?: readonly FieldProblem[]) {
    super(message)
    this.status = status
    this.code = code
    this.problems = problems
  }
}

/** JSON Schema of a problem+json body, for the OpenAPI document. */
export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string' },
    detail: { type: 'string' },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'code', 'message'],
        properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
} as const

/**
 * Every error leaves as `application/problem+json` with a stable code: schema failures as 400 `REQUEST_INVALID` with
 * one entry per failing field, domain problems as thrown, anything unexpected as a 500 without internals.
 */
export function sendProblem(error: FastifyError | Problem, request: FastifyRequest, reply: FastifyReply): void {
  let problem: Problem
  if (error instanceof Problem) problem = error
  else if (error.validation) {
    const problems = error.validation.map((v) => ({
      path: `${v.instancePath}${'missingProperty' in v.params ? `/${String(v.params.missingProperty)}` : ''}`,
      code: `SCHEMA_${v.keyword.toUpperCase()}`,
      message: v.message ?? v.keyword,
    }))
    problem = new Problem(400, 'REQUEST_INVALID', 'The request does not match its schema', problems)
  } else if (typeof error.statusCode === 'number' && error.statusCode < 500) {
    problem = new Problem(error.statusCode, error.code ?? 'REQUEST_REFUSED', error.message)
  } else {
    request.log.error({ err: error }, 'unexpected error')
    problem = new Problem(500, 'INTERNAL', 'An unexpected error occurred')
  }
  reply
    .code(problem.status)
    .type('application/problem+json')
    .send({
      type: `https://greenpass.example/problems/${problem.code.toLowerCase()}`,
      title: problem.message,
      status: problem.status,
      code: problem.code,
      ...(problem.problems ? { problems: problem.problems } : {}),
    })
}
