import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import type { AddressInfo } from 'node:net'
import { createEmailSender, emailText, isNotifyError, messageIdFor, startDevMailbox } from '../../src/notify/index.ts'

const NOTICE = {
  maskedName: 'MA* R*',
  codeType: 'AUTHCODE',
  code: '48271950364',
  portalUrl: 'https://www.dgc.example/',
} as const
const FROM = 'Ministero della Salute <noreply-dgc@greenpass.example>'

describe('email over real SMTP to the dev mailbox', () => {
  const closers: (() => unknown)[] = []
  after(async () => {
    for (const close of closers.reverse()) await close()
  })

  it('delivers From, To, Subject, text with code and masked name, and keeps the Message-ID', async () => {
    const mailbox = await startDevMailbox()
    closers.push(() => mailbox.close())
    const email = createEmailSender({ smtpUrl: mailbox.url })
    closers.push(() => email.close())
    const { subject, text } = emailText(NOTICE)
    const messageId = messageIdFor('certificate-1:email', 'greenpass.example')
    await email.send({ from: FROM, to: 'mario.rossi@example.org', subject, text, messageId })

    const [received] = mailbox.messages()
    assert.ok(received)
    assert.equal(received.messageId, messageId)
    assert.equal(received.subject, subject, 'the dev mailbox decodes the encoded subject')
    assert.match(received.text, /è disponibile la Certificazione verde COVID-19 di MA\* R\*/)
    assert.deepEqual(received.envelopeTo, ['mario.rossi@example.org'])

    const parsed = await simpleParser(received.raw)
    assert.equal(parsed.messageId, messageId)
    assert.equal(parsed.from?.value[0]?.address, 'noreply-dgc@greenpass.example')
    const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to
    assert.equal(to?.value[0]?.address, 'mario.rossi@example.org')
    assert.equal(parsed.subject, subject)
    assert.match(parsed.text ?? '', /AUTHCODE 48271950364/)
    assert.match(parsed.text ?? '', /MA\* R\*/)
    assert.match(parsed.text ?? '', /https:\/\/www\.dgc\.example\//)
    assert.equal(received.text.trim(), (parsed.text ?? '').trim(), 'the dev mailbox reads the text as mailparser does')
  })

  it('drops a resend with the same Message-ID', async () => {
    const mailbox = await startDevMailbox()
    closers.push(() => mailbox.close())
    const email = createEmailSender({ smtpUrl: mailbox.url })
    closers.push(() => email.close())
    const message = { from: FROM, to: 'a@example.org', subject: 'Oggetto', text: 'testo', messageId: '<k1@x.example>' }
    await email.send(message)
    await email.send(message)
    await email.send({ ...message, messageId: '<k2@x.example>' })
    assert.deepEqual(
      mailbox.messages().map((received) => received.messageId),
      ['<k1@x.example>', '<k2@x.example>'],
    )
    assert.equal(mailbox.duplicates(), 1)
  })

  it('keeps a bounded number of messages', async () => {
    const mailbox = await startDevMailbox({ maxMessages: 2 })
    closers.push(() => mailbox.close())
    const email = createEmailSender({ smtpUrl: mailbox.url })
    closers.push(() => email.close())
    for (const n of [1, 2, 3]) {
      await email.send({
        from: FROM,
        to: 'a@example.org',
        subject: `n ${n}`,
        text: 't',
        messageId: `<m${n}@x.example>`,
      })
    }
    assert.deepEqual(
      mailbox.messages().map((received) => received.subject),
      ['n 2', 'n 3'],
    )
  })

  it('fails retryably while the SMTP server is down, then delivers once it is up', async () => {
    const probe = await startDevMailbox()
    const port = probe.port
    await probe.close()
    const email = createEmailSender({ smtpUrl: `smtp://127.0.0.1:${port}`, timeoutMs: 2000 })
    closers.push(() => email.close())
    const message = { from: FROM, to: 'a@example.org', subject: 'S', text: 'T', messageId: '<down-up@x.example>' }
    await assert.rejects(email.send(message), (error) => isNotifyError(error, 'SEND_RETRYABLE') && error.retryable)
    const mailbox = await startDevMailbox({ port })
    closers.push(() => mailbox.close())
    await email.send(message)
    await email.send(message)
    assert.equal(mailbox.messages().length, 1)
  })

  it('tells SMTP 4xx (retryable) from 5xx (permanent)', async () => {
    let reply = 550
    const server = new SMTPServer({
      disabledCommands: ['AUTH', 'STARTTLS'],
      authOptional: true,
      logger: false,
      closeTimeout: 200,
      onRcptTo(address, _session, callback) {
        callback(Object.assign(new Error(`no thanks ${address.address}`), { responseCode: reply }))
      },
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
    const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address() as AddressInfo).port
    const email = createEmailSender({ smtpUrl: `smtp://127.0.0.1:${port}` })
    closers.push(() => email.close())
    const message = { from: FROM, to: 'nobody@example.org', subject: 'S', text: 'T', messageId: '<r@x.example>' }
    await assert.rejects(
      email.send(message),
      (error) => isNotifyError(error, 'SEND_PERMANENT') && error.status === 550 && !error.retryable,
    )
    reply = 451
    await assert.rejects(email.send(message), (error) => isNotifyError(error, 'SEND_RETRYABLE') && error.status === 451)
  })
})
