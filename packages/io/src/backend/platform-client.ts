/**
 * IO's side of the link to the national platform (issuance-and-io.md §2.2): fetch a certificate by the SHA-256 of its
 * code and of the citizen's fiscal code, and tell the platform about a new IO user. The fiscal code never leaves IO
 * in clear. The link is authenticated with a shared key header (the stand-in for the real link's mutual TLS).
 */
export interface PlatformClientOptions {
  readonly url: string
  /** The key the platform gave IO (`X-IO-Client-Key`). */
  readonly key: string
  /** Per-request timeout, ms (default 8 s); past it the app hears "temporarily unavailable". */
  readonly timeoutMs?: number
}

/** What the platform says about one certificate. */
export type PlatformCertificate =
  | { readonly status: 'valid'; readonly qrPng: Uint8Array; readonly uvci: string; readonly fglTipoDgc?: string }
  | { readonly status: 'revoked'; readonly uvci?: string; readonly revokedAt?: string; readonly reason?: string }
  | { readonly status: 'expired'; readonly uvci?: string; readonly expiredAt?: string }
  | { readonly status: 'not-found' }
  | { readonly status: 'bad-request' }

export type PlatformErrorCode = 'PLATFORM_TIMEOUT' | 'PLATFORM_UNREACHABLE' | 'PLATFORM_FAILED'

/** The platform could not answer usefully: too slow, unreachable, or an answer IO cannot use. */
export class PlatformError extends Error {
  override name = 'PlatformError'
  readonly code: PlatformErrorCode
  constructor(code: PlatformErrorCode, message: string) {
    super(message)
    this.code = code
  }
}

export interface PlatformClient {
  getCertificate(authCodeSha256: string, cfSha256: string): Promise<PlatformCertificate>
  /** Resolves once the platform took the notice (200, or 404 "nothing to send"); throws a `PlatformError` otherwise. */
  refresh(cfSha256: string): Promise<void>
}

export function createPlatformClient(options: PlatformClientOptions): PlatformClient {
  const base = options.url.replace(/\/+$/, '')
  const timeout = options.timeoutMs ?? 8_000

  async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    let response: Response
    try {
      response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-io-client-key': options.key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeout),
      })
    } catch (error) {
      const name = (error as Error).name
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new PlatformError('PLATFORM_TIMEOUT', 'The platform took too long to answer')
      }
      throw new PlatformError('PLATFORM_UNREACHABLE', `The platform is not reachable: ${(error as Error).message}`)
    }
    const text = await response.text()
    let json: Record<string, unknown>
    try {
      json = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>)
    } catch {
      throw new PlatformError('PLATFORM_FAILED', `The platform answered ${response.status} with no JSON`)
    }
    return { status: response.status, json }
  }

  return {
    async getCertificate(authCodeSha256, cfSha256) {
      const { status, json } = await post('/v1/certificate/citizen/io', {
        authCodeSHA256: authCodeSha256,
        cfSHA256: cfSha256,
      })
      const str = (value: unknown) => (typeof value === 'string' ? value : undefined)
      if (status === 200) {
        const data = json.data as { qrcodeB64?: unknown; uvci?: unknown; fglTipoDgc?: unknown } | undefined
        if (typeof data?.qrcodeB64 !== 'string' || typeof data.uvci !== 'string') {
          throw new PlatformError('PLATFORM_FAILED', 'The platform answered 200 without a QR code')
        }
        const fglTipoDgc = str(data.fglTipoDgc)
        return {
          status: 'valid',
          qrPng: new Uint8Array(Buffer.from(data.qrcodeB64, 'base64')),
          uvci: data.uvci,
          ...(fglTipoDgc ? { fglTipoDgc } : {}),
        }
      }
      if (status === 404) {
        if (json.code === 'CERTIFICATE_REVOKED') {
          return {
            status: 'revoked',
            uvci: str(json.uvci),
            revokedAt: str(json.revokedAt),
            reason: str(json.revokeReason),
          }
        }
        if (json.code === 'CERTIFICATE_EXPIRED') {
          return { status: 'expired', uvci: str(json.uvci), expiredAt: str(json.expiredAt) }
        }
        return { status: 'not-found' }
      }
      if (status === 400) return { status: 'bad-request' }
      throw new PlatformError('PLATFORM_FAILED', `The platform answered ${status}`)
    },

    async refresh(cfSha256) {
      const { status } = await post('/v1/certificate/citizen/io/refresh', { cfSHA256: cfSha256 })
      // As IO's bridge does: 404 is "no earlier certificates", an answer as good as 200.
      if (status !== 200 && status !== 404)
        throw new PlatformError('PLATFORM_FAILED', `The platform answered ${status}`)
    },
  }
}
