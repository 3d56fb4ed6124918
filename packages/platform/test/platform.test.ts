import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { syncVerifier, VerifierStore } from '@greenpass/verifier'
import { type RunningPlatform, startPlatform } from '../src/platform.ts'

describe('startPlatform on its embedded defaults (SQLite, test keys, dev mailbox and SMS sink)', () => {
  let platform: RunningPlatform
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-data-'))
  before(async () => {
    platform = await startPlatform({ dataDir, port: 0, logLevel: 'silent' })
  })
  after(() => platform.close())

  it('takes an event from the demo facility and delivers its code by email and SMS', async () => {
    const response = await fetch(`${platform.url}/v1/intake/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': platform.demoFacilityKey },
      body: JSON.stringify({
        kind: 'vaccination',
        eventId: 'first-dose',
        person: {
          fiscalCode: 'RSSMRA80A41H501Y',
          givenName: 'Maria',
          familyName: 'Rossi',
          dateOfBirth: '1980-01-01',
          email: 'maria@example.org',
          phone: '+393331234567',
        },
        vaccination: {
          product: 'EU/1/20/1528',
          manufacturer: 'ORG-100030215',
          prophylaxis: '1119349007',
          date: new Date().toISOString().slice(0, 10),
        },
      }),
    })
    assert.equal(response.status, 200, await response.clone().text())
    for (let i = 0; i < 50 && (platform.mailbox?.messages().length ?? 0) === 0; i++) await sleep(100)
    const [mail] = platform.mailbox?.messages() ?? []
    assert.ok(mail, 'an email arrived in the dev mailbox')
    assert.match(JSON.stringify(mail), /AUTHCODE/)
    for (let i = 0; i < 50 && (platform.smsSink?.messages().length ?? 0) === 0; i++) await sleep(100)
    assert.match(JSON.stringify(platform.smsSink?.messages()[0]), /MIN SALUTE/)
  })

  it('serves its DSCs to a verifier through the Italian sync protocol', async () => {
    const store = await VerifierStore.open(join(dataDir, 'verifier'))
    const report = await syncVerifier(store, { baseUrl: `${platform.url}/v1/dgc/`, now: new Date() })
    assert.ok(report.trustList, JSON.stringify(report.errors))
    assert.equal(store.trustList().length, 2)
  })
})
