import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { TEST_IDENTITIES } from '@greenpass/idp'
import { type RunningPlatform, startPlatform } from '@greenpass/platform'
import { PermissionGroup, type RunningIo, startIo } from '../src/index.ts'
import { pendingPlatformNotices } from '../src/store/platform-notices.ts'
import { loginOverHttp } from './support/login.ts'
import { inbox, vaccination, waitFor } from './support/stack.ts'

const PLATFORM_KEY = 'io-client-key-0123456789abcdef'
const SERVICE_KEY = 'dgc-service-key-0123456789abcdef'

describe('a first login while the platform is down', () => {
  let io: RunningIo
  let platform: RunningPlatform | undefined
  let platformPort: number
  let clock = new Date('2026-05-01T10:00:00Z')
  const now = () => clock
  before(async () => {
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    platformPort = (probe.address() as { port: number }).port
    await new Promise<void>((resolve) => probe.close(() => resolve()))
    io = await startIo({
      dataDir: mkdtempSync(join(tmpdir(), 'io-down-')),
      platformUrl: `http://127.0.0.1:${platformPort}`,
      platformKey: PLATFORM_KEY,
      services: [
        { id: 'dgc', name: 'Ministero della Salute', key: SERVICE_KEY, groups: Object.values(PermissionGroup) },
      ],
      now,
      logLevel: 'silent',
      notifierIntervalMs: 100,
    })
  })
  after(async () => {
    await io?.close()
    await platform?.close()
  })

  it('is told to the platform once it is back, which then sends the earlier certificates', async () => {
    const lucia = TEST_IDENTITIES[1]!
    const platformDir = mkdtempSync(join(tmpdir(), 'io-down-platform-'))
    const launch = () =>
      startPlatform({
        dataDir: platformDir,
        port: platformPort,
        now,
        logLevel: 'silent',
        ioUrl: io.url,
        ioClientKey: PLATFORM_KEY,
        ioServiceKey: SERVICE_KEY,
      })
    // A certificate issued before the citizen ever used IO: nobody to tell yet.
    platform = await launch()
    const issued = await fetch(`${platform.url}/v1/intake/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': platform.demoFacilityKey },
      body: JSON.stringify(vaccination(lucia, 'l1', '2026-05-01')),
    })
    assert.equal(issued.status, 200)
    const db = platform.database.db
    await waitFor('the IO job to be settled', async () => {
      const pending = await db.selectFrom('outbox').select('id').where('done_at', 'is', null).where('kind', '=', 'io')
      return (await pending.execute()).length === 0 ? true : undefined
    })
    await platform.close()
    platform = undefined

    // First login while the platform is down: the notice waits in IO.
    const cookie = await loginOverHttp(io.url, lucia.fiscalCode)
    await waitFor('a failed notice', async () =>
      (io.db.prepare('select attempts from platform_notices').get() as { attempts: number } | undefined)?.attempts
        ? true
        : undefined,
    )
    assert.equal(pendingPlatformNotices(io.db), 1)

    platform = await launch()
    clock = new Date('2026-05-01T12:00:00Z') // past the notifier's backoff
    await waitFor('the notice to be taken', async () => (pendingPlatformNotices(io.db) === 0 ? true : undefined))
    const items = await waitFor('the earlier certificate', async () => {
      const list = await inbox(io.url, cookie)
      return list.length > 0 ? list : undefined
    })
    assert.equal(items.length, 1)
    assert.ok(items[0]?.eu_covid_cert)
  })
})
