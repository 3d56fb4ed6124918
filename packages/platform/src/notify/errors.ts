/**
 * Every failure to hand a notification over is a `NotifyError` with a stable `code`. What matters to the outbox is
 * whether trying again can help: `SEND_RETRYABLE` (network down, timeout, HTTP 5xx/408/429, SMTP 4xx) is tried again
 * later with backoff; `SEND_PERMANENT` (SMTP 5xx, HTTP 4xx) and `PAYLOAD_INVALID` are not.
 */
export type NotifyErrorCode =
  /** The receiver could not take the message now; the same message may be sent again later. */
  | 'SEND_RETRYABLE'
  /** The receiver refused the message for good (bad address, refused content): sending it again cannot help. */
  | 'SEND_PERMANENT'
  /** An outbox job whose payload is not the shape its channel needs (a bug upstream): never sent. */
  | 'PAYLOAD_INVALID'
  /** The job's channel has no sender configured (an `io` job with no IO sender). */
  | 'CHANNEL_UNAVAILABLE'

export class NotifyError extends Error {
  override name = 'NotifyError'
  readonly code: NotifyErrorCode
  /** The channel that failed. */
  readonly channel: 'email' | 'sms' | 'io'
  /** SMTP reply code or HTTP status, when the receiver answered. */
  readonly status: number | undefined

  constructor(
    code: NotifyErrorCode,
    channel: 'email' | 'sms' | 'io',
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.channel = channel
    this.status = options?.status
  }

  /** Whether sending again later may succeed. */
  get retryable(): boolean {
    return this.code === 'SEND_RETRYABLE'
  }
}

/** True when `error` is a `NotifyError`, optionally with the given code. */
export function isNotifyError(error: unknown, code?: NotifyErrorCode): error is NotifyError {
  return error instanceof NotifyError && (code === undefined || error.code === code)
}
