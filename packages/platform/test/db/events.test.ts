import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { findCertificateByUvci, findCertificatesByFiscalCode, insertCertificate } from '../../src/db/certificates.ts'
import { findEvent, recordEventOnce, type NewEvent } from '../../src/db/events.ts'
import { createFacility } from '../../src/db/facilities.ts'
import { enqueue } from '../../src/db/outbox.ts'
import { testEngines, type TestDatabase } from '../../src/db/test-database.ts'
import { T0, certificate } from './fixtures.ts'

function event(eventId: string): NewEvent {
  return {
    facilityId: 'asl-roma-1',
    eventId,
    kind: 'vaccination',
    fiscalCode: 'RSSMRA80A01H501U',
    payload: { mp: 'EU/1/20/1528', dt: '2022-01-10' },
    receivedAt: T0,
  }
}

for (const engine of testEngines()) {
  describe(`events: idempotent intake (${engine.name})`, () => {
    let t: TestDatabase
    before(async () => {
      t = await engine.open()
      await createFacility(t.db, { id: 'asl-roma-1', name: 'ASL Roma 1', apiKey: 'k-1' }, T0)
    })
    after(async () => {
      await t?.dispose()
    })

    it('stores the event and its products once; a second delivery gets the stored outcome', async () => {
      let produced = 0
      const produce = async (trx: typeof t.db, ref: number) => {
        produced++
        await insertCertificate(trx, certificate('E1', { eventRef: ref }))
        await enqueue(trx, { kind: 'sms', idempotencyKey: 'E1:sms', payload: { to: '+39 333' } }, T0)
        return { certificates: ['01ITE1#0'] }
      }
      const first = await recordEventOnce(t.db, event('e1'), produce)
      const second = await recordEventOnce(t.db, event('e1'), produce)
      assert.deepEqual(first, { fresh: true, outcome: { certificates: ['01ITE1#0'] } })
      assert.deepEqual(second, { fresh: false, outcome: { certificates: ['01ITE1#0'] } })
      assert.equal(produced, 1)
      const stored = await findEvent(t.db, 'asl-roma-1', 'e1')
      assert.deepEqual(stored?.outcome, { certificates: ['01ITE1#0'] })
      assert.equal((await findCertificateByUvci(t.db, '01ITE1#0'))?.eventRef, stored?.id)
    })

    it('two concurrent transactions with the same (facility, eventId): one produces, the other gets its outcome', async () => {
      let produced = 0
      const produce = async (trx: typeof t.db) => {
        produced++
        // Hold the transaction open so that the other one arrives while this one is undecided.
        await sleep(100)
        await insertCertificate(trx, certificate(`C${produced}`))
        return { n: produced }
      }
      const [a, b] = await Promise.all([
        recordEventOnce(t.db, event('e-conc'), produce),
        sleep(20).then(() => recordEventOnce(t.db, event('e-conc'), produce)),
      ])
      assert.equal(produced, 1)
      assert.deepEqual([a.fresh, b.fresh].sort(), [false, true])
      assert.deepEqual(a.outcome, { n: 1 })
      assert.deepEqual(b.outcome, { n: 1 })
      assert.ok(await findCertificateByUvci(t.db, '01ITC1#0'))
    })

    it('nothing is half-stored when the transaction throws mid-way; a retry then succeeds', async () => {
      await assert.rejects(
        recordEventOnce(t.db, event('e-fail'), async (trx, ref) => {
          await insertCertificate(trx, certificate('F1', { eventRef: ref }))
          await enqueue(trx, { kind: 'email', idempotencyKey: 'F1:email', payload: {} }, T0)
          throw new Error('signer unavailable')
        }),
        /signer unavailable/,
      )
      assert.equal(await findEvent(t.db, 'asl-roma-1', 'e-fail'), undefined)
      assert.equal(await findCertificateByUvci(t.db, '01ITF1#0'), undefined)
      const outbox = await t.db.selectFrom('outbox').select('id').where('idempotency_key', '=', 'F1:email').execute()
      assert.equal(outbox.length, 0)

      const retry = await recordEventOnce(t.db, event('e-fail'), async (trx, ref) => {
        await insertCertificate(trx, certificate('F1', { eventRef: ref }))
        return 'ok'
      })
      assert.deepEqual(retry, { fresh: true, outcome: 'ok' })
    })

    it('when the first of two concurrent transactions rolls back, the second one produces', async () => {
      const calls: string[] = []
      const failing = recordEventOnce(t.db, event('e-race-fail'), async () => {
        calls.push('a')
        await sleep(100)
        throw new Error('boom')
      })
      const succeeding = sleep(20).then(() =>
        recordEventOnce(t.db, event('e-race-fail'), async (trx, ref) => {
          calls.push('b')
          await insertCertificate(trx, certificate('R1', { eventRef: ref }))
          return 'b'
        }),
      )
      const [a, b] = await Promise.allSettled([failing, succeeding])
      assert.equal(a.status, 'rejected')
      assert.deepEqual(b.status === 'fulfilled' ? b.value : b.reason, { fresh: true, outcome: 'b' })
      assert.deepEqual(calls, ['a', 'b'])
      assert.equal((await findEvent(t.db, 'asl-roma-1', 'e-race-fail'))?.outcome, 'b')
    })

    it('an unknown facility is refused by the foreign key', async () => {
      await assert.rejects(recordEventOnce(t.db, { ...event('x'), facilityId: 'nobody' }, async () => 1))
    })

    it('certificates: by fiscal code in issuance order, supersede and revoke once', async () => {
      const { markSuperseded, revokeCertificate, findCertificateByCodeHash } =
        await import('../../src/db/certificates.ts')
      await insertCertificate(t.db, certificate('S1', { fiscalCode: 'BNCLRA90A41H501X', issuedAt: T0 + 2 }))
      await insertCertificate(t.db, certificate('S0', { fiscalCode: 'BNCLRA90A41H501X', issuedAt: T0 + 1 }))
      const list = await findCertificatesByFiscalCode(t.db, 'bnclra90a41h501x')
      assert.deepEqual(
        list.map((c) => c.uvci),
        ['01ITS0#0', '01ITS1#0'],
      )
      assert.equal(await markSuperseded(t.db, '01ITS0#0', '01ITS1#0'), true)
      assert.equal(await markSuperseded(t.db, '01ITS0#0', '01ITS1#0'), false)
      assert.equal(await revokeCertificate(t.db, '01ITS1#0', T0 + 5, 'fraud'), true)
      assert.equal(await revokeCertificate(t.db, '01ITS1#0', T0 + 6, 'again'), false)
      const revoked = await findCertificateByCodeHash(t.db, 'hash-S1')
      assert.equal(revoked?.revokedAt, T0 + 5)
      assert.equal(revoked?.revokeReason, 'fraud')
      assert.equal((await findCertificateByUvci(t.db, '01ITS0#0'))?.supersededBy, '01ITS1#0')
      await assert.rejects(insertCertificate(t.db, certificate('S2', { codeHash: 'hash-S1' })), 'code hash is unique')
    })
  })
}
