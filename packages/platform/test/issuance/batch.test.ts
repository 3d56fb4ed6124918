import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  createFacility,
  findCertificatesByFiscalCode,
  findEvent,
  findPerson,
  outboxCounts,
  postgresSkipNotice,
  type TestDatabase,
  testEngines,
} from '../../src/db/index.ts'
import { DomainError } from '../../src/domain/index.ts'
import { intakeBatch } from '../../src/issuance/intake.ts'
import { initKeys, type KeyStore, openFileKeyStore } from '../../src/keys/index.ts'
import { firstDoseEvent, syntheticPerson } from '../support/persons.ts'

let keys: KeyStore
before(async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'batch-keys-')), 'keys')
  await initKeys({ dir, now: new Date(Date.now() - 86_400_000), random: (n) => randomBytes(n) })
  keys = await openFileKeyStore(dir)
})

const skip = postgresSkipNotice()
if (skip) it.skip(skip)

for (const engine of testEngines()) {
  describe(`intakeBatch: one transaction per batch, one per event when recording fails (${engine.name})`, () => {
    let database: TestDatabase
    before(async () => {
      database = await engine.open()
      await createFacility(database.db, { id: 'asl', name: 'ASL', apiKey: 'batch-facility-key-0123456789' }, Date.now())
    })
    after(() => database.dispose())

    it('refuses invalid events, records the rest, and a recording failure costs only its own event', async () => {
      // The key store fails while the third valid event is being recorded, as an expiring DSC would mid-batch.
      // Recording one first dose looks the signers up three times (both DSCs for the decision, one to sign), so the
      // third event's first lookup is call 7 in the batch transaction and call 14 in the one-by-one retry.
      let calls = 0
      const flaky: KeyStore = {
        certificates: () => keys.certificates(),
        signer(name) {
          calls++
          if (calls === 7 || calls === 14) throw new DomainError('SIGNER_EXPIRED', 'the DSC expired')
          return keys.signer(name)
        },
      }
      const services = {
        db: database.db,
        keys: flaky,
        codePepper: 'batch-pepper-0123456789',
        random: (n: number) => new Uint8Array(randomBytes(n)),
        now: () => new Date(),
        portalUrl: 'https://www.dgc.gov.it/',
        emailFrom: 'noreply@dgc.example',
      }
      const events = [
        firstDoseEvent(1),
        { kind: 'vaccination', eventId: 'broken' },
        firstDoseEvent(2),
        firstDoseEvent(3),
        firstDoseEvent(4),
      ]
      const results = await intakeBatch(services, 'asl', events)
      assert.deepEqual(
        results.map((r) => (r.status === 'ok' ? 'ok' : r.code)),
        ['ok', 'EVENT_INVALID', 'ok', 'SIGNER_EXPIRED', 'ok'],
      )
      // The failed event left nothing behind: no event row, so a retry by the facility is taken afresh.
      assert.equal(await findEvent(database.db, 'asl', 'dose1-3'), undefined)
      assert.ok(await findEvent(database.db, 'asl', 'dose1-4'))
      const retry = await intakeBatch({ ...services, keys }, 'asl', [firstDoseEvent(3)])
      assert.equal(retry[0]?.status, 'ok')
    })

    it('decides each event after the ones before it in the batch, and records a repeated event once', async () => {
      const services = {
        db: database.db,
        keys,
        codePepper: 'batch-pepper-0123456789',
        random: (n: number) => new Uint8Array(randomBytes(n)),
        now: () => new Date(),
        portalUrl: 'https://www.dgc.gov.it/',
        emailFrom: 'noreply@dgc.example',
      }
      const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10)
      const first = firstDoseEvent(100, day(60))
      const { email: _email, ...withoutEmail } = syntheticPerson(100)
      const second = {
        ...firstDoseEvent(100, day(30)),
        eventId: 'dose2-100',
        person: { ...withoutEmail, phone: '+393330000999' },
      }
      const other = firstDoseEvent(101, day(10))
      const queued = async () => (await outboxCounts(database.db, Date.now())).pending
      const queuedBefore = await queued()
      const results = await intakeBatch(services, 'asl', [first, second, first, other])
      const uvcis = results.map((r) => (r.status === 'ok' ? r.certificates.map((c) => c.uvci) : r.code))
      assert.deepEqual(uvcis[2], uvcis[0], 'the copy of an event in the same batch gets its outcome')
      const doses = (await findCertificatesByFiscalCode(database.db, first.person.fiscalCode))
        .map((c) => [c.dn, c.sd])
        .sort()
      assert.deepEqual(doses, [
        [1, 2],
        [2, 2],
      ])
      const person = await findPerson(database.db, first.person.fiscalCode)
      assert.equal(person?.email, first.person.email, 'an event without email keeps the one given before')
      assert.equal(person?.phone, '+393330000999')
      assert.equal(
        (await queued()) - queuedBefore,
        5,
        'email and SMS to the contacts each event gave (the second no email)',
      )

      // Sent again with a new event: the stored ones repeat their outcomes and issue nothing more.
      const again = await intakeBatch(services, 'asl', [other, firstDoseEvent(102, day(5)), second])
      assert.deepEqual(
        again.map((r) => (r.status === 'ok' ? r.certificates.length : r.code)),
        [1, 1, 1],
      )
      assert.deepEqual(again[0], results[3])
      assert.deepEqual(again[2], results[1])
      assert.equal((await findCertificatesByFiscalCode(database.db, other.person.fiscalCode)).length, 1)
    })
  })
}
