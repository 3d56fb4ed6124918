import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createFacility, findEvent, postgresSkipNotice, type TestDatabase, testEngines } from '../../src/db/index.ts'
import { DomainError } from '../../src/domain/index.ts'
import { intakeBatch } from '../../src/issuance/intake.ts'
import { initKeys, type KeyStore, openFileKeyStore } from '../../src/keys/index.ts'
import { firstDoseEvent } from '../support/persons.ts'

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
  })
}
