import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { createSmsSender, isNotifyError, SMS_SENDER, smsText, startDevSmsSink } from '../../src/notify/index.ts'

const NOTICE = {
  maskedName: 'LU* B*',
  codeType: 'NRFE',
  code: '1122334455',
  portalUrl: 'https://www.dgc.example/',
} as const

describe('SMS over real HTTP to the dev sink', () => {
  const closers: (() => unknown)[] = []
  after(async () => {
    for (const close of closers.reverse()) await close()
  })

  it('delivers the SMS and drops a resend with the same idempotency key', async () => {
    const sink = await startDevSmsSink()
    closers.push(() => sink.close())
    const sms = createSmsSender({ url: sink.url })
    const message = { from: SMS_SENDER, to: '+393331234567', text: smsText(NOTICE), idempotencyKey: 'cert-9:sms' }
    await sms.send(message)
    await sms.send(message)
    assert.equal(sink.messages().length, 1)
    assert.equal(sink.duplicates(), 1)
    const [received] = sink.messages()
    assert.equal(received?.from, 'MIN SALUTE')
    assert.equal(received?.to, '+393331234567')
    assert.match(received?.text ?? '', /LU\* B\*/)
    assert.match(received?.text ?? '', /NRFE 1122334455/)
    assert.doesNotMatch(received?.text ?? '', /[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]/, 'no fiscal code')
  })

  it('sends the Idempotency-Key header and refuses malformed requests with 4xx (permanent)', async () => {
    const sink = await startDevSmsSink()
    closers.push(() => sink.close())
    const mismatch = await fetch(sink.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'a' },
      body: JSON.stringify({ from: 'x', to: 'y', text: 'z', idempotencyKey: 'b' }),
    })
    assert.equal(mismatch.status, 400)
    const sms = createSmsSender({ url: sink.url })
    await assert.rejects(
      sms.send({ from: SMS_SENDER, to: '', text: 't', idempotencyKey: 'k' }),
      (error) => isNotifyError(error, 'SEND_PERMANENT') && error.status === 400,
    )
    assert.equal(sink.messages().length, 0)
  })

  it('is retryable when the gateway is down or answers 5xx', async () => {
    const sink = await startDevSmsSink()
    const url = sink.url
    await sink.close()
    const message = { from: SMS_SENDER, to: '+39333', text: 't', idempotencyKey: 'k' }
    await assert.rejects(createSmsSender({ url }).send(message), (error) => isNotifyError(error, 'SEND_RETRYABLE'))
    const { createServer } = await import('node:http')
    const failing = createServer((_request, response) => response.writeHead(503).end('busy'))
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve))
    closers.push(() => new Promise((resolve) => failing.close(resolve)))
    const port = (failing.address() as { port: number }).port
    await assert.rejects(
      createSmsSender({ url: `http://127.0.0.1:${port}/sms` }).send(message),
      (error) => isNotifyError(error, 'SEND_RETRYABLE') && error.status === 503,
    )
  })
})
