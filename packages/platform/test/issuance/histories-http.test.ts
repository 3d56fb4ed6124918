import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createTrustStore, type Dcc, importDsc, verifyHc1 } from '@greenpass/hcert'
import {
  claimDue,
  fiscalCodeCheckCharacter,
  findCertificatesByFiscalCode,
  type TestDatabase,
  testEngines,
} from '../../src/index.ts'
import { type IntakeApp, startIntakeApp } from '../support/intake-app.ts'
import { initKeys, type KeyStore, openFileKeyStore } from '../../src/keys/index.ts'

const KEY = 'histories-facility-key-0123456789'
let keys: KeyStore
before(async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'histories-keys-')), 'keys')
  await initKeys({ dir, now: new Date('2026-01-01T00:00:00Z'), random: (n) => randomBytes(n) })
  keys = await openFileKeyStore(dir)
})

/** A valid fiscal code per person number: the check character computed, not hard-coded. */
function fiscalCode(n: number): string {
  const first15 = `RSSMRA80A41H${String(n).padStart(3, '0')}`
  return first15 + fiscalCodeCheckCharacter(first15)
}
const person = (n: number) => ({
  fiscalCode: fiscalCode(n),
  givenName: 'Maria',
  familyName: 'Rossi',
  dateOfBirth: '1980-01-01',
  email: `p${n}@example.org`,
  phone: '+393331234567',
})
const dose = (n: number, id: string, date: string, product = 'EU/1/20/1528') => ({
  kind: 'vaccination',
  eventId: id,
  person: person(n),
  vaccination:
    product === 'EU/1/20/1525'
      ? { product, manufacturer: 'ORG-100001417', prophylaxis: '29061000087103', date }
      : { product, manufacturer: 'ORG-100030215', prophylaxis: '1119349007', date },
})
const test = (n: number, id: string, at: string, extra: Record<string, unknown>) => ({
  kind: 'test',
  eventId: id,
  person: person(n),
  test: { sampledAt: at, result: 'negative', ...extra },
})
const recovery = (n: number, id: string, firstPositive: string, clearedOn: string) => ({
  kind: 'recovery',
  eventId: id,
  person: person(n),
  recovery: { firstPositive, clearedOn },
})

