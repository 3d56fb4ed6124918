import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { TEST_IDENTITIES } from '@greenpass/idp'
import { type IoOptions, type RunningIo, startIo } from '../src/index.ts'
import { loginOverHttp } from './support/login.ts'
import { inbox, type Stack, startStack, vaccination, waitFor } from './support/stack.ts'

const giuseppe = TEST_IDENTITIES[2]!

describe('POST /api/v1/eucovidcert/certificate maps every answer as IO does', () => {
  let stack: Stack
  let cookie: string
  let authCode: string
  const others: RunningIo[] = []
  before(async () => {
    stack = await startStack(new Date('2026-06-01T10:00:00Z'))
    cookie = await loginOverHttp(stack.io.url, giuseppe.fiscalCode)
    assert.equal((await stack.intake(vaccination(giuseppe, 'g1', '2026-06-01'))).status, 200)
    const [message] = await waitFor('the message', async () => {
      const items = await inbox(stack.io.url, cookie)
      return items.length ? items : undefined
    })
    const opened = await fetch(`${stack.io.url}/api/v1/messages/${message?.id}`, { headers: { cookie } })
    authCode = ((await opened.json()) as { eu_covid_cert: { auth_code: string } }).eu_covid_cert.auth_code
  })
  after(async () => {
    for (const io of others) await io.close()
    await stack?.close()
  })

  const ask = (ioUrl: string, body: unknown, session: string | null = cookie) =>
    fetch(`${ioUrl}/api/v1/eucovidcert/certificate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(session ? { cookie: session } : {}) },
      body: JSON.stringify(body),
    })
  const code = async (response: Response) => ((await response.json()) as { code: string }).code

  it('401 without a session, 400 for a body that is not accessData', async () => {
    assert.equal((await ask(stack.io.url, { accessData: { auth_code: authCode } }, null)).status, 401)
    const bad = await ask(stack.io.url, { auth_code: authCode })
    assert.equal(bad.status, 400)
    assert.equal(await code(bad), 'REQUEST_INVALID')
  })

  it('valid in the first recognised language (English when none is)', async () => {
    const response = await ask(stack.io.url, { accessData: { auth_code: authCode, preferred_languages: ['fr_FR'] } })
    const body = (await response.json()) as { status: string; header_info: { title: string; logo_id: string } }
    assert.equal(body.status, 'valid')
    assert.deepEqual(body.header_info, { title: 'EU Digital COVID-19 Certificate', subtitle: '', logo_id: 'greenpass' })
  })

  it('403 (notFound) for a code that is not this citizen’s, 400 (wrongFormat) for one the platform cannot read', async () => {
    const other = createHash('sha256').update('SOMEONE-ELSE').digest('hex')
    const notFound = await ask(stack.io.url, { accessData: { auth_code: other } })
    assert.equal(notFound.status, 403)
    assert.equal(await code(notFound), 'CERTIFICATE_NOT_FOUND')
    const wrong = await ask(stack.io.url, { accessData: { auth_code: 'not-a-hash' } })
    assert.equal(wrong.status, 400)
    assert.equal(await code(wrong), 'PAYLOAD_BAD_FORMAT')
    // The code belongs to Giuseppe: Mario's session gets 403 for it.
    const mario = await loginOverHttp(stack.io.url, TEST_IDENTITIES[0]!.fiscalCode)
    assert.equal((await ask(stack.io.url, { accessData: { auth_code: authCode } }, mario)).status, 403)
  })

  it('504 (temporarily unavailable) when the platform is down, 500 when it refuses IO, 410 when switched off', async () => {
    const variants: [Omit<IoOptions, 'dataDir'>, number, string][] = [
      [{ platformUrl: 'http://127.0.0.1:9', platformKey: 'x' }, 504, 'PLATFORM_TIMEOUT'],
      [{ platformUrl: stack.platform.url, platformKey: 'a-wrong-key-0123456789' }, 500, 'INTERNAL'],
      [
        { platformUrl: stack.platform.url, platformKey: stack.platform.ioClientKey, euCovidCertEnabled: false },
        410,
        'ENDPOINT_GONE',
      ],
    ]
    for (const [options, status, problem] of variants) {
      const io = await startIo({ ...options, dataDir: mkdtempSync(join(tmpdir(), 'io-variant-')), logLevel: 'silent' })
      others.push(io)
      const session = await loginOverHttp(io.url, giuseppe.fiscalCode)
      const response = await ask(io.url, { accessData: { auth_code: authCode } }, session)
      assert.equal(response.status, status)
      assert.equal(await code(response), problem)
    }
  })

  it('expired after the certificate’s technical expiry, with the day', async () => {
    stack.clock = new Date('2028-01-01T10:00:00Z')
    const session = await loginOverHttp(stack.io.url, giuseppe.fiscalCode) // the old session has ended by now
    const request = { accessData: { auth_code: authCode, preferred_languages: ['it_IT'] } }
    const response = await ask(stack.io.url, request, session)
    const body = (await response.json()) as { status: string; info: string; uvci: string }
    assert.equal(body.status, 'expired')
    assert.match(body.info, /^Il certificato è scaduto il \d{2}-\d{2}-\d{4}\.$/)
    assert.match(body.uvci, /^01IT/)
  })
})
