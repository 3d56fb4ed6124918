/** The body of every signed upload: base64 text of a CMS SignedData (`application/cms` or `application/cms-text`). */
export const cmsBody = { type: 'string', minLength: 1, description: 'base64 of a DER CMS SignedData' } as const

/** The error answers every authenticated route may give, as ProblemReports. */
export const problemResponses = {
  400: { $ref: 'ProblemReport#' },
  401: { $ref: 'ProblemReport#' },
  403: { $ref: 'ProblemReport#' },
  404: { $ref: 'ProblemReport#' },
  409: { $ref: 'ProblemReport#' },
  410: { $ref: 'ProblemReport#' },
} as const

export const countryParam = { type: 'string', pattern: '^[A-Z]{2}$' } as const
