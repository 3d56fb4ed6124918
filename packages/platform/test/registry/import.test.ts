import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { findPerson, postgresSkipNotice, type TestDatabase, testEngines } from '../../src/db/index.ts'
import { fiscalCodeCheckCharacter } from '../../src/domain/index.ts'
import { formatOfFile, importPersons, isRegistryError, parseCsv } from '../../src/registry/index.ts'

const NOW = new Date('2026-11-01T09:00:00Z')
const HEADER = 'fiscalCode,givenName,familyName,dateOfBirth,tsNumber,tsExpiry,email,phone'

/** A valid fiscal code, the n-th of a family (day 01–28, place H000–H999). */
function fiscalCode(n: number): string {
  const day = String(1 + (Math.floor(n / 1000) % 28)).padStart(2, '0')
  const first15 = `RSSMRA80A${day}H${String(n % 1000).padStart(3, '0')}`
  return first15 + fiscalCodeCheckCharacter(first15)
}

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted commas, doubled quotes, line breaks in quotes, CRLF, a BOM; lines are physical', () => {
    const text = '\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"two\nlines",z\n\n"",last\n'
    assert.deepEqual(parseCsv(text), [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] },
      { line: 6, fields: ['', 'last'] },
    ])
  })
  it('keeps a last record without a newline and empty trailing fields', () => {
    assert.deepEqual(parseCsv('a,b\n1,'), [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', ''] },
    ])
  })
  it('refuses an unterminated quote and text after a closing quote, naming the line', () => {
    assert.throws(
      () => parseCsv('a\n"open\n'),
      (e) => isRegistryError(e, 'REGISTRY_INPUT_INVALID') && /line 2/.test(e.message),
    )
    assert.throws(
      () => parseCsv('"a"b,c\n'),
      (e) => isRegistryError(e, 'REGISTRY_INPUT_INVALID'),
    )
  })
})

it('formatOfFile reads the extension', () => {
  assert.equal(formatOfFile('data/persons.CSV'), 'csv')
  assert.equal(formatOfFile('persons.json'), 'json')
  assert.equal(formatOfFile('persons.txt'), undefined)
})

const skip = postgresSkipNotice()
if (skip) it.skip(skip)

