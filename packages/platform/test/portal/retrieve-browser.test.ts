import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { readQr } from '@greenpass/hcert'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { findCertificatesByFiscalCode } from '../../src/db/index.ts'
import type { RunningPlatform } from '../../src/platform.ts'
import { launchBrowser } from '@greenpass/testkit'
import { syntheticPerson } from '../support/persons.ts'
import {
  assertAccessible,
  assertSignedByPlatform,
  postEvent,
  renderPdfPage,
  smsCodes,
  startTestPlatform,
} from './support.ts'

const CARD = { number: '80380000001234567890', expiry: '2027-06-30' }
const holder = { ...syntheticPerson(501), tesseraSanitaria: CARD }
const dose = (n: number, date: string) => ({
  kind: 'vaccination',
  eventId: `portal-dose-${n}`,
  person: holder,
  vaccination: {
    product: 'EU/1/20/1528',
    manufacturer: 'ORG-100030215',
    prophylaxis: '1119349007',
    date,
    country: 'IT',
  },
})

describe('citizen portal in a real browser: retrieval with the tessera sanitaria, downloads, languages, refusals', () => {
  const clock = { now: new Date('2026-01-10T10:00:00Z') }
  let platform: RunningPlatform
  let dataDir: string
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let secondDoseCode: string

  before(async () => {
    ;({ platform, dataDir } = await startTestPlatform(clock))
    await postEvent(platform, dose(1, '2026-01-10'))
    clock.now = new Date('2026-02-10T10:00:00Z')
    await postEvent(platform, dose(2, '2026-02-10'))
    clock.now = new Date('2026-03-01T10:00:00Z')
    secondDoseCode = (await smsCodes(platform, holder.phone, 2))[1] as string
    browser = await launchBrowser()
    context = await browser.newContext({ acceptDownloads: true, locale: 'it-IT' })
    page = await context.newPage()
  })
  after(async () => {
    await browser?.close()
    await platform?.close()
  })

  /** Fills the card form and submits it; returns the HTTP status of the answer page. */
  async function retrieve(values: { digits: string; expiry: string; type: string; code: string }): Promise<number> {
    await page.goto(`${platform.url}/retrieve`)
    await page.getByLabel('Ultime 8 cifre della tessera sanitaria').fill(values.digits)
    await page.getByLabel('Data di scadenza della tessera sanitaria').fill(values.expiry)
    await page.getByLabel('Tipo di codice').selectOption(values.type)
    await page.getByLabel('Codice', { exact: true }).fill(values.code)
    const [response] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Recupera la certificazione' }).click(),
    ])
    return response?.status() ?? 0
  }

  it('serves every public page with no serious accessibility violation and the portal headers', async () => {
    for (const path of ['/', '/retrieve', '/no-card', '/lost-code', '/info']) {
      const response = await page.goto(`${platform.url}${path}`)
      assert.equal(response?.status(), 200, path)
      const headers = response?.headers() ?? {}
      assert.match(headers['content-security-policy'] ?? '', /frame-ancestors 'none'/, path)
      assert.equal(headers['x-content-type-options'], 'nosniff', path)
      assert.equal(headers['referrer-policy'], 'no-referrer', path)
      assert.equal(await page.locator('h1').count(), 1, path)
      await assertAccessible(page, path)
    }
    const cookies = await context.cookies()
    const session = cookies.find((cookie) => cookie.name === 'gp_session')
    assert.ok(session?.httpOnly && session.sameSite === 'Lax', 'the session cookie is HttpOnly and SameSite=Lax')
    // The API keeps its own headers: the portal's CSP is scoped to the portal.
    const health = await fetch(`${platform.url}/health`)
    assert.equal(health.headers.get('content-security-policy'), null)
  })

  it('the information page renders the requirements table with level and end date', async () => {
    await page.goto(`${platform.url}/info`)
    const rows = page.locator('#requirements tbody tr')
    assert.ok((await rows.count()) >= 20)
    const transport = rows.filter({ hasText: 'Aerei, treni a lunga percorrenza' })
    assert.match((await transport.nth(1).textContent()) ?? '', /rafforzata[\s\S]*10-01-2022[\s\S]*31-03-2022/)
  })

  it('retrieves the certificate with card + code; the PNG and the PDF carry the stored HC1, signed by the platform', async () => {
    const status = await retrieve({
      digits: CARD.number.slice(-8),
      expiry: CARD.expiry,
      type: 'AUTHCODE',
      code: secondDoseCode,
    })
    assert.equal(status, 200)
    assert.equal(new URL(page.url()).pathname, '/certificate')
    assert.equal(await page.locator('h1').textContent(), 'Certificazione di vaccinazione')
    const body = (await page.locator('main').textContent()) ?? ''
    assert.match(body, /2 di 2/)
    assert.match(body, /Certificazione base: valida in Italia dal 10-02-2026 al \d{2}-\d{2}-2026\./)
    assert.match(body, /Certificazione rafforzata: valida in Italia dal 10-02-2026/)
    assert.doesNotMatch(page.url(), /AUTHCODE|01IT/)
    await assertAccessible(page, '/certificate')

    const stored = (await findCertificatesByFiscalCode(platform.database.db, holder.fiscalCode)).find(
      (certificate) => (certificate.payload as { dcc: { v: { dn: number }[] } }).dcc.v[0]?.dn === 2,
    )
    assert.ok(stored)
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Scarica il QR (PNG)' }).click(),
    ])
    const pngBytes = new Uint8Array(await readFile((await png.path()) as string))
    assert.equal(await readQr(pngBytes), stored.hc1)

    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Scarica il PDF' }).click(),
    ])
    assert.equal(pdf.suggestedFilename(), 'certificazione-verde.pdf')
    const pdfBytes = new Uint8Array(await readFile((await pdf.path()) as string))
    const renderer = await context.newPage()
    const rendered = await renderPdfPage(renderer, pdfBytes, 2)
    await renderer.close()
    assert.equal(await readQr(rendered), stored.hc1)
    await assertSignedByPlatform(dataDir, stored.hc1, clock.now)
  })

  it('switches language on every page and remembers it in a cookie', async () => {
    await page.goto(`${platform.url}/certificate`)
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'English' }).click()])
    assert.equal(new URL(page.url()).pathname, '/certificate')
    assert.equal(await page.locator('h1').textContent(), 'Vaccination certificate')
    assert.equal(await page.locator('html').getAttribute('lang'), 'en')
    await page.goto(`${platform.url}/info`)
    assert.equal(await page.locator('h1').textContent(), 'About the EU Digital COVID Certificate')
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Deutsch' }).click()])
    assert.equal(await page.locator('h1').textContent(), 'Informationen zum Grünen COVID-19-Zertifikat')
    await assertAccessible(page, '/info (de)')
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Italiano' }).click()])
    assert.equal(await page.locator('h1').textContent(), 'Informazioni sulla certificazione verde')
  })

  it('refuses a wrong card, expiry or code with the same answer, then locks the card out', async () => {
    const digits = CARD.number.slice(-8)
    const wrong = [
      { digits: '11111111', expiry: CARD.expiry, type: 'AUTHCODE', code: secondDoseCode },
      { digits, expiry: '2027-06-29', type: 'AUTHCODE', code: secondDoseCode },
      { digits, expiry: CARD.expiry, type: 'NUCG', code: secondDoseCode },
      { digits, expiry: CARD.expiry, type: 'AUTHCODE', code: 'ABCDEFGHJK' },
    ]
    const answers = new Set<string>()
    for (const values of wrong) {
      assert.equal(await retrieve(values), 403)
      answers.add((await page.getByRole('alert').textContent()) ?? '')
      assert.equal(await page.getByLabel('Codice', { exact: true }).inputValue(), '', 'the code is not echoed back')
    }
    assert.equal(answers.size, 1, 'one answer for every wrong combination')
    // Three failures on this card so far; two more lock it.
    assert.equal(await retrieve({ digits, expiry: CARD.expiry, type: 'AUTHCODE', code: 'ABCDEFGHJM' }), 403)
    assert.equal(await retrieve({ digits, expiry: CARD.expiry, type: 'AUTHCODE', code: 'ABCDEFGHJN' }), 403)
    // Locked: even the right data is refused, with the time to come back.
    assert.equal(await retrieve({ digits, expiry: CARD.expiry, type: 'AUTHCODE', code: secondDoseCode }), 429)
    assert.equal(await page.locator('h1').textContent(), 'Troppi tentativi')
    await assertAccessible(page, 'lock-out page')
    // The lock-out is in the database: a quarter of an hour later the right data works again.
    clock.now = new Date(clock.now.getTime() + 16 * 60_000)
    assert.equal(await retrieve({ digits, expiry: CARD.expiry, type: 'AUTHCODE', code: secondDoseCode }), 200)
  })

  it('refuses a form posted without the session CSRF token', async () => {
    const response = await fetch(`${platform.url}/retrieve`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: 'forged',
        cardDigits: '12345678',
        cardExpiry: '2027-01-01',
        codeType: 'CUN',
        code: 'X',
      }),
    })
    assert.equal(response.status, 403)
    assert.match(await response.text(), /Sessione scaduta/)
  })
})
