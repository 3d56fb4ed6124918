import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { renderQrPng } from '@greenpass/hcert'
import { DEFAULT_SETTINGS, uvciHash } from '@greenpass/rules'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { buildVerifierApp } from '../../src/web-bundle.ts'
import { DrlHistory } from '../support/drl-history.ts'
import { VerifierServer } from '../support/verifier-server.ts'
import { AppServer } from './support/app-server.ts'
import { launchBrowser } from '@greenpass/testkit'
import { issue, makeSigner, testDccs } from './support/certificates.ts'

const AT = new Date('2022-03-10T10:00:00Z')
const HOUR = 3_600_000
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

describe('the verifier web app: what is checked, languages, data age and refusals (chromium)', () => {
  let api: VerifierServer
  let app: AppServer
  let browser: Browser
  let dir: string
  let validImage: string
  let validText: string
  let blankImage: string

  before(async () => {
    const trusted = await makeSigner('Italy DSC')
    api = await VerifierServer.start()
    api.settings = [...DEFAULT_SETTINGS]
    api.dscs = [{ kid: trusted.dsc.kidBase64, der: trusted.der }]
    // Two revoked entries in chunks of one: a download that can stop half-way.
    api.drl = new DrlHistory({ chunkSize: 1 })
    api.drl.publish({ insertions: [uvciHash('URN:UVCI:01:IT:REVOKED#4'), uvciHash('URN:UVCI:01:IT:OTHER#9')] })
    app = await AppServer.start(await buildVerifierApp(), api.baseUrl)
    browser = await launchBrowser()
    dir = await mkdtemp(join(tmpdir(), 'greenpass-verifier-choices-'))
    validImage = join(dir, 'valid.png')
    validText = issue(trusted, testDccs(AT).booster, AT)
    await writeFile(validImage, renderQrPng(validText))
    // A QR of another text: what ZXing would read if the platform's detector were not used.
    blankImage = join(dir, 'other.png')
    await writeFile(blankImage, renderQrPng('HC1:NOT-THE-CERTIFICATE'))
  })

  after(async () => {
    await browser?.close()
    await app?.close()
    await api?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  async function open(at: Date, locale = 'en-GB'): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale })
    await context.clock.setFixedTime(at)
    const page = await context.newPage()
    await page.goto(app.url)
    await page.waitForSelector('body[data-ready="true"]')
    return { context, page }
  }

  const modeOptions = (page: Page) =>
    page.$$eval('#mode option', (options) => options.map((o) => o.getAttribute('value')))

  it('offers the modes and activities of the day, and takes the mode the table requires for an activity', async () => {
    const march = await open(AT)
    assert.deepEqual(await modeOptions(march.page), ['3G', '2G', 'BOOSTER', 'SCHOOL', 'WORK', 'ENTRY_ITALY'])
    await march.context.close()

    // The last day of the care-home rule: BOOSTER, chosen through the activity.
    const lastDay = await open(new Date('2022-12-31T11:00:00Z'))
    await lastDay.page.check('#by-activity')
    await lastDay.page.selectOption('#activity', 'health.care-home-visits')
    assert.equal(await lastDay.page.getAttribute('#activity-mode', 'data-mode'), 'BOOSTER')
    assert.equal(
      await lastDay.page.textContent('#activity-mode'),
      'For this activity the rules require the Booster / care-home visits mode today.',
    )
    await lastDay.context.close()

    // After the modes' legal end: only the base mode, and no activity to choose.
    const after = await open(new Date('2023-01-24T11:00:00Z'))
    assert.deepEqual(await modeOptions(after.page), ['3G'])
    assert.equal(await after.page.isDisabled('#by-activity'), true)
    assert.equal(await after.page.isVisible('#no-activities'), true)
    await after.context.close()
  })

  it('speaks Italian, English and German, and has no accessibility violation on the result screen', async () => {
    const { context, page } = await open(AT, 'de-DE')
    assert.equal(await page.textContent('h1'), 'Grüner-Nachweis-Prüfung')
    await page.setInputFiles('#image', validImage)
    await page.waitForSelector('#result:not([hidden])')
    assert.equal(await page.textContent('#result-status'), 'Gültiger Nachweis')
    await page.selectOption('#language', 'it')
    assert.equal(await page.textContent('h1'), 'Verifica certificazione verde')
    assert.equal(await page.getAttribute('html', 'lang'), 'it')
    await page.evaluate(axeSource)
    assert.deepEqual(await page.evaluate('axe.run().then((r) => r.violations.map((v) => v.id + ": " + v.help))'), [])
    await context.close()
  })

  it('refuses to verify while a DRL download is incomplete, and verifies once a sync has finished it', async () => {
    api.inject({ match: 'drl?version=0&chunk=2', fault: { kind: 'status', status: 500 } })
    const { context, page } = await open(AT)
    assert.match((await page.textContent('#sync-message')) ?? '', /^Sync failed: drl: SYNC_HTTP/)
    await page.setInputFiles('#image', validImage)
    await page.waitForSelector('#refusal:not([hidden])')
    assert.equal(
      await page.textContent('#refusal'),
      'Checking is not possible: the revocation list download is incomplete. Sync again.',
    )
    assert.equal(await page.isHidden('#result'), true)
    await page.click('#sync')
    // A locator, not waitForFunction: the app's CSP forbids the eval that a predicate string needs.
    await page.locator('#sync-message').filter({ hasText: /\S/ }).waitFor({ state: 'hidden' })
    await page.setInputFiles('#image', validImage)
    await page.waitForSelector('#result:not([hidden])')
    assert.equal(await page.getAttribute('#result', 'data-status'), 'VALID')
    await context.close()
  })

  it('warns when the data is more than 24 hours old, and still verifies with it', async () => {
    const { context, page } = await open(AT)
    assert.equal(await page.isHidden('#stale'), true)
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)')
    await context.setOffline(true)
    await context.clock.setFixedTime(new Date(AT.getTime() + 25 * HOUR))
    await page.reload()
    await page.waitForSelector('body[data-ready="true"]')
    assert.equal(await page.isVisible('#stale'), true)
    await page.setInputFiles('#image', validImage)
    await page.waitForSelector('#result:not([hidden])')
    assert.equal(await page.getAttribute('#result', 'data-status'), 'VALID')
    await context.close()
  })

  it("uses the platform's BarcodeDetector where the browser has one (Android, macOS)", async () => {
    const context = await browser.newContext({ locale: 'en-GB' })
    await context.clock.setFixedTime(AT)
    // Desktop Linux chromium has no BarcodeDetector: a stand-in that always reads the valid certificate.
    await context.addInitScript(`globalThis.BarcodeDetector = class {
      static async getSupportedFormats() { return ['qr_code'] }
      async detect() { return [{ rawValue: ${JSON.stringify(validText)} }] }
    }`)
    const page = await context.newPage()
    await page.goto(app.url)
    await page.waitForSelector('body[data-ready="true"]')
    await page.setInputFiles('#image', blankImage)
    await page.waitForSelector('#result:not([hidden])')
    assert.equal(await page.getAttribute('#result', 'data-status'), 'VALID')
    await context.close()
  })
})
