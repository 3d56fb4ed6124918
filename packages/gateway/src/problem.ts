/**
 * A refusal of the gateway, as the reference's `ProblemReport` (§2.4): the DGCG `code` (`0x004`, `0x210`, …), the
 * HTTP status, a `problem` sentence, what was sent (`sendValue`) and `details`; plus a stable `reason` naming the one
 * check that failed (`UPLOADER_CERT_CHECK_FAILED`, `CSCA_CHECK_FAILED`, …) so callers never parse sentences.
 */
export class GatewayProblem extends Error {
  override name = 'GatewayProblem'
  readonly status: number
  readonly code: string
  readonly reason: string
  readonly sendValue: string
  readonly details: string

  constructor(status: number, code: string, reason: string, problem: string, details = '', sendValue = '') {
    super(problem)
    this.status = status
    this.code = code
    this.reason = reason
    this.details = details
    this.sendValue = sendValue
  }
}

/** The ProblemReport body (§2.4), also a problem+json document (RFC 9457 `type`, `title`, `status`). */
export const problemReportSchema = {
  $id: 'ProblemReport',
  type: 'object',
  required: ['code', 'problem', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string' },
    reason: { type: 'string' },
    problem: { type: 'string' },
    sendValue: { type: 'string' },
    details: { type: 'string' },
  },
} as const
