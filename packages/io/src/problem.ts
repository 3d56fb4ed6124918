import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'

/**
 * An RFC 9457 problem with a stable `code`: every IO error leaves as `application/problem+json` (the services API's
 * `ProblemJson`, the app backend's errors alike).
 */
export class IoProblem extends Error {
  readonly status: number
  readonly code: string

  constructor(status: number, code: string, message: string) {
    super(message)
    this.status = status
    this.code = code
  }
}

/** Schema failures → 400 `REQUEST_INVALID` (with the failing fields in `detail`); anything unexpected → 500. */
export function sendIoProblem(error: FastifyError | IoProblem, request: FastifyRequest, reply: FastifyReply): void {
  let problem: IoProblem
  let detail: string | undefined
  if (error instanceof IoProblem) problem = error
  else if (error.validation) {
    problem = new IoProblem(400, 'REQUEST_INVALID', 'The request does not match its schema')
    detail = error.validation.map((v) => `${v.instancePath || '/'} ${v.message ?? v.keyword}`).join('; ')
  } else if (typeof error.statusCode === 'number' && error.statusCode < 500) {
    problem = new IoProblem(error.statusCode, error.code ?? 'REQUEST_REFUSED', error.message)
  } else {
    request.log.error({ err: error }, 'unexpected error')
    problem = new IoProblem(500, 'INTERNAL', 'An unexpected error occurred')
  }
  reply
    .code(problem.status)
    .type('application/problem+json')
    .send({
      type: `https://io.greenpass.example/problems/${problem.code.toLowerCase()}`,
      title: problem.message,
      status: problem.status,
      code: problem.code,
      ...(detail ? { detail } : {}),
    })
}
