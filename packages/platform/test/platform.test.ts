import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseSettings, ScanMode } from '@greenpass/rules'
import { syncVerifier, VerifierStore, verifyCertificate } from '@greenpass/verifier'
import { findCertificatesByFiscalCode } from '../src/db/index.ts'
import { type RunningPlatform, startPlatform } from '../src/platform.ts'

describe('startPlatform on its embedded defaults (SQLite, test keys, dev mailbox and SMS sink)', () => {
  let platform: RunningPlatform
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-data-'))
  before(async () => {
    platform = await startPlatform({ dataDir, port: 0, logLevel: 'silent' })
  })
  after(() => platform.close())

  it('publishes DRL version 1, an empty snapshot, from the first start (raw HTTP as the SDK asks)', async () => {
    const get = async (path: string) => {
      const response = await fetch(`${platform.url}${path}`, { headers: { accept: 'application/json' } })
      assert.equal(response.status, 200, path)
      return (await response.json()) as Record<string, unknown>
    }
    const check = await get('/v1/dgc/drl/check?version=0')
    assert.equal(check.version, 1)
    assert.deepEqual([check.totalNumberUCVI, check.numDiAdd, check.totalChunk, check.chunk], [0, 0, 1, 1])
    assert.equal(check.fromVersion, undefined, 'a snapshot, not "up to date"')
    const chunk = await get('/v1/dgc/drl?version=0&chunk=1')
    assert.deepEqual([chunk.version, chunk.chunk, chunk.lastChunk, chunk.revokedUcvi], [1, 1, 1, []])
    const current = await get('/v1/dgc/drl/check?version=1')
    assert.deepEqual([current.version, current.fromVersion, current.totalNumberUCVI], [1, 1, 0])
  })

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

  it('lets a verifier sync from it (DSCs, settings, DRL) and say VALID for the certificate it issued', async () => {
    const store = await VerifierStore.open(join(dataDir, 'verifier'))
    const report = await syncVerifier(store, { baseUrl: `${platform.url}/v1/dgc/`, now: new Date() })
    assert.equal(report.ok, true, JSON.stringify(report.errors))
    assert.equal(store.trustList().length, 2)
    const [certificate] = await findCertificatesByFiscalCode(platform.database.db, 'RSSMRA80A41H501Y')
    assert.ok(certificate)
    const data = {
      trustStore: store.trustStore(),
      settings: parseSettings(store.settingsRows()),
      isRevoked: (hash: string) => store.drl.has(hash),
    }
    // A first dose (1/2) is valid from day 15 in Italy: NOT_VALID_YET today, VALID in three weeks.
    const today = verifyCertificate(certificate.hc1, data, { mode: ScanMode.BASE, at: new Date() })
    assert.deepEqual([today.status, today.certificateType], ['NOT_VALID_YET', 'vaccination'])
    const later = verifyCertificate(certificate.hc1, data, {
      mode: ScanMode.BASE,
      at: new Date(Date.now() + 21 * 86_400_000),
    })
    assert.equal(later.status, 'VALID')
  })

  it('revokes through the admin API: a new DRL version, and the verifier then says REVOKED; blacklist → NOT_VALID', async () => {
    const [certificate] = await findCertificatesByFiscalCode(platform.database.db, 'RSSMRA80A41H501Y')
    assert.ok(certificate)
    const admin = (path: string, method: string, body: unknown, token = platform.adminToken) =>
      fetch(`${platform.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      })
    const refused = await admin(
      `/v1/admin/certificates/${encodeURIComponent(certificate.uvci)}/revoke`,
      'POST',
      { reason: 'x' },
      'nope',
    )
    assert.equal(refused.status, 401)
    const revoked = await admin(`/v1/admin/certificates/${encodeURIComponent(certificate.uvci)}/revoke`, 'POST', {
      reason: 'issued in error',
    })
    assert.equal(revoked.status, 200, await revoked.clone().text())
    const again = await admin(`/v1/admin/certificates/${encodeURIComponent(certificate.uvci)}/revoke`, 'POST', {
      reason: 'x',
    })
    assert.equal(again.status, 409)

    const store = await VerifierStore.open(join(dataDir, 'verifier'))
    const later = new Date(Date.now() + 21 * 86_400_000)
    const sync = async () => {
      const report = await syncVerifier(store, { baseUrl: `${platform.url}/v1/dgc/`, now: new Date() })
      assert.equal(report.ok, true, JSON.stringify(report.errors))
      return {
        trustStore: store.trustStore(),
        settings: parseSettings(store.settingsRows()),
        isRevoked: (h: string) => store.drl.has(h),
      }
    }
    const afterRevocation = verifyCertificate(certificate.hc1, await sync(), { mode: ScanMode.BASE, at: later })
    assert.equal(afterRevocation.status, 'REVOKED')

    const blacklisted = await admin('/v1/admin/blacklist', 'POST', { add: [certificate.uvci] })
    assert.equal(blacklisted.status, 200)
    const afterBlacklist = verifyCertificate(certificate.hc1, await sync(), { mode: ScanMode.BASE, at: later })
    assert.deepEqual([afterBlacklist.status, afterBlacklist.reason], ['NOT_VALID', 'BLACKLISTED'])

    const broken = await admin('/v1/admin/settings', 'PUT', [
      { name: 'rapid_test_end_hours', type: 'GENERIC', value: 'soon' },
    ])
    assert.equal(broken.status, 422)
    const rows = (await (await fetch(`${platform.url}/v1/dgc/settings`)).json()) as { name: string; value: string }[]
    assert.equal(rows.find((r) => r.name === 'rapid_test_end_hours')?.value, '48', 'a refused edit changes nothing')

    // The apps' rows are served from the first start and edited like any other.
    const served = (name: string, type: string) =>
      fetch(`${platform.url}/v1/dgc/settings`)
        .then((response) => response.json() as Promise<{ name: string; type: string; value: string }[]>)
        .then((all) => all.find((r) => r.name === name && r.type === type)?.value)
    assert.equal(await served('android', 'APP_MIN_VERSION'), '1.2.9')
    assert.match((await served('valid_faq_link', 'IT')) ?? '', /^https:\/\//)
    const edited = await admin('/v1/admin/settings', 'PUT', [
      { name: 'ios', type: 'APP_MIN_VERSION', value: '2.0.1' },
      { name: '3G_scan_mode_description', type: 'IT', value: 'Verifica BASE.' },
    ])
    assert.equal(edited.status, 200)
    assert.equal(await served('ios', 'APP_MIN_VERSION'), '2.0.1')
    assert.equal(await served('3G_scan_mode_description', 'IT'), 'Verifica BASE.')
  })
})
