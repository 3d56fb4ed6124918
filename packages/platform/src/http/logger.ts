import type { FastifyServerOptions } from 'fastify'

/**
 * Pino options with personal data redacted wherever it could appear in a log line: fiscal codes, names, contacts,
 * codes and API keys in bodies, headers and query strings. Logs carry ids and outcomes, never who.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-api-key"]',
        'req.headers.cookie',
        '*.fiscalCode',
        '*.fiscal_code',
        '*.email',
        '*.phone',
        '*.code',
        '*.authCode',
        '*.givenName',
        '*.familyName',
        // The portal's forms (never logged as bodies, redacted should one ever be).
        '*.cardDigits',
        '*.cardExpiry',
        '*.identifier',
        '*._csrf',
      ],
      censor: '[redacted]',
    },
    serializers: {
      // The URL without its query string: codes and fiscal codes must never travel in URLs, but if one does it stays out of the logs.
      req: (request: { method: string; url: string; id: string }) => ({
        method: request.method,
        url: request.url.split('?')[0],
        id: request.id,
      }),
    },
  }
}
