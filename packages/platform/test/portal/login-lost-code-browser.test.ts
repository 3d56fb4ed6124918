import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { readQr } from '@greenpass/hcert'
import { TEST_IDENTITIES, TEST_PASSWORD } from '@greenpass/idp'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { findCertificatesByFiscalCode, markSuperseded } from '../../src/db/index.ts'
import type { RunningPlatform } from '../../src/platform.ts'
import { launchBrowser } from '@greenpass/testkit'
import { syntheticPerson } from '../support/persons.ts'
import { assertAccessible, postEvent, smsCodes, startTestPlatform } from './support.ts'

const identity = TEST_IDENTITIES[0]!
const CARD = { number: '80380000009876543210', expiry: '2028-01-31' }
const mario = {
  fiscalCode: identity.fiscalCode,
  givenName: identity.givenName,
  familyName: identity.familyName,
  dateOfBirth: identity.dateOfBirth,
  email: identity.email,
  phone: '+393330000001',
  tesseraSanitaria: CARD,
}
// Not enrolled in the national health service: no card.
const abroad = { ...syntheticPerson(777), phone: '+393330000777' }
const dose = (person: object, id: string, date: string) => ({
  kind: 'vaccination',
  eventId: id,
  person,
  vaccination: {
    product: 'EU/1/20/1528',
    manufacturer: 'ORG-100030215',
    prophylaxis: '1119349007',
    date,
    country: 'IT',
  },
})

