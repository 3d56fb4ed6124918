import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createTrustStore, importDsc, verifyHc1 } from '@greenpass/hcert'
import {
  createFacility,
  findCertificatesByFiscalCode,
  postgresSkipNotice,
  revokeCertificate,
  type TestDatabase,
  testEngines,
} from '../../src/db/index.ts'
import { fiscalCodeCheckCharacter } from '../../src/domain/index.ts'
import { intakeEvent, type IssuanceServices } from '../../src/issuance/intake.ts'
import { runBoosterAlignment, runRenewal } from '../../src/jobs/index.ts'
import { initKeys, type KeyStore, openFileKeyStore } from '../../src/keys/index.ts'

const FACILITY = 'asl-roma-1'
const JOB_DAY = new Date('2026-12-01T03:00:00Z')

function fiscalCode(n: number): string {
  const first15 = `RSSMRA80A41H${String(n).padStart(3, '0')}`
  return first15 + fiscalCodeCheckCharacter(first15)
}

const pfizer = (n: number, eventId: string, date: string) => ({
  kind: 'vaccination',
  eventId,
  person: {
    fiscalCode: fiscalCode(n),
    givenName: 'Maria',
    familyName: 'Rossi',
    dateOfBirth: '1980-01-01',
    email: `maria${n}@example.org`,
    phone: `+39333123${String(n).padStart(4, '0')}`,
  },
  vaccination: {
    product: 'EU/1/20/1528',
    manufacturer: 'ORG-100030215',
    prophylaxis: '1119349007',
    date,
    country: 'IT',
  },
})

async function makeKeys(now: string): Promise<KeyStore> {
  const dir = join(mkdtempSync(join(tmpdir(), 'jobs-keys-')), 'keys')
  await initKeys({ dir, now: new Date(now), random: (n) => randomBytes(n) })
  return openFileKeyStore(dir)
}

/** A key store whose `at`-th signer() call throws: a crash in the middle of a person's transaction. */
function crashingKeys(keys: KeyStore, at: number): KeyStore {
  let calls = 0
  return {
    certificates: () => keys.certificates(),
    signer(name) {
      calls++
      if (calls === at) throw new Error('simulated crash')
      return keys.signer(name)
    },
  }
}

let keys2026: KeyStore
let keys2027: KeyStore
before(async () => {
  keys2026 = await makeKeys('2026-04-01T00:00:00Z')
  keys2027 = await makeKeys('2027-09-01T00:00:00Z')
})

const skip = postgresSkipNotice()
if (skip) it.skip(skip)

