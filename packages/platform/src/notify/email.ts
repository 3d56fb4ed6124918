import nodemailer from 'nodemailer'
import { NotifyError } from './errors.ts'

/** One email to send. */
export interface EmailMessage {
  readonly from: string
  readonly to: string
  readonly subject: string
  readonly text: string
  /**
   * The Message-ID, `<…@…>`: the outbox idempotency key made into one (`messageIdFor`), so a resend after a crash
   * carries the same Message-ID and the receiver can drop the duplicate.
   */
  readonly messageId: string
}

/** Sends email; `send` resolves once the SMTP server accepted the message, or rejects with a `NotifyError`. */
export interface EmailSender {
  send(message: EmailMessage): Promise<void>
  close(): void
}

export interface EmailSenderOptions {
  /** `smtp://host:port` or `smtps://user:pass@host:port` (`SMTP_URL`). */
  readonly smtpUrl: string
  /** Connection, greeting and socket timeouts, ms (default 10 s): keep them below the outbox lease. */
  readonly timeoutMs?: number
  /** Parallel SMTP connections (default 5). */
  readonly maxConnections?: number
}

/**
 * The Message-ID for an outbox idempotency key: `<key@domain>`, with anything outside the RFC 5322 dot-atom left out
 * of the key part so any key makes a valid header.
 *
 * @example messageIdFor('cert-42:email', 'greenpass.local') // '<cert-42.email@greenpass.local>'
 */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  const local = idempotencyKey.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '.')
  return `<${local}@${domain}>`
}

/**
 * An `EmailSender` over nodemailer's SMTP transport. Failures are classified once here: an SMTP 5xx reply is
 * permanent, a 4xx reply or no reply at all (refused connection, timeout, dropped socket) is retryable.
 *
 * @example
 * const email = createEmailSender({ smtpUrl: process.env.SMTP_URL ?? mailbox.url })
 * await email.send({ from: 'noreply@dgc.example', to, subject, text, messageId: messageIdFor(job.idempotencyKey, 'dgc.example') })
 */
export function createEmailSender(options: EmailSenderOptions): EmailSender {
  const timeout = options.timeoutMs ?? 10_000
  const url = new URL(options.smtpUrl)
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 25)),
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  })
  return {
    async send(message) {
      try {
        await transport.sendMail({
          from: message.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          messageId: message.messageId,
        })
      } catch (cause) {
        throw classify(cause)
      }
    },
    close: () => transport.close(),
  }
}

function classify(cause: unknown): NotifyError {
  const error = cause as { responseCode?: unknown; code?: unknown; message?: unknown }
  const status = typeof error.responseCode === 'number' ? error.responseCode : undefined
  const what = typeof error.message === 'string' ? error.message : String(cause)
  if (status !== undefined && status >= 500) {
    return new NotifyError('SEND_PERMANENT', 'email', `SMTP refused the message: ${what}`, { cause, status })
  }
  // No usable recipient or a message nodemailer cannot build: the same input would fail the same way.
  if (status === undefined && (error.code === 'EENVELOPE' || error.code === 'EMESSAGE')) {
    return new NotifyError('SEND_PERMANENT', 'email', `Cannot send this email: ${what}`, { cause })
  }
  return new NotifyError('SEND_RETRYABLE', 'email', `SMTP not available: ${what}`, { cause, status })
}
