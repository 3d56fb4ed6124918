import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { Problem } from '../problem.ts'

/** One file of the verifier web app (`@greenpass/verifier`'s `buildVerifierApp`). */
export interface VerifierAppFile {
  readonly contentType: string
  readonly body: Uint8Array
}

export interface VerifierAppOptions {
  /** The app's files by name; called once, on the first request (the build takes a few seconds). */
  readonly build: () => Promise<ReadonlyMap<string, VerifierAppFile>>
}

// The app's script compiles ZXing's WebAssembly; its data comes from this origin's verifier API (or the one named by
// `?api=`, for which a static deploy widens connect-src); camera frames are drawn into a canvas.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self'",
  "worker-src 'self'",
  "frame-ancestors 'none'",
].join('; ')

const fileParams = {
  type: 'object',
  required: ['file'],
  properties: { file: { type: 'string', pattern: '^[A-Za-z0-9_.-]+$' } },
} as const

/**
 * The verifier web app (issue 8) at `/verifier/`: the page, its script, ZXing's wasm and the service worker that
 * keeps them for offline use. Files are revalidated on every load (`no-cache`): the service worker, not the HTTP
 * cache, is what makes the app work offline, and a new build reaches it at once.
 */
export function verifierAppRoutes(options: VerifierAppOptions): FastifyPluginAsync {
  let built: Promise<ReadonlyMap<string, VerifierAppFile>> | undefined
  const files = () => {
    built ??= options.build().catch((error: unknown) => {
      built = undefined
      throw error
    })
    return built
  }
  return async (app) => {
    const tags = ['verifier app']
    app.get('/verifier', { schema: { tags, hide: true } }, (_request, reply) => reply.redirect('/verifier/', 301))
    const serve = async (name: string, reply: FastifyReply) => {
      const file = (await files()).get(name)
      if (!file) throw new Problem(404, 'NOT_FOUND', `The verifier app has no file ${name}`)
      return reply
        .type(file.contentType)
        .header('Cache-Control', 'no-cache')
        .header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
        .header('X-Content-Type-Options', 'nosniff')
        .send(Buffer.from(file.body.buffer, file.body.byteOffset, file.body.byteLength))
    }
    app.get('/verifier/', { schema: { tags, summary: 'The verifier web app' } }, (_request, reply) =>
      serve('index.html', reply),
    )
    app.get('/verifier/:file', { schema: { tags, params: fileParams, hide: true } }, (request, reply) =>
      serve((request.params as { file: string }).file, reply),
    )
  }
}
