import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { TEST_IDENTITIES } from '@greenpass/idp'
import { PermissionGroup, type RunningIo, startIo } from '../src/index.ts'
import { loginOverHttp } from './support/login.ts'

const KEYS = { dgc: 'dgc-service-key-0123456789', town: 'town-service-key-0123456789', reader: 'reader-key-0123456789' }
const citizen = TEST_IDENTITIES[0]!.fiscalCode
const stranger = 'SPNDNL80R13C555X' // IO's documentation example: right shape, wrong check character, no profile
const markdown = 'Questo è il testo del messaggio, lungo abbastanza da superare gli ottanta caratteri richiesti da IO.'

describe('IO services API', () => {
  let io: RunningIo
  before(async () => {
    io = await startIo({
      dataDir: mkdtempSync(join(tmpdir(), 'io-services-')),
      platformUrl: 'http://127.0.0.1:9', // not used by these tests
      platformKey: 'unused-platform-key',
      logLevel: 'silent',
      services: [
        { id: 'dgc', name: 'Ministero della Salute', key: KEYS.dgc, groups: Object.values(PermissionGroup) },
        {
          id: 'town',
          name: 'Comune',
          key: KEYS.town,
          groups: [PermissionGroup.ApiLimitedProfileRead, PermissionGroup.ApiMessageWrite],
        },
        { id: 'reader', name: 'Lettore', key: KEYS.reader, groups: [PermissionGroup.ApiLimitedProfileRead] },
      ],
    })
    await loginOverHttp(io.url, citizen)
  })
  after(() => io?.close())

  const post = (path: string, body: unknown, key: string | undefined, extra: Record<string, string> = {}) =>
    fetch(`${io.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key === undefined ? {} : { 'ocp-apim-subscription-key': key }),
        ...extra,
      },
      body: JSON.stringify(body),
    })
  const problem = async (response: Response) => {
    assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/)
    return ((await response.json()) as { code: string }).code
  }
  const message = (fiscal_code: string, content: Record<string, unknown> = {}) => ({
    fiscal_code,
    content: { subject: 'Un messaggio di prova', markdown, ...content },
  })

  it('gives the limited profile of a citizen who logged in, 404 otherwise', async () => {
    const found = await post('/api/v1/profiles', { fiscal_code: citizen }, KEYS.reader)
    assert.equal(found.status, 200)
    assert.deepEqual(await found.json(), { sender_allowed: true, preferred_languages: ['it_IT'] })
    const missing = await post('/api/v1/profiles', { fiscal_code: stranger }, KEYS.reader)
    assert.equal(missing.status, 404)
    assert.equal(await problem(missing), 'PROFILE_NOT_FOUND')
  })

  it('names the caller by its subscription key: 401 without or with an unknown one', async () => {
    assert.equal(
      await problem(await post('/api/v1/profiles', { fiscal_code: citizen }, undefined)),
      'SUBSCRIPTION_KEY_UNKNOWN',
    )
    const wrong = await post('/api/v1/messages', message(citizen), 'not-a-key')
    assert.equal(wrong.status, 401)
  })

  it('checks every field: fiscal code shape, subject 10–120, markdown 80–10000, time_to_live 3600–604800', async () => {
    const bad: unknown[] = [
      message('rssmra80a01h501u'),
      message(citizen, { subject: 'too short' }),
      message(citizen, { subject: 'x'.repeat(121) }),
      message(citizen, { markdown: 'short' }),
      message(citizen, { markdown: 'x'.repeat(10_001) }),
      { ...message(citizen), time_to_live: 3599 },
      { ...message(citizen), time_to_live: 604_801 },
      message(citizen, { eu_covid_cert: {} }),
      { fiscal_code: citizen },
    ]
    for (const body of bad) {
      const response = await post('/api/v1/messages', body, KEYS.dgc)
      assert.equal(response.status, 400, JSON.stringify(body).slice(0, 80))
      assert.equal(await problem(response), 'REQUEST_INVALID')
    }
  })

  it('sends a message: 201 with a ULID id and Location; the same idempotency key gives the same message', async () => {
    const headers = { 'idempotency-key': 'town-1' }
    const first = await post('/api/v1/messages', { ...message(citizen), time_to_live: 3600 }, KEYS.town, headers)
    assert.equal(first.status, 201)
    const { id } = (await first.json()) as { id: string }
    assert.match(id, /^[0-9A-HJKMNP-TV-Z]{26}$/)
    assert.equal(first.headers.get('location'), `/api/v1/messages/${id}`)
    const again = await post('/api/v1/messages', message(citizen), KEYS.town, headers)
    assert.deepEqual(await again.json(), { id })
  })

  it('lets only services in ApiMessageWriteEUCovidCert send eu_covid_cert', async () => {
    const withCert = message(citizen, { eu_covid_cert: { auth_code: 'a'.repeat(64) } })
    const refused = await post('/api/v1/messages', withCert, KEYS.town)
    assert.equal(refused.status, 403)
    assert.equal(await problem(refused), 'EU_COVID_CERT_NOT_ALLOWED')
    assert.equal((await post('/api/v1/messages', withCert, KEYS.dgc)).status, 201)
  })

  it('refuses writing without ApiMessageWrite (403) and to a citizen with no profile (403)', async () => {
    const reader = await post('/api/v1/messages', message(citizen), KEYS.reader)
    assert.equal(reader.status, 403)
    assert.equal(await problem(reader), 'PERMISSION_MISSING')
    const nobody = await post('/api/v1/messages', message(stranger), KEYS.dgc)
    assert.equal(nobody.status, 403)
    assert.equal(await problem(nobody), 'RECIPIENT_UNKNOWN')
  })

  it('publishes its OpenAPI document', async () => {
    const doc = (await (await fetch(`${io.url}/docs/json`)).json()) as { paths: Record<string, unknown> }
    for (const path of ['/api/v1/profiles', '/api/v1/messages', '/api/v1/eucovidcert/certificate']) {
      assert.ok(doc.paths[path], path)
    }
  })
})
