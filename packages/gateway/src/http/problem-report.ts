import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { GatewayProblem } from '../problem.ts'

/**
 * Every refusal leaves as a ProblemReport in `application/problem+json`: domain refusals as thrown, schema failures
 * as 400 `BAD_REQUEST`, anything unexpected as a 500 without internals (logged).
 */
export function sendProblemReport(
  error: FastifyError | GatewayProblem,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  let problem: GatewayProblem
  if (error instanceof GatewayProblem) problem = error
  else if (error.validation) {
    problem = new GatewayProblem(400, '0x000', 'BAD_REQUEST', 'The request does not match its schema', error.message)
  } else if (typeof error.statusCode === 'number' && error.statusCode < 500) {
    problem = new GatewayProblem(error.statusCode, '0x000', error.code ?? 'BAD_REQUEST', error.message)
  } else {
    request.log.error({ err: error }, 'unexpected error')
    problem = new GatewayProblem(500, '0x500', 'INTERNAL', 'An unexpected error occurred')
  }
  reply
    .code(problem.status)
    .type('application/problem+json')
    .send({
      type: `https://greenpass.example/gateway/problems/${problem.reason.toLowerCase()}`,
      title: problem.message,
      status: problem.status,
      code: problem.code,
      reason: problem.reason,
      problem: problem.message,
      sendValue: problem.sendValue,
      details: problem.details,
    })
}
