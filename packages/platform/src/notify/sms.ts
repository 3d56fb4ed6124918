import { NotifyError } from './errors.ts'

/** One SMS, as the gateway takes it (`POST` JSON). */
export interface SmsMessage {
  /** The sender name shown on the phone (`SMS_SENDER`, "MIN SALUTE"). */
  readonly from: string
  /** E.164 number, e.g. `+393331234567`. */
  readonly to: string
  readonly text: string
  /** The outbox idempotency key, sent in the body and as `Idempotency-Key`: the gateway drops a second copy. */
  readonly idempotencyKey: string
}

/** Sends SMS; `send` resolves once the gateway accepted the message, or rejects with a `NotifyError`. */
export interface SmsSender {
  send(message: SmsMessage): Promise<void>
}

export interface SmsSenderOptions {
  /** The gateway endpoint (`SMS_URL`). */
  readonly url: string
  /** Whole-request timeout, ms (default 10 s): keep it below the outbox lease. */
  readonly timeoutMs?: number
  /** Extra headers, e.g. the gateway's API key. */
  readonly headers?: Readonly<Record<string, string>>
}

/**
 * An `SmsSender` for an HTTP SMS gateway: `POST <url>` with JSON `{from, to, text, idempotencyKey}` and an
 * `Idempotency-Key` header. Any 2xx is accepted; 408, 429 and 5xx (and no answer at all) are retryable; any other
 * 4xx is permanent.
 *
 * @example
 * const sms = createSmsSender({ url: process.env.SMS_URL ?? sink.url })
 * await sms.send({ from: SMS_SENDER, to: '+393331234567', text, idempotencyKey: job.idempotencyKey })
 */
export function createSmsSender(options: SmsSenderOptions): SmsSender {
  const timeout = options.timeoutMs ?? 10_000
  return {
    async send(message) {
      let response: Response
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': message.idempotencyKey,
            ...options.headers,
          },
          body: JSON.stringify({
            from: message.from,
            to: message.to,
            text: message.text,
            idempotencyKey: message.idempotencyKey,
          }),
          signal: AbortSignal.timeout(timeout),
        })
      } catch (cause) {
        throw new NotifyError('SEND_RETRYABLE', 'sms', `SMS gateway not reachable: ${(cause as Error).message}`, {
          cause,
        })
      }
      // Read the body either way so the connection can be reused; its content is only for the error message.
      const body = await response.text().catch(() => '')
      if (response.ok) return
      const status = response.status
      const retryable = status >= 500 || status === 408 || status === 429
      throw new NotifyError(
        retryable ? 'SEND_RETRYABLE' : 'SEND_PERMANENT',
        'sms',
        `SMS gateway answered ${status}: ${body.slice(0, 200)}`,
        { status },
      )
    },
  }
}
