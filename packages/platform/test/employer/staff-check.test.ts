import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { DEFAULT_SETTINGS } from '@greenpass/rules'
import type { FastifyInstance } from 'fastify'
import {
  createFacility,
  findCertificatesByFiscalCode,
  listAudit,
  postgresSkipNotice,
  revokeCertificate,
  type TestDatabase,
  testEngines,
  upsertSettings,
} from '../../src/db/index.ts'
import { hashFiscalCode, type FiscalCode } from '../../src/domain/fiscal-code.ts'
import { buildPlatformApp } from '../../src/http/app.ts'
import { employerRoutes } from '../../src/http/employer/routes.ts'
import { intakeRoutes } from '../../src/http/intake/routes.ts'
import { initKeys, type KeyStore, openFileKeyStore } from '../../src/keys/index.ts'
import { launchBrowser } from '@greenpass/testkit'
import { firstDoseEvent, syntheticPerson } from '../support/persons.ts'

const PEPPER = 'employer-test-pepper-0123456789'
const ADMIN_TOKEN = 'employer-test-admin-token'
const FACILITY_KEY = 'facility-key-0123456789abcdef'
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10)
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** The people on the staff list: a valid first dose, an expired one, a revoked one, and no certificate at all. */
const valid = syntheticPerson(101).fiscalCode
const expired = syntheticPerson(102).fiscalCode
const revoked = syntheticPerson(103).fiscalCode
const none = syntheticPerson(104).fiscalCode

let keys: KeyStore
const keysDir = mkdtempSync(join(tmpdir(), 'employer-keys-'))
before(async () => {
  await initKeys({ dir: keysDir, now: new Date(Date.now() - 86_400_000), random: (n) => randomBytes(n) })
  keys = await openFileKeyStore(keysDir)
})
after(() => rmSync(keysDir, { recursive: true, force: true }))

const skip = postgresSkipNotice()
if (skip) it.skip(skip)

