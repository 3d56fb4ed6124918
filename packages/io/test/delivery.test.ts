import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { decodeHc1, readQr } from '@greenpass/hcert'
import { TEST_IDENTITIES } from '@greenpass/idp'
import { setSenderAllowed } from '../src/store/profiles.ts'
import { loginOverHttp } from './support/login.ts'
import { inbox, type Stack, startStack, vaccination, waitFor } from './support/stack.ts'

/** The platform's IO jobs that are still to be delivered. */
async function pendingIoJobs(stack: Stack) {
  return stack.platform.database.db
    .selectFrom('outbox')
    .select(['attempts', 'last_error'])
    .where('kind', '=', 'io')
    .where('done_at', 'is', null)
    .execute()
}

describe('certificates reach the IO inbox', () => {
  let stack: Stack
  before(async () => {
    stack = await startStack(new Date('2026-03-01T09:00:00Z'))
  })
  after(() => stack?.close())

  it('three certificates issued before the first login arrive as three messages after it', async () => {
    const lucia = TEST_IDENTITIES[1]!
    const steps: [string, unknown][] = [
      ['2026-03-01T10:00:00Z', vaccination(lucia, 'l1', '2026-03-01')],
      ['2026-03-22T10:00:00Z', vaccination(lucia, 'l2', '2026-03-22')],
      [
        '2026-04-10T10:00:00Z',
        {
          kind: 'test',
          eventId: 'l3',
          person: { ...lucia, email: 'lucia@example.org' },
          test: {
            sampledAt: '2026-04-10T08:00:00Z',
            result: 'negative',
            type: 'molecular',
            sample: 'nasopharyngeal-swab',
          },
        },
      ],
    ]
    for (const [at, event] of steps) {
      stack.clock = new Date(at)
      assert.equal((await stack.intake(event)).status, 200)
    }
    // No IO profile yet: the platform asks IO, hears 404, and has nobody to tell.
    await waitFor('the IO jobs to be settled', async () =>
      (await pendingIoJobs(stack)).length === 0 ? true : undefined,
    )

    const cookie = await loginOverHttp(stack.io.url, lucia.fiscalCode)
    const messages = await waitFor('three messages', async () => {
      const items = await inbox(stack.io.url, cookie)
      return items.length === 3 ? items : undefined
    })
    assert.ok(messages.every((m) => m.eu_covid_cert && !m.read))

    // Each opens as its own certificate, fetched from the platform with the session's fiscal code.
    const uvcis = new Set<string>()
    for (const message of messages) {
      const { eu_covid_cert } = (await (
        await fetch(`${stack.io.url}/api/v1/messages/${message.id}`, { headers: { cookie } })
      ).json()) as { eu_covid_cert: { auth_code: string } }
      const response = await fetch(`${stack.io.url}/api/v1/eucovidcert/certificate`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ accessData: { auth_code: eu_covid_cert.auth_code, preferred_languages: ['de_DE'] } }),
      })
      assert.equal(response.status, 200)
      const certificate = (await response.json()) as {
        status: string
        qr_code: { content: string }
        uvci: string
        header_info: { title: string }
        info: string
        detail: string
      }
      assert.equal(certificate.status, 'valid')
      assert.equal(certificate.header_info.title, 'Grünes COVID-19-Zertifikat')
      const hc1 = await readQr(new Uint8Array(Buffer.from(certificate.qr_code.content, 'base64')))
      const dcc = decodeHc1(hc1).cwt.dcc
      assert.equal(dcc.nam.fn, lucia.familyName)
      assert.match(certificate.info, new RegExp(`iohandledlink://copy:${certificate.uvci.replace(/[#]/g, '\\#')}`))
      assert.match(certificate.detail, /Gesundheitsministerium/)
      uvcis.add(certificate.uvci)
    }
    assert.equal(uvcis.size, 3)
    assert.ok(
      (await inbox(stack.io.url, cookie)).every((m) => m.read),
      'opened messages are read',
    )
  })

  it('a message sent while IO is down is delivered once IO is back', async () => {
    const mario = TEST_IDENTITIES[0]!
    await loginOverHttp(stack.io.url, mario.fiscalCode)
    await stack.io.close()

    stack.clock = new Date('2026-04-11T10:00:00Z')
    assert.equal((await stack.intake(vaccination(mario, 'm1', '2026-04-11'))).status, 200)
    const failed = await waitFor('a failed attempt', async () => {
      const [job] = await pendingIoJobs(stack)
      return job?.last_error ? job : undefined
    })
    assert.match(failed.last_error ?? '', /IO not reachable/)

    await stack.startIo()
    stack.clock = new Date('2026-04-11T11:00:00Z') // past any backoff delay
    const cookie = await loginOverHttp(stack.io.url, mario.fiscalCode)
    const [message] = await waitFor('the late message', async () => {
      const items = await inbox(stack.io.url, cookie)
      return items.length === 1 ? items : undefined
    })
    assert.ok(message?.eu_covid_cert)
  })

  it('nothing is sent to a citizen who blocked the service, and the job is done (not retried)', async () => {
    const giuseppe = TEST_IDENTITIES[2]!
    const cookie = await loginOverHttp(stack.io.url, giuseppe.fiscalCode)
    setSenderAllowed(stack.io.db, giuseppe.fiscalCode, false)
    stack.clock = new Date('2026-04-12T10:00:00Z')
    assert.equal((await stack.intake(vaccination(giuseppe, 'g1', '2026-04-12'))).status, 200)
    await waitFor('the IO job to be settled', async () =>
      (await pendingIoJobs(stack)).length === 0 ? true : undefined,
    )
    const job = await stack.platform.database.db
      .selectFrom('outbox')
      .select(['done_at', 'last_error'])
      .where('kind', '=', 'io')
      .where('created_at', '=', stack.clock.getTime())
      .executeTakeFirstOrThrow()
    assert.deepEqual(job, { done_at: stack.clock.getTime(), last_error: null }, 'delivered to nobody, not dead')
    assert.deepEqual(await inbox(stack.io.url, cookie), [])
  })
})
