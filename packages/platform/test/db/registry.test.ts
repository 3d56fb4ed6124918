import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { appendAudit, listAudit } from '../../src/db/audit.ts'
import { createFacility, findFacilityByApiKey, findFacilityByKeyHash, hashApiKey } from '../../src/db/facilities.ts'
import { findPerson, upsertPerson, upsertPersons } from '../../src/db/persons.ts'
import { getAllSettings, removeSetting, upsertSettings } from '../../src/db/settings.ts'
import { testEngines, type TestDatabase } from '../../src/db/test-database.ts'
import { T0 } from './fixtures.ts'

for (const engine of testEngines()) {
  describe(`persons, facilities, settings, audit (${engine.name})`, () => {
    let t: TestDatabase
    before(async () => {
      t = await engine.open()
    })
    after(async () => {
      await t?.dispose()
    })

    it('persons: import many, then an event completes without erasing contacts', async () => {
      const persons = Array.from({ length: 1_200 }, (_, i) => ({
        fiscalCode: `rssmra80a01h${String(i).padStart(3, '0')}u`,
        givenName: 'Mario',
        familyName: 'Rossi',
        dob: '1980-01-01',
        email: `m${i}@example.it`,
        tsNumber: '80380000000000000001',
        tsExpiry: '2026-12-31',
      }))
      assert.equal(await upsertPersons(t.db, persons, T0), 1_200)
      await upsertPerson(
        t.db,
        {
          fiscalCode: 'RSSMRA80A01H007U',
          givenName: 'Mario Luigi',
          familyName: 'Rossi',
          dob: '1980-01-01',
          phone: '+39',
        },
        T0 + 1,
      )
      const p = await findPerson(t.db, 'rssmra80a01h007u')
      assert.deepEqual(p, {
        fiscalCode: 'RSSMRA80A01H007U',
        givenName: 'Mario Luigi',
        familyName: 'Rossi',
        dob: '1980-01-01',
        tsNumber: '80380000000000000001',
        tsExpiry: '2026-12-31',
        email: 'm7@example.it',
        phone: '+39',
        createdAt: T0,
        updatedAt: T0 + 1,
      })
      assert.equal(await findPerson(t.db, 'XXXXXX00X00X000X'), undefined)
    })

    it('facilities: found by key (stored hashed only), key hashes unique', async () => {
      await createFacility(t.db, { id: 'f1', name: 'ASL 1', apiKey: 'secret-1' }, T0)
      assert.deepEqual(await findFacilityByApiKey(t.db, 'secret-1'), { id: 'f1', name: 'ASL 1', createdAt: T0 })
      assert.equal((await findFacilityByKeyHash(t.db, hashApiKey('secret-1')))?.id, 'f1')
      assert.equal(await findFacilityByApiKey(t.db, 'secret-2'), undefined)
      const stored = await t.db.selectFrom('facilities').select('api_key_hash').executeTakeFirstOrThrow()
      assert.notEqual(stored.api_key_hash, 'secret-1')
      await assert.rejects(createFacility(t.db, { id: 'f2', name: 'ASL 2', apiKey: 'secret-1' }, T0))
    })

    it('settings: upsert by (name, type), get all in order, remove', async () => {
      await upsertSettings(t.db, [
        { name: 'vaccine_end_day_complete', type: 'EU/1/20/1528', value: '180' },
        { name: 'rapid_test_end_hours', type: 'GENERIC', value: '48' },
        { name: 'black_list_uvci', type: 'black_list_uvci', value: '' },
      ])
      await upsertSettings(t.db, [{ name: 'rapid_test_end_hours', type: 'GENERIC', value: '72' }])
      assert.deepEqual(await getAllSettings(t.db), [
        { name: 'black_list_uvci', type: 'black_list_uvci', value: '' },
        { name: 'rapid_test_end_hours', type: 'GENERIC', value: '72' },
        { name: 'vaccine_end_day_complete', type: 'EU/1/20/1528', value: '180' },
      ])
      assert.equal(await removeSetting(t.db, 'rapid_test_end_hours', 'GENERIC'), true)
      assert.equal(await removeSetting(t.db, 'rapid_test_end_hours', 'GENERIC'), false)
      assert.equal((await getAllSettings(t.db)).length, 2)
    })

    it('audit: appended and listed newest first', async () => {
      await appendAudit(t.db, { at: T0, actor: 'admin', action: 'revoke', subject: '01ITA#0', details: { r: 1 } })
      await appendAudit(t.db, { at: T0 + 1, actor: 'admin', action: 'settings' })
      const all = await listAudit(t.db)
      assert.deepEqual(
        all.map((a) => [a.action, a.subject, a.details]),
        [
          ['settings', null, null],
          ['revoke', '01ITA#0', { r: 1 }],
        ],
      )
      assert.equal((await listAudit(t.db, { subject: '01ITA#0' })).length, 1)
    })
  })
}