describe('citizen portal in a real browser: SPID/CIE login, lost code, persons without a card', () => {
  const clock = { now: new Date('2026-01-05T09:00:00Z') }
  let platform: RunningPlatform
  let browser: Browser
  let context: BrowserContext
  let page: Page

  before(async () => {
    ;({ platform } = await startTestPlatform(clock))
    await postEvent(platform, dose(mario, 'm1', '2026-01-05'))
    await postEvent(platform, dose(abroad, 'a1', '2026-01-05'))
    clock.now = new Date('2026-02-05T09:00:00Z')
    await postEvent(platform, dose(mario, 'm2', '2026-02-05'))
    await postEvent(platform, dose(abroad, 'a2', '2026-02-05'))
    clock.now = new Date('2026-08-05T09:00:00Z')
    await postEvent(platform, dose(mario, 'm3', '2026-08-05'))
    clock.now = new Date('2026-08-20T09:00:00Z')
    browser = await launchBrowser()
    context = await browser.newContext({ acceptDownloads: true, locale: 'en-GB' })
    page = await context.newPage()
  })
  after(async () => {
    await browser?.close()
    await platform?.close()
  })

  it('logs in with SPID/CIE through the test provider and lists every certificate, newest first, marked', async () => {
    const [first, second, third] = await findCertificatesByFiscalCode(platform.database.db, mario.fiscalCode)
    assert.ok(first && second && third)
    // What a re-issue job and an operator's revocation leave behind.
    assert.ok(await markSuperseded(platform.database.db, first.uvci, second.uvci))
    const revoke = await fetch(`${platform.url}/v1/admin/certificates/${encodeURIComponent(third.uvci)}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'issued in error' }),
    })
    assert.equal(revoke.status, 200, await revoke.text())

    await page.goto(platform.url)
    await page.getByRole('link', { name: 'Log in with SPID or CIE' }).first().click()
    await page.getByLabel('Codice fiscale').fill(identity.fiscalCode)
    await page.getByLabel('Password').fill(TEST_PASSWORD)
    await Promise.all([
      page.waitForURL(`${platform.url}/certificates`),
      page.getByRole('button', { name: 'Entra' }).click(),
    ])
    assert.equal(await page.locator('h1').textContent(), 'Your certificates')
    assert.match((await page.locator('main > p').first().textContent()) ?? '', /Mario Rossi/)
    const items = page.locator('li[data-certificate]')
    assert.equal(await items.count(), 3)
    const marks = await items.locator('.mark').allTextContents()
    assert.deepEqual(marks, ['Revoked', 'Current', 'Replaced'])
    assert.match((await items.nth(0).textContent()) ?? '', /3\/3/)
    assert.equal(
      await items.nth(0).getByRole('button', { name: 'Download the PDF' }).count(),
      0,
      'no download of a revoked one',
    )
    await assertAccessible(page, '/certificates')

    // The PNG straight from the list (a POST form: no UVCI in any URL).
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      items.nth(1).getByRole('button', { name: 'Download the QR code (PNG)' }).click(),
    ])
    assert.equal(await readQr(new Uint8Array(await readFile((await png.path()) as string))), second.hc1)

    await Promise.all([
      page.waitForURL(`${platform.url}/certificate`),
      items.nth(2).getByRole('button', { name: 'Open' }).click(),
    ])
    assert.match((await page.locator('main').textContent()) ?? '', /replaced by a newer one/)
    await page.getByRole('link', { name: 'Back to the list' }).click()
    await Promise.all([page.waitForURL(`${platform.url}/`), page.getByRole('button', { name: 'Log out' }).click()])
    // Logged out: the session opens nothing any more (a new visit to the list goes back through the provider).
    const response = await page.goto(`${platform.url}/certificate`)
    assert.equal(response?.status(), 401)
    assert.equal(await page.locator('h1').textContent(), 'Session expired')
  })

  it('recovers a lost code: a new code is shown and queued, the new one works and the old one no longer does', async () => {
    const codes = await smsCodes(platform, mario.phone, 3)
    const oldCode = codes[1] as string
    await page.goto(`${platform.url}/lost-code`)
    await page.getByLabel('Fiscal code').fill(mario.fiscalCode.toLowerCase())
    await page.getByLabel('Last 8 digits of your health card number').fill(CARD.number.slice(-8))
    await page.getByLabel('Event type').selectOption('vaccination')
    await page.getByLabel('Date of the event').fill('2026-02-05')
    await page.getByRole('button', { name: 'Recover the code' }).click()
    assert.equal(await page.locator('h1').textContent(), 'Your new code')
    const newCode = (await page.locator('#new-code').textContent()) ?? ''
    assert.match(newCode, /^[A-HJ-NP-Z2-9]{10}$/)
    assert.notEqual(newCode, oldCode)
    await assertAccessible(page, 'lost code done')
    // Sent again to the stored contacts through the outbox.
    assert.equal((await smsCodes(platform, mario.phone, 4))[3], newCode)

    const retrieve = async (code: string) => {
      await page.goto(`${platform.url}/retrieve`)
      await page.getByLabel('Last 8 digits of your health card number').fill(CARD.number.slice(-8))
      await page.getByLabel('Health card expiry date').fill(CARD.expiry)
      await page.getByLabel('Code type').selectOption('AUTHCODE')
      await page.getByLabel('Code', { exact: true }).fill(code)
      const [response] = await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: 'Get the certificate' }).click(),
      ])
      return response?.status()
    }
    assert.equal(await retrieve(oldCode), 403)
    assert.equal(await retrieve(newCode), 200)
    assert.match((await page.locator('main').textContent()) ?? '', /2 of 2/)
  })

  it('refuses a lost-code request with a wrong event date like any other wrong combination', async () => {
    await page.goto(`${platform.url}/lost-code`)
    await page.getByLabel('Fiscal code').fill(mario.fiscalCode)
    await page.getByLabel('Last 8 digits of your health card number').fill(CARD.number.slice(-8))
    await page.getByLabel('Event type').selectOption('vaccination')
    await page.getByLabel('Date of the event').fill('2026-02-06')
    const [response] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Recover the code' }).click(),
    ])
    assert.equal(response?.status(), 403)
    assert.match((await page.getByRole('alert').textContent()) ?? '', /No certificate matches/)
  })

  it('opens the certificate of a person without a card with fiscal code and last dose date, and never for a card holder', async () => {
    const submit = async (identifier: string, date: string) => {
      await page.goto(`${platform.url}/no-card`)
      await page.getByLabel('Fiscal code or the identifier assigned at vaccination').fill(identifier)
      await page.getByLabel('Date of the last dose').fill(date)
      const [response] = await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: 'Get the certificate' }).click(),
      ])
      return response?.status()
    }
    assert.equal(await submit(abroad.fiscalCode, '2026-01-05'), 403, 'not the last dose')
    assert.equal(await submit(mario.fiscalCode, '2026-08-05'), 403, 'a card holder uses the card')
    assert.equal(await submit(abroad.fiscalCode, '2026-02-05'), 200)
    assert.equal(await page.locator('h1').textContent(), 'Vaccination certificate')
    assert.match((await page.locator('main').textContent()) ?? '', /2 of 2/)
  })
})
