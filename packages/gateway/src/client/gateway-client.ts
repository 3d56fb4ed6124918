import { request as httpsRequest } from 'node:https'
import { request as httpRequest } from 'node:http'
import { type CmsSigner, signCms } from '../cms/sign.ts'
import type { TrustListItem, TrustListType } from './trust-list-item.ts'

/** How a national backend reaches the gateway: its URL, the server certificate it trusts, its AUTHENTICATION key. */
export interface GatewayClientOptions {
  readonly url: string
  /** PEM of the gateway's TLS server certificate (or its CA). */
  readonly ca?: string
  /** The AUTHENTICATION certificate and key (PEM) presented in the TLS handshake. */
  readonly cert?: string
  readonly key?: string
  /** Extra headers on every call (the proxy headers when testing a gateway behind a TLS proxy). */
  readonly headers?: Readonly<Record<string, string>>
  /** Per-call timeout (default 10 s): a gateway that does not answer must not hang a sync job. */
  readonly timeoutMs?: number
}

export interface GatewayResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly text: string
}

export interface GatewayClient {
  call(
    method: string,
    path: string,
    options?: { body?: string; contentType?: string; headers?: Record<string, string> },
  ): Promise<GatewayResponse>
  /** Uploads a DSC as a CMS signed by `upload` (201 expected). */
  uploadSignerCertificate(dscDer: Uint8Array, upload: CmsSigner): Promise<GatewayResponse>
  /** Deletes (revokes) a DSC with a CMS signed by `upload` (204 expected). */
  deleteSignerCertificate(dscDer: Uint8Array, upload: CmsSigner): Promise<GatewayResponse>
  /** `GET /trustList[/type[/country]]`; throws a {@link GatewayCallError} unless 200. */
  trustList(type?: TrustListType, country?: string, since?: Date): Promise<TrustListItem[]>
}

/** A gateway call that did not answer as expected (status 0 when it did not answer at all). */
export class GatewayCallError extends Error {
  override name = 'GatewayCallError'
  readonly code = 'GATEWAY_CALL'
  readonly status: number
  constructor(status: number, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.status = status
  }
}

/**
 * A dgc-lib-style client of the gateway over mTLS: the calls a national backend makes, with the CMS signing of
 * uploads. Works against `startGateway` and any gateway with the reference API.
 *
 * @example
 * const gateway = gatewayClient({ url, ca: serverPem, cert: authPem, key: authKeyPem })
 * await gateway.uploadSignerCertificate(dscDer, { certificate: uploadDer, privateKey: uploadKey })
 */
export function gatewayClient(options: GatewayClientOptions): GatewayClient {
  const base = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`)
  const call: GatewayClient['call'] = (method, path, callOptions = {}) =>
    new Promise((resolve, reject) => {
      const target = new URL(path.replace(/^\//, ''), base)
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest
      const headers: Record<string, string> = { accept: 'application/json', ...options.headers, ...callOptions.headers }
      if (callOptions.body !== undefined) {
        headers['content-type'] = callOptions.contentType ?? 'application/cms'
        headers['content-length'] = String(Buffer.byteLength(callOptions.body))
      }
      const request = send(
        target,
        {
          method,
          headers,
          ...(options.ca ? { ca: options.ca } : {}),
          ...(options.cert ? { cert: options.cert } : {}),
          ...(options.key ? { key: options.key } : {}),
          timeout: options.timeoutMs ?? 10_000,
          // One connection per call: a client certificate is bound to its TLS session, never reused across clients.
          agent: false,
        },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          )
          response.on('error', reject)
        },
      )
      request.on('timeout', () =>
        request.destroy(new GatewayCallError(0, `the gateway did not answer ${method} ${target.pathname}`)),
      )
      request.on('error', (cause) =>
        reject(
          cause instanceof GatewayCallError
            ? cause
            : new GatewayCallError(0, `cannot reach the gateway: ${cause.message}`, { cause }),
        ),
      )
      request.end(callOptions.body)
    })
  const signed = async (der: Uint8Array, upload: CmsSigner) =>
    Buffer.from(await signCms(der, upload)).toString('base64')
  return {
    call,
    uploadSignerCertificate: async (der, upload) =>
      call('POST', '/signerCertificate', {
        body: await signed(der, upload),
        headers: { 'content-transfer-encoding': 'base64' },
      }),
    deleteSignerCertificate: async (der, upload) =>
      call('POST', '/signerCertificate/delete', {
        body: await signed(der, upload),
        headers: { 'content-transfer-encoding': 'base64' },
      }),
    async trustList(type, country, since) {
      const path = ['/trustList', type, country].filter((part) => part !== undefined).join('/')
      const response = await call('GET', path, since ? { headers: { 'if-modified-since': since.toISOString() } } : {})
      if (response.status !== 200)
        throw new GatewayCallError(response.status, `GET ${path} answered ${response.status}`)
      return JSON.parse(response.text) as TrustListItem[]
    },
  }
}