for (const engine of testEngines()) {
  describe(`re-issue jobs (${engine.name})`, () => {
    let database: TestDatabase
    let clock = new Date('2026-05-01T10:00:00Z')
    const services = (keys: KeyStore): IssuanceServices => ({
      db: database.db,
      keys,
      codePepper: 'test-pepper-0123456789',
      random: (n) => randomBytes(n),
      now: () => clock,
      portalUrl: 'https://www.dgc.gov.it/',
      emailFrom: 'noreply@dgc.example',
    })

    /** Two doses and a booster through intake: 1/2, 2/2, 3/3. */
    async function vaccinate(n: number): Promise<void> {
      for (const [eventId, date, now] of [
        [`p${n}-1`, '2026-05-01', '2026-05-01T10:00:00Z'],
        [`p${n}-2`, '2026-05-22', '2026-05-22T10:00:00Z'],
        [`p${n}-3`, '2026-10-30', '2026-11-01T09:00:00Z'],
      ] as const) {
        clock = new Date(now)
        await intakeEvent(services(keys2026), FACILITY, pfizer(n, eventId, date))
      }
    }

    /** Rewrites a person's 3/3 as the pre-2021-12-27 encoding 3/2 (payload and columns). */
    async function encodeAsThreeOfTwo(n: number): Promise<string> {
      const booster = (await findCertificatesByFiscalCode(database.db, fiscalCode(n))).find((c) => c.dn === 3)
      assert.ok(booster)
      const payload = booster.payload as { dcc: { v: { sd: number }[] } }
      payload.dcc.v[0] = { ...payload.dcc.v[0], sd: 2 } as { sd: number }
      await database.db
        .updateTable('certificates')
        .set({ sd: 2, payload: JSON.stringify(payload) })
        .where('uvci', '=', booster.uvci)
        .execute()
      return booster.uvci
    }

    const outboxKeys = async () =>
      (await database.db.selectFrom('outbox').select('idempotency_key').execute()).map((r) => r.idempotency_key)

    describe('3/2 → 3/3 alignment', () => {
      const old = new Map<number, string>()
      before(async () => {
        database = await engine.open()
        await createFacility(database.db, { id: FACILITY, name: 'ASL Roma 1', apiKey: 'facility-key-0123456789' }, 0)
        for (let n = 1; n <= 6; n++) {
          await vaccinate(n)
          old.set(n, await encodeAsThreeOfTwo(n))
        }
        // A revoked 3/2 is never re-issued; a 3/3 person (7) is no candidate at all.
        assert.ok(await revokeCertificate(database.db, old.get(6) as string, Date.now(), 'test'))
        await vaccinate(7)
      })
      after(async () => {
        await database.dispose()
      })

      it('a crash at the 3rd person leaves persons 1–2 done and the rest untouched', async () => {
        // signer() is called twice to build the context, then once per new certificate.
        const crash = runBoosterAlignment(
          { ...services(crashingKeys(keys2026, 2 + 3)), now: () => JOB_DAY },
          { now: JOB_DAY, batchSize: 2 },
        )
        await assert.rejects(crash, /simulated crash/)
        const superseded = await database.db
          .selectFrom('certificates')
          .select('uvci')
          .where('superseded_by', 'is not', null)
          .execute()
        assert.deepEqual(superseded.map((r) => r.uvci).sort(), [old.get(1), old.get(2)].sort())
        const keysAfterCrash = await outboxKeys()
        assert.equal(keysAfterCrash.length, 7 * 3 * 2 + 2 * 2, 'intake messages plus one email and SMS per new one')
      })

      it('the rerun completes: each 3/2 gets one signed 3/3 replacement and one email and SMS', async () => {
        const outcome = await runBoosterAlignment(services(keys2026), { now: JOB_DAY, batchSize: 2 })
        assert.deepEqual(outcome, { persons: 3, reissuedPersons: 3, certificates: 3, notifications: 6, conflicts: 0 })
        const trustStore = createTrustStore(
          keys2026
            .certificates()
            .filter((c) => c.role === 'dsc')
            .map((c) => importDsc(c.der)),
        )
        const outbox = await outboxKeys()
        for (let n = 1; n <= 5; n++) {
          const stored = await findCertificatesByFiscalCode(database.db, fiscalCode(n))
          const previous = stored.find((c) => c.uvci === old.get(n))
          const replacements = stored.filter((c) => c.dn === 3 && c.sd === 3)
          assert.equal(replacements.length, 1, `person ${n}: one replacement`)
          const replacement = replacements[0] as (typeof stored)[number]
          assert.equal(previous?.supersededBy, replacement.uvci)
          assert.notEqual(replacement.codeHash, previous?.codeHash)
          assert.equal(replacement.eventRef, null)
          const { cwt } = verifyHc1(replacement.hc1, { trustStore, at: JOB_DAY })
          assert.deepEqual([cwt.dcc.v?.[0]?.dn, cwt.dcc.v?.[0]?.sd, cwt.dcc.v?.[0]?.ci], [3, 3, replacement.uvci])
          assert.equal(outbox.filter((key) => key.endsWith(replacement.uvci)).length, 2)
        }
        const revoked = await findCertificatesByFiscalCode(database.db, fiscalCode(6))
        assert.equal(revoked.length, 3, 'the revoked 3/2 is not re-issued')
        const audit = await database.db.selectFrom('audit').selectAll().execute()
        assert.equal(audit.filter((entry) => entry.action === 'reissue.align-boosters').length, 5)
      })

      it('running again issues nothing', async () => {
        const before = await outboxKeys()
        const outcome = await runBoosterAlignment(services(keys2026), { now: JOB_DAY, batchSize: 100 })
        assert.equal(outcome.certificates, 0)
        assert.equal(outcome.notifications, 0)
        assert.deepEqual(await outboxKeys(), before)
      })

      it('two runs at once issue each replacement once (the conditional supersede refuses the loser)', async () => {
        await vaccinate(8)
        await encodeAsThreeOfTwo(8)
        const outcomes = await Promise.all([
          runBoosterAlignment(services(keys2026), { now: JOB_DAY }),
          runBoosterAlignment(services(keys2026), { now: JOB_DAY }),
        ])
        assert.equal(outcomes[0].certificates + outcomes[1].certificates, 1)
        const stored = await findCertificatesByFiscalCode(database.db, fiscalCode(8))
        assert.equal(stored.filter((c) => c.sd === 3 && c.dn === 3).length, 1)
      })
    })

    describe('540-day renewal', () => {
      before(async () => {
        database = await engine.open()
        await createFacility(database.db, { id: FACILITY, name: 'ASL Roma 1', apiKey: 'facility-key-0123456789' }, 0)
        await vaccinate(20)
      })
      after(async () => {
        await database.dispose()
      })

      it('renews nothing outside the window, or with a DSC that would not extend it', async () => {
        // The booster ends with its DSC (2027-09-23): renewing with that same DSC would end on the same second.
        const early = await runRenewal(services(keys2026), { now: JOB_DAY, windowDays: 30 })
        assert.equal(early.certificates, 0)
        const same = await runRenewal(services(keys2026), { now: new Date('2027-09-05T00:00:00Z'), windowDays: 30 })
        assert.deepEqual([same.persons, same.certificates], [1, 0])
      })

      it('a booster near its end gets one renewal, told to the holder; twice gives one', async () => {
        const at = new Date('2027-09-05T00:00:00Z')
        const first = await runRenewal(services(keys2027), { now: at, windowDays: 30 })
        assert.deepEqual(first, { persons: 1, reissuedPersons: 1, certificates: 1, notifications: 2, conflicts: 0 })
        const second = await runRenewal(services(keys2027), { now: at, windowDays: 30 })
        assert.equal(second.certificates, 0)
        const stored = await findCertificatesByFiscalCode(database.db, fiscalCode(20))
        const renewal = stored.find((c) => c.issuedAt === at.getTime())
        assert.ok(renewal)
        assert.deepEqual([renewal.dn, renewal.sd], [3, 3])
        assert.ok(renewal.exp > Date.parse('2029-02-01T00:00:00Z') / 1000, 'a further 540 days (to the new DSC)')
        const booster = stored.find((c) => c.supersededBy === renewal.uvci)
        assert.equal(booster?.dn, 3)
        const trustStore = createTrustStore(
          keys2027
            .certificates()
            .filter((c) => c.role === 'dsc')
            .map((c) => importDsc(c.der)),
        )
        verifyHc1(renewal.hc1, { trustStore, at })
        assert.equal((await outboxKeys()).filter((key) => key.endsWith(renewal.uvci)).length, 2)
      })

      it('refuses a window that would renew renewals at once', async () => {
        await assert.rejects(runRenewal(services(keys2027), { now: JOB_DAY, windowDays: 540 }), {
          code: 'JOB_OPTIONS_INVALID',
        })
      })
    })
  })
}
