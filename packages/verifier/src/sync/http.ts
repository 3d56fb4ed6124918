import { SyncError } from './errors.ts'

/** What the sync clients need from HTTP: GET a path under the base URL, body read in full. */
export interface SyncHttp {
  get(path: string, headers?: Record<string, string>): Promise<SyncResponse>
  /** GET expecting 200 and a JSON body; anything else is a `SyncError`. */
  getJson(path: string): Promise<unknown>
}

export interface SyncResponse {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  /** The body as received (binary answers: EU revocation slices). */
  readonly bytes: Uint8Array
}

export interface SyncHttpOptions {
  /** The API root, e.g. `https://get.dgc.gov.it/v1/dgc/` (a missing final `/` is added). */
  readonly baseUrl: string | URL
  /** Defaults to the global `fetch`. */
  readonly fetch?: typeof fetch
  /** Per request, headers to end of body (default 60 s): a stalled server must not hang the sync forever. */
  readonly timeoutMs?: number
}

const USER_AGENT = 'greenpass-verifier/0.1.0'

/**
 * A client for the verifier-facing API. Network failures (refused, reset, a body cut short, a timeout) become
 * `SYNC_NETWORK`; the body is always read to its end here, so a connection dropped mid-body is caught before any of
 * it is used.
 *
 * @example const http = syncHttp({ baseUrl: 'https://get.dgc.gov.it/v1/dgc/' }); await http.getJson('settings')
 */
export function syncHttp(options: SyncHttpOptions): SyncHttp {
  const base = new URL(String(options.baseUrl).replace(/\/?$/, '/'))
  const fetchImpl = options.fetch ?? fetch
  const timeoutMs = options.timeoutMs ?? 60_000

  async function get(path: string, headers: Record<string, string> = {}): Promise<SyncResponse> {
    const url = new URL(path, base)
    try {
      const response = await fetchImpl(url, {
        headers: { 'User-Agent': USER_AGENT, 'Cache-Control': 'no-cache', ...headers },
        signal: AbortSignal.timeout(timeoutMs),
      })
      const bytes = new Uint8Array(await response.arrayBuffer())
      return { status: response.status, headers: response.headers, text: new TextDecoder().decode(bytes), bytes }
    } catch (cause) {
      throw new SyncError('SYNC_NETWORK', `GET ${url.pathname}${url.search}: ${describe(cause)}`, { cause })
    }
  }

  async function getJson(path: string): Promise<unknown> {
    const response = await get(path)
    if (response.status >= 300 || response.status < 200) {
      throw new SyncError('SYNC_HTTP', `GET ${path}: HTTP ${response.status}`, { httpStatus: response.status })
    }
    if (response.status !== 200) {
      throw new SyncError('SYNC_PROTOCOL', `GET ${path}: HTTP ${response.status} where a JSON body was expected`)
    }
    try {
      return JSON.parse(response.text)
    } catch (cause) {
      throw new SyncError('SYNC_PROTOCOL', `GET ${path}: the body is not JSON (${(cause as Error).message})`, { cause })
    }
  }

  return { get, getJson }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  const detail = cause?.code ?? cause?.message
  return detail ? `${(error as Error).message} (${detail})` : (error as Error).message
}
