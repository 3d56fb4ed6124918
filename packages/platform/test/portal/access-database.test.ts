import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { DEFAULT_SETTINGS, parseSettings } from '@greenpass/rules'
import {
  claimDue,
  createFacility,
  findCertificatesByFiscalCode,
  type TestDatabase,
  testEngines,
} from '../../src/db/index.ts'
import { intakeEvent, type IssuanceServices } from '../../src/issuance/intake.ts'
import { initKeys, type KeyStore, openFileKeyStore } from '../../src/keys/index.ts'
import { createAttemptGuard } from '../../src/portal/attempt-guard.ts'
import { dccOf } from '../../src/portal/certificate-facts.ts'
import { recoverCode } from '../../src/portal/recover-code.ts'
import { retrieveByCard } from '../../src/portal/retrieve-by-card.ts'
import { certificateValidity } from '../../src/portal/validity.ts'
import { syntheticPerson } from '../support/persons.ts'

const PEPPER = 'portal-test-pepper-0123456789'
const CARD = { number: '80380000001111222233', expiry: '2029-12-31' }
const person = { ...syntheticPerson(900), tesseraSanitaria: CARD }

let keys: KeyStore
before(async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'portal-keys-')), 'keys')
  await initKeys({ dir, now: new Date('2026-01-01T00:00:00Z'), random: (n) => randomBytes(n) })
  keys = await openFileKeyStore(dir)
})

for (const engine of testEngines())
  describe(`portal access on the database (${engine.name})`, () => {
    let database: TestDatabase
    let services: IssuanceServices
    let code: string
    const at = new Date('2026-03-01T10:00:00Z')

    before(async () => {
      database = await engine.open()
      await createFacility(database.db, { id: 'asl', name: 'asl', apiKey: 'k'.repeat(24) }, at.getTime())
      services = {
        db: database.db,
        keys,
        codePepper: PEPPER,
        random: (n) => randomBytes(n),
        now: () => at,
        portalUrl: 'https://www.dgc.gov.it/',
        emailFrom: 'noreply@dgc.example',
      }
      await intakeEvent(services, 'asl', {
        kind: 'vaccination',
        eventId: 'v1',
        person,
        vaccination: {
          product: 'EU/1/20/1525',
          manufacturer: 'ORG-100001417',
          prophylaxis: '29061000087103',
          date: '2026-02-01',
        },
      })
      const sms = (await claimDue(database.db, at.getTime(), 10, 60_000)).find((m) => m.kind === 'sms')
      code = /AUTHCODE ([A-Z0-9]{10})/.exec((sms?.payload as { text: string }).text)?.[1] as string
      assert.ok(code)
    })
    after(() => database?.dispose())

    const right = () => ({ cardDigits: CARD.number.slice(-8), cardExpiry: CARD.expiry, codeType: 'AUTHCODE', code })

    it('retrieveByCard opens the certificate with the four right facts, and nothing with any one wrong', async () => {
      const found = await retrieveByCard(database.db, PEPPER, right())
      assert.equal(found?.fiscalCode, person.fiscalCode)
      for (const wrong of [
        { cardDigits: '33332222' },
        { cardExpiry: '2029-12-30' },
        { codeType: 'NUCG' },
        { code: 'ABCDEFGHJK' },
        { code: code.toLowerCase() + 'X' },
      ]) {
        assert.equal(
          await retrieveByCard(database.db, PEPPER, { ...right(), ...wrong }),
          undefined,
          JSON.stringify(wrong),
        )
      }
      assert.equal(await retrieveByCard(database.db, 'another-pepper-0123456789', right()), undefined)
    })

    it('recoverCode gives a new code whose hash replaces the old one, and queues it by email and SMS', async () => {
      const request = {
        fiscalCode: person.fiscalCode,
        cardDigits: CARD.number.slice(-8),
        eventKind: 'vaccination' as const,
        eventDate: '2026-02-01',
      }
      assert.equal(await recoverCode(services, { ...request, eventDate: '2026-02-02' }, at), undefined)
      assert.equal(await recoverCode(services, { ...request, eventKind: 'test' }, at), undefined)
      assert.equal(await recoverCode(services, { ...request, cardDigits: '00000000' }, at), undefined)
      const recovered = await recoverCode(services, request, at)
      assert.ok(recovered)
      assert.equal(recovered.notified, 2)
      assert.equal(await retrieveByCard(database.db, PEPPER, right()), undefined, 'the old code stopped working')
      assert.ok(await retrieveByCard(database.db, PEPPER, { ...right(), code: recovered.code }))
      const queued = await claimDue(database.db, at.getTime(), 10, 60_000)
      assert.deepEqual(queued.map((m) => m.kind).sort(), ['email', 'sms'])
      assert.ok(queued.every((m) => JSON.stringify(m.payload).includes(recovered.code)))
      code = recovered.code
    })

    it('the attempt guard locks a card out in the database: a second connection (another node) sees the lock', async () => {
      const guard = createAttemptGuard(database.db, PEPPER)
      const subjects = [
        { kind: 'ip' as const, value: '192.0.2.1' },
        { kind: 'card' as const, value: '12345678' },
      ]
      for (let i = 0; i < 5; i++) {
        assert.deepEqual(await guard.check(subjects, at.getTime() + i), { allowed: true })
        await guard.record(subjects, at.getTime() + i, false)
      }
      const other = await database.reopen()
      try {
        const verdict = await createAttemptGuard(other.db, PEPPER).check(
          [{ kind: 'card', value: '12345678' }],
          at.getTime() + 10,
        )
        assert.equal(verdict.allowed, false)
        assert.equal(verdict.allowed === false && verdict.reason, 'LOCKED_OUT')
        // Another card from the same address is still allowed (the address tolerates more failures).
        assert.deepEqual(
          await createAttemptGuard(other.db, PEPPER).check(
            [
              { kind: 'ip', value: '192.0.2.1' },
              { kind: 'card', value: '87654321' },
            ],
            at.getTime() + 10,
          ),
          { allowed: true },
        )
      } finally {
        await other.close()
      }
      const rows = await database.db.selectFrom('portal_attempts').select('subject').execute()
      assert.ok(
        rows.every((row) => !row.subject.includes('12345678') && !row.subject.includes('192.0.2.1')),
        'stored as hashes',
      )
    })

    it('explains validity from the rules: a Janssen dose, base and rafforzata from day 15', async () => {
      const [certificate] = await findCertificatesByFiscalCode(database.db, person.fiscalCode)
      assert.ok(certificate)
      const validity = certificateValidity(dccOf(certificate), 'any', parseSettings(DEFAULT_SETTINGS), at)
      assert.equal(validity.base.valid, true)
      assert.equal(validity.base.valid && validity.base.from.toISOString(), '2026-02-15T23:00:00.000Z')
      assert.equal(validity.rafforzata.valid, true)
      assert.equal(validity.statusNow, 'VALID')
    })
  })
