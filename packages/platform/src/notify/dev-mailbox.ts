import type { AddressInfo } from 'node:net'
import { buffer } from 'node:stream/consumers'
import { SMTPServer } from 'smtp-server'
import { parseMail } from './mime.ts'

/** A message the dev mailbox received. */
export interface MailboxMessage {
  /** The Message-ID header as sent (`<…@…>`): the key duplicates are dropped by. */
  readonly messageId: string
  /** SMTP envelope sender and recipients. */
  readonly envelopeFrom: string
  readonly envelopeTo: readonly string[]
  /** Headers as written by the sender (decoded). */
  readonly from: string
  readonly to: string
  readonly subject: string
  readonly text: string
  readonly receivedAt: Date
  /** The message as it came over SMTP. */
  readonly raw: string
}

export interface DevMailbox {
  /** `smtp://127.0.0.1:<port>`: what `SMTP_URL` would be. */
  readonly url: string
  readonly port: number
  /** Messages kept, oldest first. */
  messages(): readonly MailboxMessage[]
  /** How many messages arrived again with a Message-ID already kept (accepted, then dropped). */
  duplicates(): number
  close(): Promise<void>
}

export interface DevMailboxOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number
  readonly host?: string
  /** The oldest messages are dropped beyond this many (default 1000): a dev mailbox must not grow without end. */
  readonly maxMessages?: number
  /** Largest message accepted, bytes (default 1 MiB). */
  readonly maxMessageBytes?: number
  readonly now?: () => Date
}

/**
 * The embedded SMTP server `npm start` sends mail to when no `SMTP_URL` is given: no TLS, no authentication, on
 * loopback, messages kept in memory for the dev mailbox page. Like a real receiver that honours Message-IDs, it
 * accepts a message whose Message-ID it already has and drops it, so a resend after a crash shows once.
 *
 * @example
 * const mailbox = await startDevMailbox()
 * const email = createEmailSender({ smtpUrl: mailbox.url })
 */
export async function startDevMailbox(options: DevMailboxOptions = {}): Promise<DevMailbox> {
  const maxMessages = options.maxMessages ?? 1000
  const now = options.now ?? (() => new Date())
  const kept: MailboxMessage[] = []
  const ids = new Set<string>()
  let duplicates = 0

  const server = new SMTPServer({
    // A dev server on loopback: nothing to protect, and STARTTLS would need a certificate the sender does not trust.
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    size: options.maxMessageBytes ?? 1024 * 1024,
    banner: 'greenpass dev mailbox',
    logger: false,
    // Close promptly: senders keep pooled connections open, and a dev server has nothing worth waiting for.
    closeTimeout: 200,
    onData(stream, session, callback) {
      buffer(stream).then(
        (bytes) => {
          if (stream.sizeExceeded) {
            callback(Object.assign(new Error('Message too large'), { responseCode: 552 }))
            return
          }
          const raw = bytes.toString('utf8')
          const { headers, text } = parseMail(raw)
          const messageId = headers.get('message-id') ?? `<dev-mailbox-${kept.length}-${now().getTime()}@local>`
          if (ids.has(messageId)) {
            duplicates++
          } else {
            kept.push({
              messageId,
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              from: headers.get('from') ?? '',
              to: headers.get('to') ?? '',
              subject: headers.get('subject') ?? '',
              text,
              receivedAt: now(),
              raw,
            })
            ids.add(messageId)
            while (kept.length > maxMessages) ids.delete((kept.shift() as MailboxMessage).messageId)
          }
          callback()
        },
        (error: Error) => callback(error),
      )
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      // A client dropping its connection is its own business; without a listener it would crash the process.
      server.on('error', () => {})
      resolve()
    })
  })
  // smtp-server's typings do not expose its net.Server; it is there at run time.
  const address = (server as unknown as { server: { address(): AddressInfo } }).server.address()
  return {
    url: `smtp://${options.host ?? '127.0.0.1'}:${address.port}`,
    port: address.port,
    messages: () => kept,
    duplicates: () => duplicates,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