for (const engine of testEngines())
  describe(`whole histories through the HTTP API with a controllable clock (${engine.name})`, () => {
    let intake: IntakeApp
    let database: TestDatabase
    let base: string
    let clock = new Date('2026-03-01T08:00:00Z')
    before(async () => {
      intake = await startIntakeApp(engine, { keys, facility: { id: 'asl', apiKey: KEY }, now: () => clock })
      ;({ database, base } = intake)
    })
    after(() => intake.close())

    /** Posts events in order, each at the clock given, and returns every certificate of the person, decoded. */
    async function run(n: number, steps: [string, unknown][]) {
      for (const [at, event] of steps) {
        clock = new Date(at)
        const response = await fetch(`${base}/v1/intake/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': KEY },
          body: JSON.stringify(event),
        })
        assert.equal(response.status, 200, await response.clone().text())
      }
      const dscs = keys.certificates().filter((c) => c.role === 'dsc')
      const trustStore = createTrustStore(dscs.map((c) => importDsc(c.der)))
      return (await findCertificatesByFiscalCode(database.db, fiscalCode(n))).map((stored) => {
        const { cwt, dsc } = verifyHc1(stored.hc1, { trustStore, at: new Date(stored.iat * 1000) })
        const signer = dscs.find((c) => c.kidBase64 === dsc.kidBase64)?.name
        return {
          dcc: cwt.dcc as Dcc,
          iat: cwt.iat ?? 0,
          exp: cwt.exp ?? 0,
          signer,
          codeType: stored.codeType,
          uvci: stored.uvci,
        }
      })
    }
    const doses = (certificates: { dcc: Dcc }[]) =>
      certificates.filter((c) => c.dcc.v).map((c) => `${c.dcc.v?.[0]?.dn}/${c.dcc.v?.[0]?.sd}`)

    it('Janssen then a booster: 1/1 then 2/1', async () => {
      const certificates = await run(1, [
        ['2026-03-01T10:00:00Z', dose(1, 'j1', '2026-03-01', 'EU/1/20/1525')],
        ['2026-09-01T10:00:00Z', dose(1, 'j2', '2026-09-01')],
      ])
      assert.deepEqual(doses(certificates), ['1/1', '2/1'])
      for (const c of certificates) {
        assert.equal(c.signer, 'ordinary')
        assert.match(c.uvci, /^01IT[0-9A-F]{32}#\d$/)
        assert.ok(c.exp - c.iat <= 540 * 86_400, 'technical validity at most 540 days')
      }
    })

    it('infection 20 days after a first dose: 1/1 and a recovery; 10 days after: only the recovery', async () => {
      const late = await run(2, [
        ['2026-03-01T10:00:00Z', dose(2, 'a1', '2026-03-01')],
        [
          '2026-03-21T10:00:00Z',
          test(2, 'a2', '2026-03-21T09:00:00Z', {
            type: 'molecular',
            sample: 'nasopharyngeal-swab',
            result: 'positive',
          }),
        ],
        ['2026-04-05T10:00:00Z', recovery(2, 'a3', '2026-03-21', '2026-04-04')],
      ])
      assert.deepEqual(doses(late), ['1/2', '1/1'])
      assert.equal(late.filter((c) => c.dcc.r).length, 1)
      const early = await run(3, [
        ['2026-03-01T10:00:00Z', dose(3, 'b1', '2026-03-01')],
        [
          '2026-03-11T10:00:00Z',
          test(3, 'b2', '2026-03-11T09:00:00Z', {
            type: 'molecular',
            sample: 'nasopharyngeal-swab',
            result: 'positive',
          }),
        ],
        ['2026-03-26T10:00:00Z', recovery(3, 'b3', '2026-03-11', '2026-03-25')],
      ])
      assert.deepEqual(doses(early), ['1/2'])
      assert.equal(early.filter((c) => c.dcc.r).length, 1)
    })

    it('recovery after a completed cycle is a recovery bis, signed by the recovery-only DSC', async () => {
      const certificates = await run(4, [
        ['2026-03-01T10:00:00Z', dose(4, 'c1', '2026-03-01')],
        ['2026-03-22T10:00:00Z', dose(4, 'c2', '2026-03-22')],
        [
          '2026-06-01T10:00:00Z',
          test(4, 'c3', '2026-06-01T09:00:00Z', {
            type: 'molecular',
            sample: 'oropharyngeal-swab',
            result: 'positive',
          }),
        ],
        ['2026-06-15T10:00:00Z', recovery(4, 'c4', '2026-06-01', '2026-06-14')],
      ])
      const [bis] = certificates.filter((c) => c.dcc.r)
      assert.equal(bis?.signer, 'recovery')
      assert.equal(bis?.codeType, 'NUCG')
      assert.equal(bis?.dcc.r?.[0]?.fr, '2026-06-01')
    })

    it('negative tests: antigen valid 48 h (NRFE), molecular 72 h (CUN) from sampling', async () => {
      const certificates = await run(5, [
        [
          '2026-03-01T12:00:00Z',
          test(5, 't1', '2026-03-01T10:00:00+01:00', { type: 'antigen', sample: 'nasal-swab', device: '1232' }),
        ],
        [
          '2026-03-05T12:00:00Z',
          test(5, 't2', '2026-03-05T09:00:00Z', { type: 'molecular', sample: 'nasopharyngeal-swab' }),
        ],
      ])
      assert.deepEqual(
        certificates.map((c) => [c.codeType, new Date(c.exp * 1000).toISOString()]),
        [
          ['NRFE', '2026-03-03T09:00:00.000Z'],
          ['CUN', '2026-03-08T09:00:00.000Z'],
        ],
      )
      const outbox = await claimDue(database.db, Date.parse('2026-03-06T00:00:00Z'), 1000, 60_000)
      const emails = outbox.filter((m) => m.kind === 'email' && (m.payload as { to: string }).to === 'p5@example.org')
      assert.deepEqual(emails.map((m) => (m.payload as { text: string }).text.match(/NRFE|CUN/)?.[0]).sort(), [
        'CUN',
        'NRFE',
      ])
    })

    it('refuses the test kinds the seeds exclude, each with its own code', async () => {
      clock = new Date('2026-03-10T12:00:00Z')
      const cases = [
        { type: 'antigen', sample: 'saliva', device: '1232' },
        { type: 'molecular', sample: 'saliva' },
        { type: 'serological', sample: 'nasal-swab' },
      ]
      const codes = []
      for (const [i, extra] of cases.entries()) {
        const response = await fetch(`${base}/v1/intake/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': KEY },
          body: JSON.stringify(test(6, `r${i}`, '2026-03-10T09:00:00Z', extra)),
        })
        assert.equal(response.status, 422)
        codes.push(((await response.json()) as { problems: { code: string }[] }).problems.map((p) => p.code).join(','))
      }
      assert.equal(new Set(codes).size, 3, codes.join(' | '))
      assert.equal((await findCertificatesByFiscalCode(database.db, fiscalCode(6))).length, 0)
    })
  })
