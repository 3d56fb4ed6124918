import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createTrustStore, importDsc, verifyHc1 } from '@greenpass/hcert'
import {
  claimDue,
  findCertificatesByFiscalCode,
  postgresSkipNotice,
  type TestDatabase,
  testEngines,
} from '../../src/db/index.ts'
import { type IntakeApp, startIntakeApp } from '../support/intake-app.ts'
import { initKeys, type KeyStore, openFileKeyStore } from '../../src/keys/index.ts'

const API_KEY = 'facility-key-0123456789abcdef'
const person = {
  fiscalCode: 'RSSMRA80A41H501Y',
  givenName: 'Maria',
  familyName: 'Rossi',
  dateOfBirth: '1980-01-01',
  email: 'maria@example.org',
  phone: '+393331234567',
}
const pfizer = (eventId: string, date: string) => ({
  kind: 'vaccination',
  eventId,
  person,
  vaccination: {
    product: 'EU/1/20/1528',
    manufacturer: 'ORG-100030215',
    prophylaxis: '1119349007',
    date,
    country: 'IT',
  },
})

let keys: KeyStore
before(async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'platform-keys-')), 'keys')
  await initKeys({ dir, now: new Date('2026-04-01T00:00:00Z'), random: (n) => randomBytes(n) })
  keys = await openFileKeyStore(dir)
})

const skip = postgresSkipNotice()
if (skip) it.skip(skip)

for (const engine of testEngines()) {
  describe(`intake over HTTP → certificates, codes, notifications (${engine.name})`, () => {
    let intake: IntakeApp
    let database: TestDatabase
    let base: string
    let clock = new Date('2026-11-01T09:00:00Z')
    before(async () => {
      intake = await startIntakeApp(engine, { keys, facility: { id: 'asl-roma-1', apiKey: API_KEY }, now: () => clock })
      ;({ database, base } = intake)
    })
    after(() => intake.close())
    const post = (path: string, body: unknown, key = API_KEY) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify(body),
      })

    it('issues 1/2, 2/2 and 3/3 for two Pfizer doses and a booster, signed, with their notifications', async () => {
      const doses = [
        ['dose-1', '2026-05-01', '2026-05-01T10:00:00Z'],
        ['dose-2', '2026-05-22', '2026-05-22T10:00:00Z'],
        ['dose-3', '2026-10-30', '2026-11-01T09:00:00Z'],
      ] as const
      for (const [eventId, date, now] of doses) {
        clock = new Date(now)
        const response = await post('/v1/intake/events', pfizer(eventId, date))
        assert.equal(response.status, 200, await response.clone().text())
        const body = (await response.json()) as { certificates: { kind: string; codeType: string }[] }
        assert.deepEqual(
          body.certificates.map((c) => [c.kind, c.codeType]),
          [['vaccination', 'AUTHCODE']],
        )
      }
      const stored = await findCertificatesByFiscalCode(database.db, person.fiscalCode)
      assert.deepEqual(
        stored.map((c) => [c.dn, c.sd]),
        [
          [1, 2],
          [2, 2],
          [3, 3],
        ],
      )
      const trustStore = createTrustStore(
        keys
          .certificates()
          .filter((c) => c.role === 'dsc')
          .map((c) => importDsc(c.der)),
      )
      for (const certificate of stored) {
        const { cwt } = verifyHc1(certificate.hc1, { trustStore, at: clock })
        assert.equal(cwt.dcc.v?.[0]?.ci, certificate.uvci)
        assert.match(certificate.uvci, /^01IT[0-9A-F]{32}#[0-9]$/)
        assert.ok(!JSON.stringify(certificate).includes('"code"'), 'the clear code is never stored')
      }
      const outbox = await claimDue(database.db, clock.getTime() + 1000, 100, 60_000)
      assert.deepEqual(outbox.map((m) => m.kind).sort(), ['email', 'email', 'email', 'sms', 'sms', 'sms'])
      const sms = outbox.find((m) => m.kind === 'sms')?.payload as { from: string; text: string }
      assert.equal(sms.from, 'MIN SALUTE')
      assert.match(sms.text, /MA\* R\*/)
      assert.doesNotMatch(sms.text, /Rossi|RSSMRA/)
    })

    it('is idempotent: the same event twice gives the first outcome and no new certificate', async () => {
      const again = await post('/v1/intake/events', pfizer('dose-1', '2026-05-01'))
      assert.equal(again.status, 200)
      assert.equal((await findCertificatesByFiscalCode(database.db, person.fiscalCode)).length, 3)
    })

    it('refuses bad events with every problem, unknown facilities with 401, and keeps batches going', async () => {
      const bad = await post('/v1/intake/events', {
        kind: 'test',
        eventId: 'self-test',
        person: { ...person, fiscalCode: 'RSSMRA80A41H501X' },
        test: { type: 'antigen', sample: 'saliva', sampledAt: '2026-11-01T08:00:00Z', result: 'negative' },
      })
      assert.equal(bad.status, 422)
      const problem = (await bad.json()) as { code: string; problems: { path: string }[] }
      assert.equal(problem.code, 'EVENT_INVALID')
      assert.ok(problem.problems.length >= 2, JSON.stringify(problem.problems))
      assert.equal((await post('/v1/intake/events', pfizer('x', '2026-05-01'), 'wrong-key-0123456789')).status, 401)
      const batch = await post('/v1/intake/events/batch', {
        events: [pfizer('dose-4', '2026-10-31'), { kind: 'vaccination', eventId: 'broken', person }],
      })
      const { results } = (await batch.json()) as { results: { status: string }[] }
      assert.deepEqual(
        results.map((r) => r.status),
        ['ok', 'refused'],
      )
    })
  })
}
