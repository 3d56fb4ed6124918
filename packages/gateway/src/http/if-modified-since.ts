import { GatewayProblem } from '../problem.ts'

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/
const RFC_1123 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/

/**
 * Parses an `If-Modified-Since` header in either form the API tests send (§2.4): ISO-8601 with an offset
 * (`2021-06-01T00:00:00Z`, `…+02:00`) or RFC 1123 (`Wed, 21 Oct 2015 07:28:00 GMT`). Undefined when absent; a 400
 * when it is neither.
 */
export function parseIfModifiedSince(header: string | undefined): Date | undefined {
  if (header === undefined || header === '') return undefined
  const text = header.trim()
  if (ISO_8601.test(text) || RFC_1123.test(text)) {
    const at = new Date(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
    if (!Number.isNaN(at.getTime())) return at
  }
  throw new GatewayProblem(
    400,
    '0x000',
    'BAD_IF_MODIFIED_SINCE',
    'If-Modified-Since must be an ISO-8601 date-time with an offset or an RFC 1123 date',
    '',
    header,
  )
}