for (const engine of testEngines()) {
  describe(`importPersons (${engine.name})`, () => {
    let database: TestDatabase
    before(async () => {
      database = await engine.open()
    })
    after(async () => {
      await database.dispose()
    })

    it('stores valid CSV rows, refuses invalid ones whole with every problem by line', async () => {
      const csv = [
        HEADER,
        `${fiscalCode(1)},Maria,"Rossi, detta ""Mary""",1980-01-01,80380000000000000001,2027-12-31,maria@example.org,+39 333 123 4567`,
        // Wrong check character, impossible date, 19-digit card, bad email: four problems, nothing stored.
        `${fiscalCode(2).slice(0, 15)}X,Luca,Bianchi,1980-02-30,8038000000000000000,2027-12-31,luca@,`,
        `${fiscalCode(3)},"Anna\nMaria",Verdi,1975-06-15,,,,`,
        `${fiscalCode(4)},,Neri,2030-01-01,,,,12`,
        `${fiscalCode(5)},Too,Few`,
      ].join('\r\n')
      const outcome = await importPersons(database.db, csv, 'csv', NOW)
      assert.equal(outcome.imported, 2)
      assert.deepEqual(
        outcome.refused.map((r) => [r.line, r.problems.map((p) => `${p.path}:${p.code}`)]),
        [
          [3, ['/fiscalCode:FISCAL_CODE_CHECK_CHARACTER', '/dateOfBirth:FORMAT', '/tsNumber:FORMAT', '/email:FORMAT']],
          [6, ['/givenName:REQUIRED', '/dateOfBirth:DATE_IN_FUTURE', '/phone:FORMAT']],
          [7, [':FIELD_COUNT']],
        ],
      )
      const maria = await findPerson(database.db, fiscalCode(1))
      assert.equal(maria?.familyName, 'Rossi, detta "Mary"')
      assert.equal(maria?.phone, '+393331234567')
      assert.equal(maria?.tsNumber, '80380000000000000001')
      assert.equal((await findPerson(database.db, fiscalCode(3)))?.givenName, 'Anna\nMaria')
      assert.equal(await findPerson(database.db, fiscalCode(2)), undefined)
      assert.equal(await findPerson(database.db, fiscalCode(4)), undefined)
    })

    it('reads a JSON array (line = 1-based index); an update keeps contacts the row leaves out', async () => {
      const json = JSON.stringify([
        { fiscalCode: fiscalCode(1).toLowerCase(), givenName: 'Maria', familyName: 'Rossi', dateOfBirth: '1980-01-01' },
        {
          fiscalCode: fiscalCode(6),
          givenName: 'Paolo',
          familyName: 'Gialli',
          dateOfBirth: '1990-03-03',
          tsNumber: '1',
        },
        'not a row',
        { fiscalCode: 42, givenName: 'X', familyName: 'Y', dateOfBirth: '1990-01-01', nickname: 'z' },
      ])
      const outcome = await importPersons(database.db, json, 'json', NOW)
      assert.equal(outcome.imported, 1)
      assert.deepEqual(
        outcome.refused.map((r) => [r.line, r.problems.map((p) => `${p.path}:${p.code}`)]),
        [
          [2, ['/tsNumber:FORMAT', '/tsExpiry:REQUIRED']],
          [3, [':ROW_TYPE']],
          [4, ['/nickname:UNKNOWN_FIELD', '/fiscalCode:TYPE']],
        ],
      )
      const maria = await findPerson(database.db, fiscalCode(1))
      assert.equal(maria?.fiscalCode, fiscalCode(1))
      assert.equal(maria?.email, 'maria@example.org')
    })

    it('a person on two rows is stored once, the later row winning', async () => {
      const csv = `${HEADER}\n${fiscalCode(8)},Early,Row,1980-01-01,,,,\n${fiscalCode(8)},Late,Row,1980-01-01,,,,\n`
      assert.deepEqual(await importPersons(database.db, csv, 'csv', NOW), { imported: 1, refused: [] })
      assert.equal((await findPerson(database.db, fiscalCode(8)))?.givenName, 'Late')
    })

    it('refuses unreadable input as a whole, storing nothing', async () => {
      await assert.rejects(importPersons(database.db, '{', 'json', NOW), (e) =>
        isRegistryError(e, 'REGISTRY_INPUT_INVALID'),
      )
      await assert.rejects(importPersons(database.db, '{"a":1}', 'json', NOW), (e) =>
        isRegistryError(e, 'REGISTRY_INPUT_INVALID'),
      )
      await assert.rejects(
        importPersons(database.db, `fiscalCode,givenName,surname\n${fiscalCode(7)},A,B\n`, 'csv', NOW),
        (e) => isRegistryError(e, 'REGISTRY_HEADER_INVALID') && /unknown surname/.test(e.message),
      )
      assert.equal(await findPerson(database.db, fiscalCode(7)), undefined)
      assert.deepEqual(await importPersons(database.db, '', 'csv', NOW), { imported: 0, refused: [] })
    })

    it('imports a 10,000-row file in batches, refusing its bad rows', async () => {
      const lines = [HEADER]
      for (let n = 0; n < 10_000; n++) {
        const email = n % 1000 === 999 ? 'broken' : `p${n}@example.it`
        lines.push(`${fiscalCode(n + 100)},Nome${n},"Cognome, ${n}",1970-01-01,,,${email},`)
      }
      const started = Date.now()
      const outcome = await importPersons(database.db, `${lines.join('\n')}\n`, 'csv', NOW, { batchSize: 2000 })
      assert.equal(outcome.imported, 9_990)
      assert.equal(outcome.refused.length, 10)
      assert.equal(outcome.refused[0]?.line, 1001)
      assert.equal((await findPerson(database.db, fiscalCode(5100)))?.familyName, 'Cognome, 5000')
      assert.ok(Date.now() - started < 30_000, 'a 10,000-row import takes seconds, not minutes')
    })
  })
}
