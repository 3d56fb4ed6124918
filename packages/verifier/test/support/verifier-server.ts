import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type DrlAnswer, DrlHistory } from './drl-history.ts'

/**
 * A loopback server for the verifier-facing API (`/v1/dgc/…`): settings, the signer-certificate status/update
 * protocol, and the DRL from a `DrlHistory`, with faults injected per request.
 */
export interface ServedDsc {
  readonly kid: string
  /** base64 DER, the `update` body. */
  readonly der: string
}

/** Anything that answers `drl/check` and `drl` (a `DrlHistory`, or canned answers). */
export interface DrlSource {
  check(version: number): DrlAnswer
  chunk(version: number, chunk: number): DrlAnswer
}

export type Fault =
  /** Answer with this status (and a small JSON body). */
  | { readonly kind: 'status'; readonly status: number }
  /** Send the headers of the real answer (with its Content-Length), then destroy the socket. */
  | { readonly kind: 'drop-after-headers' }
  /** Send the headers and half of the real body, then destroy the socket. */
  | { readonly kind: 'drop-mid-body' }
  /** 200 with a body that is not JSON. */
  | { readonly kind: 'garbage' }
  /** 204 No Content. */
  | { readonly kind: 'no-content' }
  /** Run something before answering (e.g. publish a new DRL version mid-download), then answer normally. */
  | { readonly kind: 'before'; readonly run: () => void }

export interface FaultRule {
  /** Path and query after the base URL, e.g. `drl?version=0&chunk=3`; a RegExp or an exact string. */
  readonly match: RegExp | string
  readonly fault: Fault
  /** How many matching requests it hits (default 1). */
  times?: number
}

export class VerifierServer {
  settings: unknown[] = []
  /** DSCs in `update` order; the resume token of the i-th is `i + 1`. */
  dscs: ServedDsc[] = []
  /** Kids returned by `status`; defaults to every served kid. */
  listed: string[] | undefined
  drl = new DrlHistory({ chunkSize: 1000 })
  /** Answers the DRL calls instead of `drl` when set. */
  drlSource: DrlSource | undefined
  /** Added to every `totalNumberUCVI` of `drl/check`: a server whose count disagrees with its lists. */
  totalNumberUCVIOffset = 0
  readonly faults: FaultRule[] = []
  /** Every request, as path and query after the base URL. */
  readonly log: string[] = []
  readonly #server: Server
  #baseUrl = ''

  private constructor() {
    this.#server = createServer((request, response) => this.#handle(request, response))
  }

  static async start(): Promise<VerifierServer> {
    const server = new VerifierServer()
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve))
    const { port } = server.#server.address() as AddressInfo
    server.#baseUrl = `http://127.0.0.1:${port}/v1/dgc/`
    return server
  }

  get baseUrl(): string {
    return this.#baseUrl
  }

  /** Requests whose path and query match. */
  requests(match: RegExp): string[] {
    return this.log.filter((line) => match.test(line))
  }

  inject(rule: FaultRule): void {
    this.faults.push({ times: 1, ...rule })
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const path = url.pathname.replace(/^\/v1\/dgc\//, '') + url.search
    this.log.push(path)
    const rule = this.faults.find((f) => (typeof f.match === 'string' ? f.match === path : f.match.test(path)))
    const fault = rule?.fault
    if (rule) {
      rule.times = (rule.times ?? 1) - 1
      if (rule.times <= 0) this.faults.splice(this.faults.indexOf(rule), 1)
    }
    if (fault?.kind === 'before') fault.run()
    if (fault?.kind === 'status') return send(response, fault.status, { message: 'injected' })
    if (fault?.kind === 'garbage') return sendText(response, 200, '{"version": 3, "chunk": 1, "revokedUcvi": [', {})
    if (fault?.kind === 'no-content') {
      response.writeHead(204).end()
      return
    }
    const answer = this.#answer(url, path, request)
    if (fault?.kind === 'drop-after-headers' || fault?.kind === 'drop-mid-body') {
      const body = Buffer.from(answer.text)
      response.writeHead(answer.status, { ...answer.headers, 'Content-Length': body.length })
      response.flushHeaders()
      if (fault.kind === 'drop-mid-body') response.write(body.subarray(0, body.length >> 1))
      setTimeout(() => response.socket?.destroy(), 20)
      return
    }
    sendText(response, answer.status, answer.text, answer.headers)
  }

  #answer(url: URL, path: string, request: IncomingMessage): { status: number; text: string; headers: Headers } {
    const json = (status: number, body: unknown) => ({
      status,
      text: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json' } as Headers,
    })
    const number = (name: string) => Number(url.searchParams.get(name) ?? '0')
    if (path === 'settings') return json(200, this.settings)
    if (path === 'signercertificate/status') return json(200, this.listed ?? this.dscs.map((dsc) => dsc.kid))
    if (path === 'signercertificate/update') {
      const token = Number(request.headers['x-resume-token'] ?? '0')
      const index = Number.isSafeInteger(token) && token >= 0 ? token : 0
      const dsc = this.dscs[index]
      if (!dsc) return { status: 204, text: '', headers: {} }
      return {
        status: 200,
        text: dsc.der,
        headers: { 'Content-Type': 'text/plain', 'X-RESUME-TOKEN': String(index + 1), 'X-KID': dsc.kid },
      }
    }
    if (url.pathname.endsWith('/drl/check')) {
      const answer = (this.drlSource ?? this.drl).check(number('version'))
      const body = answer.body as { totalNumberUCVI?: number }
      if (body.totalNumberUCVI !== undefined) body.totalNumberUCVI += this.totalNumberUCVIOffset
      return json(answer.status, body)
    }
    if (url.pathname.endsWith('/drl')) {
      const answer = (this.drlSource ?? this.drl).chunk(number('version'), number('chunk'))
      return json(answer.status, answer.body)
    }
    return json(404, { message: 'not found' })
  }
}

type Headers = Record<string, string>

function send(response: ServerResponse, status: number, body: unknown): void {
  sendText(response, status, JSON.stringify(body), { 'Content-Type': 'application/json' })
}

function sendText(response: ServerResponse, status: number, text: string, headers: Headers): void {
  if (status === 204) {
    response.writeHead(204).end()
    return
  }
  const body = Buffer.from(text)
  response.writeHead(status, { ...headers, 'Content-Length': body.length })
  response.end(body)
}
