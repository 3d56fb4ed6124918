import type { IoSender } from './dispatcher.ts'
import { NotifyError } from './errors.ts'

export interface IoSenderOptions {
  /** The IO services API base, e.g. `https://api.io.pagopa.it` (paths `/api/v1/…` are appended). */
  readonly url: string
  /** The platform's service key (`Ocp-Apim-Subscription-Key`). */
  readonly serviceKey: string
  /** Whole-request timeout, ms (default 10 s): keep it below the outbox lease. */
  readonly timeoutMs?: number
}

/**
 * An `IoSender` for IO's services API (issuance-and-io.md §2.5), in its three recommended steps: ask for the
 * recipient's profile, then send only when it exists and `sender_allowed` is true. No profile, or a citizen who
 * blocked the service, is not a failure: there is nobody to tell, and the job is done (a first IO login later asks
 * the platform to send again). IO down (no answer, 5xx, 408, 429) is retryable, so the dispatcher's backoff delivers
 * the message once IO is back; the outbox key goes as `Idempotency-Key` so a resend never makes a second message.
 *
 * @example createDispatcher({ …, senders: { email, sms, io: createIoSender({ url: ioUrl, serviceKey }) } })
 */
export function createIoSender(options: IoSenderOptions): IoSender {
  const timeout = options.timeoutMs ?? 10_000
  const base = options.url.replace(/\/+$/, '')

  async function post(path: string, body: unknown, idempotencyKey?: string): Promise<Response> {
    try {
      return await fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'ocp-apim-subscription-key': options.serviceKey,
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeout),
      })
    } catch (cause) {
      throw new NotifyError('SEND_RETRYABLE', 'io', `IO not reachable: ${(cause as Error).message}`, { cause })
    }
  }

  function refused(step: string, response: Response, body: string): NotifyError {
    const status = response.status
    const retryable = status >= 500 || status === 408 || status === 429
    return new NotifyError(
      retryable ? 'SEND_RETRYABLE' : 'SEND_PERMANENT',
      'io',
      `IO ${step} answered ${status}: ${body.slice(0, 200)}`,
      { status },
    )
  }

  return {
    async send(payload, idempotencyKey) {
      const fiscalCode = (payload as { fiscal_code?: unknown } | null)?.fiscal_code
      if (typeof fiscalCode !== 'string' || fiscalCode === '') {
        throw new NotifyError('PAYLOAD_INVALID', 'io', 'The io job payload has no fiscal_code')
      }
      const profile = await post('/api/v1/profiles', { fiscal_code: fiscalCode })
      const profileBody = await profile.text().catch(() => '')
      if (profile.status === 404) return
      if (!profile.ok) throw refused('profile lookup', profile, profileBody)
      let senderAllowed: unknown
      try {
        senderAllowed = (JSON.parse(profileBody) as { sender_allowed?: unknown }).sender_allowed
      } catch {
        throw new NotifyError('SEND_RETRYABLE', 'io', 'IO profile lookup answered with no JSON')
      }
      if (senderAllowed !== true) return
      const message = await post('/api/v1/messages', payload, idempotencyKey)
      const messageBody = await message.text().catch(() => '')
      if (!message.ok) throw refused('message submission', message, messageBody)
    },
  }
}