for (const engine of testEngines()) {
  describe(`employers' staff check over HTTP (${engine.name})`, () => {
    let database: TestDatabase
    let app: FastifyInstance
    let base: string
    let employerKey: string

    const check = (csv: string, level = 'BASE', key = employerKey) =>
      fetch(`${base}/v1/employer/staff-checks?level=${level}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', 'x-api-key': key },
        body: csv,
      })
    const registerEmployer = (id: string, token = ADMIN_TOKEN) =>
      fetch(`${base}/v1/admin/employers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ id, name: 'ACME S.p.A.' }),
      })

    before(async () => {
      database = await engine.open()
      await createFacility(database.db, { id: 'asl', name: 'ASL', apiKey: FACILITY_KEY }, Date.now())
      await upsertSettings(database.db, [...DEFAULT_SETTINGS])
      const now = () => new Date()
      app = await buildPlatformApp({
        logLevel: 'silent',
        plugins: [
          intakeRoutes({
            db: database.db,
            keys,
            codePepper: PEPPER,
            random: (n) => randomBytes(n),
            now,
            portalUrl: 'https://www.dgc.gov.it/',
            emailFrom: 'noreply@dgc.example',
          }),
          employerRoutes({ db: database.db, adminToken: ADMIN_TOKEN, pepper: PEPPER, keyUsageOf: () => 'any', now }),
        ],
      })
      base = await app.listen({ port: 0, host: '127.0.0.1' })
      for (const [i, days] of [
        [101, 30],
        [102, 100],
        [103, 30],
      ] as const) {
        const response = await fetch(`${base}/v1/intake/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': FACILITY_KEY },
          body: JSON.stringify(firstDoseEvent(i, daysAgo(days))),
        })
        assert.equal(response.status, 200, await response.text())
      }
      const [toRevoke] = await findCertificatesByFiscalCode(database.db, revoked)
      assert.ok(toRevoke && (await revokeCertificate(database.db, toRevoke.uvci, Date.now(), 'test')))
      const created = await registerEmployer('acme')
      assert.equal(created.status, 201)
      employerKey = ((await created.json()) as { apiKey: string }).apiKey
    })

    after(async () => {
      await app?.close()
      await database?.dispose()
    })

    it('answers per row only whether the person holds a certificate valid now, the fiscal code as sent', async () => {
      const csv = `codice_fiscale,reparto\n${valid},magazzino\n ${expired.toLowerCase()} ,uffici\n${revoked}\n${none}\nRSSMRA85T10A562X\n`
      const response = await check(csv)
      assert.equal(response.status, 200)
      const answer = (await response.json()) as { level: string; rows: unknown[] }
      assert.equal(answer.level, 'BASE')
      assert.deepEqual(answer.rows, [
        { fiscalCode: valid, valid: true },
        { fiscalCode: ` ${expired.toLowerCase()} `, valid: false },
        { fiscalCode: revoked, valid: false },
        { fiscalCode: none, valid: false },
        { fiscalCode: 'RSSMRA85T10A562X', error: 'FISCAL_CODE_CHECK_CHARACTER' },
      ])
    })

    it('judges at the chosen level: a first dose is not enough for BOOSTER', async () => {
      const answer = (await (await check(valid, 'BOOSTER')).json()) as { rows: unknown[] }
      assert.deepEqual(answer.rows, [{ fiscalCode: valid, valid: false }])
    })

    it('audits every person checked under a keyed hash, never the fiscal code in clear', async () => {
      const earlier = (await listAudit(database.db, { limit: 1000 })).length
      assert.equal((await check(`${valid}\n${none}\n${valid}\n`)).status, 200)
      const log = await listAudit(database.db, { limit: 1000 })
      const entries = log.slice(0, log.length - earlier) // newest first
      assert.equal(entries.length, 2)
      const subjects = new Set(entries.map((entry) => entry.subject))
      assert.deepEqual(
        subjects,
        new Set([hashFiscalCode(valid as FiscalCode, PEPPER), hashFiscalCode(none as FiscalCode, PEPPER)]),
      )
      for (const entry of entries) {
        assert.equal(entry.actor, 'employer:acme')
        assert.equal(entry.action, 'employer.staff-check')
      }
      const text = JSON.stringify(log)
      for (const code of [valid, expired, revoked, none]) assert.ok(!text.includes(code), 'fiscal code in the audit')
    })

    it('refuses unknown keys, unreadable or empty lists and unknown levels with stable codes', async () => {
      const problem = async (response: Response) => [
        response.status,
        ((await response.json()) as { code: string }).code,
      ]
      assert.deepEqual(await problem(await check(valid, 'BASE', 'not-the-key-0123456789')), [
        401,
        'EMPLOYER_UNAUTHORISED',
      ])
      assert.deepEqual(await problem(await check(`"${valid}\n`)), [400, 'STAFF_LIST_INVALID'])
      assert.deepEqual(await problem(await check('codice_fiscale\n\n')), [422, 'STAFF_LIST_EMPTY'])
      assert.equal((await check(valid, 'SUPER')).status, 400)
      assert.deepEqual(await problem(await registerEmployer('acme')), [409, 'EMPLOYER_EXISTS'])
      assert.deepEqual(await problem(await registerEmployer('other', 'wrong-token')), [401, 'ADMIN_UNAUTHORISED'])
    })

    if (engine.name === 'sqlite') {
      it('the page: upload a CSV in the browser and read one line per person (no accessibility violation)', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'employer-page-'))
        const file = join(dir, 'staff.csv')
        writeFileSync(file, `cf\n${valid}\n${none}\nNOTACODE\n`)
        const browser = await launchBrowser()
        try {
          const page = await browser.newPage()
          await page.goto(`${base}/employer/`)
          await page.fill('#api-key', employerKey)
          await page.selectOption('#level', 'BASE')
          await page.setInputFiles('#staff', file)
          await page.click('button[type=submit]')
          await page.waitForSelector('#results:not([hidden])')
          const cells = await page.$$eval('#rows td', (tds) =>
            tds.map((td) => td.getAttribute('data-result') ?? td.textContent),
          )
          assert.deepEqual(cells, [valid, 'true', none, 'false', 'NOTACODE', 'error'])
          assert.match((await page.textContent('#summary')) ?? '', /^1 \/ 3 — BASE/)
          await page.evaluate(axeSource)
          const violations = await page.evaluate('axe.run().then((r) => r.violations.map((v) => v.id))')
          assert.deepEqual(violations, [])
          await page.fill('#api-key', 'wrong-key-0123456789')
          await page.click('button[type=submit]')
          // A locator, not waitForFunction: the page's CSP forbids the eval that a predicate string needs.
          await page.locator('#message').filter({ hasText: /\S/ }).waitFor()
          assert.match((await page.textContent('#message')) ?? '', /EMPLOYER_UNAUTHORISED/)
        } finally {
          await browser.close()
          rmSync(dir, { recursive: true, force: true })
        }
      })
    }
  })
}
