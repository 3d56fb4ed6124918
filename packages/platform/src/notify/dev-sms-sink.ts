import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** An SMS the sink received. */
export interface SinkSms {
  readonly id: number
  readonly from: string
  readonly to: string
  readonly text: string
  readonly idempotencyKey: string
  readonly receivedAt: Date
}

export interface DevSmsSink {
  /** The URL to POST to: what `SMS_URL` would be. */
  readonly url: string
  readonly port: number
  /** Messages kept, oldest first. */
  messages(): readonly SinkSms[]
  /** How many messages arrived again with an idempotency key already kept (answered 200, not stored). */
  duplicates(): number
  close(): Promise<void>
}

export interface DevSmsSinkOptions {
  readonly port?: number
  readonly host?: string
  /** The oldest messages are dropped beyond this many (default 1000). */
  readonly maxMessages?: number
  readonly now?: () => Date
}

const MAX_BODY_BYTES = 64 * 1024

/**
 * The embedded SMS gateway `npm start` uses when no `SMS_URL` is given: `POST /sms` with JSON
 * `{from, to, text, idempotencyKey}` → 201 `{id}` (200 `{id, duplicate: true}` when the idempotency key is already
 * kept), 400 for a malformed request. It keeps messages in memory for the dev page, like a gateway that honours
 * idempotency keys.
 *
 * @example
 * const sink = await startDevSmsSink()
 * const sms = createSmsSender({ url: sink.url })
 */
export async function startDevSmsSink(options: DevSmsSinkOptions = {}): Promise<DevSmsSink> {
  const maxMessages = options.maxMessages ?? 1000
  const now = options.now ?? (() => new Date())
  const kept: SinkSms[] = []
  const byKey = new Map<string, SinkSms>()
  let nextId = 1
  let duplicates = 0

  const server = createServer((request, response) => {
    handle(request, response).catch(() => reply(response, 500, { error: 'internal' }))
  })

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST' || request.url !== '/sms') return reply(response, 404, { error: 'POST /sms only' })
    const body = await readBody(request)
    if (body === undefined) return reply(response, 413, { error: 'body too large' })
    let parsed: unknown
    try {
      parsed = JSON.parse(body)
    } catch {
      return reply(response, 400, { error: 'body is not JSON' })
    }
    const sms = parseSms(parsed)
    if (typeof sms === 'string') return reply(response, 400, { error: sms })
    const header = request.headers['idempotency-key']
    if (header !== undefined && header !== sms.idempotencyKey) {
      return reply(response, 400, { error: 'Idempotency-Key header and body disagree' })
    }
    const known = byKey.get(sms.idempotencyKey)
    if (known) {
      duplicates++
      return reply(response, 200, { id: known.id, duplicate: true })
    }
    const stored: SinkSms = { id: nextId++, ...sms, receivedAt: now() }
    kept.push(stored)
    byKey.set(stored.idempotencyKey, stored)
    while (kept.length > maxMessages) byKey.delete((kept.shift() as SinkSms).idempotencyKey)
    reply(response, 201, { id: stored.id })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/sms`,
    port,
    messages: () => kept,
    duplicates: () => duplicates,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function parseSms(value: unknown): Omit<SinkSms, 'id' | 'receivedAt'> | string {
  if (typeof value !== 'object' || value === null) return 'body must be a JSON object'
  const { from, to, text, idempotencyKey } = value as Record<string, unknown>
  for (const [name, field] of Object.entries({ from, to, text, idempotencyKey })) {
    if (typeof field !== 'string' || field.length === 0) return `${name} must be a non-empty string`
  }
  return { from: from as string, to: to as string, text: text as string, idempotencyKey: idempotencyKey as string }
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) return undefined
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}
