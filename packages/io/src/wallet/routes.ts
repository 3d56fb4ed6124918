import type { FastifyPluginAsync } from 'fastify'
import type { WalletFiles } from './bundle.ts'

/**
 * Serves the wallet from memory. The page and the service worker are never cached by HTTP (the service worker does
 * its own caching); the page gets a content security policy that allows nothing but this origin (and data: images
 * for the QR).
 */
export function walletRoutes(files: WalletFiles): FastifyPluginAsync {
  return async (app) => {
    for (const [path, file] of files) {
      app.get(path, { schema: { hide: true } }, async (_request, reply) =>
        reply
          .type(file.type)
          .header('cache-control', 'no-cache')
          .header(
            'content-security-policy',
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
          )
          .header('x-content-type-options', 'nosniff')
          .send(file.body),
      )
    }
  }
}
