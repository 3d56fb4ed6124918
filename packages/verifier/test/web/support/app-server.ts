import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { WebApp } from '../../../src/web-bundle.ts'

/**
 * The app as a deployment serves it: its files under `/verifier/`, and the verifier API under `/v1/dgc/` on the
 * same origin (passed through to a test `VerifierServer`, which has no app of its own). `online = false` makes the
 * API unreachable (connection dropped) while the app's files still answer, like a CDN with the backend down.
 */
export class AppServer {
  readonly #server: Server
  #url = ''

  private constructor(app: WebApp, apiBase: string) {
    this.#server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost')
      if (url.pathname.startsWith('/v1/dgc/')) {
        const target = new URL(url.pathname.slice('/v1/dgc/'.length) + url.search, apiBase)
        const headers: Record<string, string> = {}
        const token = request.headers['x-resume-token']
        if (typeof token === 'string') headers['X-RESUME-TOKEN'] = token
        fetch(target, { headers })
          .then(async (answer) => {
            const passed: Record<string, string> = {}
            for (const name of ['content-type', 'x-kid', 'x-resume-token']) {
              const value = answer.headers.get(name)
              if (value !== null) passed[name] = value
            }
            response.writeHead(answer.status, passed).end(Buffer.from(await answer.arrayBuffer()))
          })
          .catch(() => response.destroy())
        return
      }
      const name = url.pathname === '/verifier/' ? 'index.html' : url.pathname.replace(/^\/verifier\//, '')
      const file = app.get(name)
      if (!url.pathname.startsWith('/verifier/') || !file) {
        response.writeHead(404).end()
        return
      }
      response.writeHead(200, { 'Content-Type': file.contentType, 'Cache-Control': 'no-cache' }).end(file.body)
    })
  }

  static async start(app: WebApp, apiBase: string): Promise<AppServer> {
    const server = new AppServer(app, apiBase)
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve))
    server.#url = `http://127.0.0.1:${(server.#server.address() as AddressInfo).port}/verifier/`
    return server
  }

  /** The app's URL (`…/verifier/`). */
  get url(): string {
    return this.#url
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }
}
