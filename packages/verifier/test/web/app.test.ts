import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { DEFAULT_SETTINGS, uvciHash } from '@greenpass/rules'
import type { Browser, Page } from 'playwright-core'
import { buildVerifierApp } from '../../src/web-bundle.ts'
import { VerifierServer } from '../support/verifier-server.ts'
import { AppServer } from './support/app-server.ts'
import { launchBrowser } from '@greenpass/testkit'
import { issue, makeSigner, testDccs } from './support/certificates.ts'
import { writeQrVideo } from './support/y4m.ts'

// A day when BOOSTER (and its DOUBLE_SCAN follow-up) was in force: the browser's clock is set to it.
const AT = new Date('2022-03-10T10:00:00Z')

describe('the verifier web app in chromium, scanning with a fake camera', () => {
  let api: VerifierServer
  let app: AppServer
  let dir: string
  const hc1: Record<string, string> = {}

  before(async () => {
    const [trusted, foreign] = await Promise.all([makeSigner('Italy DSC'), makeSigner('Unknown DSC')])
    const dccs = testDccs(AT)
    hc1.booster = issue(trusted, dccs.booster, AT)
    hc1.expired = issue(trusted, dccs.expired, AT)
    hc1.revoked = issue(trusted, dccs.revoked, AT)
    hc1.foreign = issue(foreign, dccs.booster, AT)
    hc1.primaryCycle = issue(trusted, dccs.primaryCycle, AT)
    hc1.test = issue(trusted, dccs.test, AT)
    api = await VerifierServer.start()
    api.settings = [...DEFAULT_SETTINGS]
    api.dscs = [{ kid: trusted.dsc.kidBase64, der: trusted.der }]
    api.drl.publish({ insertions: [uvciHash('URN:UVCI:01:IT:REVOKED#4')] })
    app = await AppServer.start(await buildVerifierApp(), api.baseUrl)
    dir = await mkdtemp(join(tmpdir(), 'greenpass-verifier-app-'))
  })

  after(async () => {
    await app?.close()
    await api?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  /** One browser launch whose camera shows `texts` in a loop; the app opened, synced, in `mode`, camera started. */
  async function withCamera(name: string, texts: string[], mode: string, run: (page: Page) => Promise<void>) {
    const video = join(dir, `${name}.y4m`)
    await writeQrVideo(video, texts)
    const browser: Browser = await launchBrowser(video)
    try {
      const context = await browser.newContext({ permissions: ['camera'], locale: 'en-GB' })
      await context.clock.setFixedTime(AT)
      const page = await context.newPage()
      await page.goto(app.url)
      await page.waitForSelector('body[data-ready="true"]')
      await page.selectOption('#mode', mode)
      await page.click('#camera-toggle')
      await run(page)
    } finally {
      await browser.close()
    }
  }

  const resultOf = async (page: Page) => {
    await page.waitForSelector('#result:not([hidden])')
    return {
      status: await page.getAttribute('#result', 'data-status'),
      colour: await page.getAttribute('#result', 'data-colour'),
      text: await page.textContent('#result-status'),
      name: await page.textContent('#holder-name'),
      dob: await page.textContent('#holder-dob'),
    }
  }

  it('a valid certificate: green, with the name and date of birth; then offline, after a reload, the same', async () => {
    await withCamera('valid', [hc1.booster as string], '3G', async (page) => {
      assert.deepEqual(await resultOf(page), {
        status: 'VALID',
        colour: 'green',
        text: 'Valid certificate',
        name: 'Rossi Maria Lucia',
        dob: '1980-04-12',
      })
      assert.match((await page.textContent('#last-sync')) ?? '', /Last sync/)
      // The fake camera's track has no torch: no torch button.
      assert.equal(await page.isHidden('#torch'), true)
      assert.equal(await page.isHidden('#verify-test'), true)
      assert.equal(await page.isHidden('#stale'), true)
      // Offline: the service worker serves the app, IndexedDB the data.
      await page.evaluate('navigator.serviceWorker.ready.then(() => true)')
      await page.context().setOffline(true)
      await page.reload()
      await page.waitForSelector('body[data-ready="true"]')
      assert.equal(await page.evaluate('navigator.serviceWorker.controller !== null'), true)
      assert.equal(await page.textContent('#sync-message'), 'Offline: checking with the saved data.')
      await page.click('#camera-toggle')
      assert.equal((await resultOf(page)).status, 'VALID')
    })
  })

  it('an expired certificate: red, EXPIRED', async () => {
    await withCamera('expired', [hc1.expired as string], '3G', async (page) => {
      const result = await resultOf(page)
      assert.deepEqual([result.status, result.colour, result.text], ['EXPIRED', 'red', 'Expired'])
    })
  })

  it('a certificate revoked through the DRL: red, shown as NOT_VALID (production mapping)', async () => {
    await withCamera('revoked', [hc1.revoked as string], '3G', async (page) => {
      const result = await resultOf(page)
      assert.deepEqual([result.status, result.colour, result.name], ['NOT_VALID', 'red', 'Rossi Maria Lucia'])
    })
  })

  it('a certificate from a DSC not in the trust list: red, NOT_VALID', async () => {
    await withCamera('foreign', [hc1.foreign as string], '3G', async (page) => {
      const result = await resultOf(page)
      assert.deepEqual([result.status, result.colour], ['NOT_VALID', 'red'])
    })
  })

  // Chromium plays the file from its first frame when the camera starts: two seconds of the vaccination, then two of
  // the test (looped). The app ignores the vaccination once it asked for a test.
  it('BOOSTER mode: a primary cycle is yellow TEST_NEEDED, then the test scanned in DOUBLE_SCAN makes it valid', async () => {
    await withCamera(
      'double-scan',
      [...Array(4).fill(hc1.primaryCycle), ...Array(4).fill(hc1.test)],
      'BOOSTER',
      async (page) => {
        const first = await resultOf(page)
        assert.deepEqual([first.status, first.colour, first.name], ['TEST_NEEDED', 'yellow', 'Bianchi Luca'])
        await page.click('#verify-test')
        assert.equal(
          await page.textContent('#instruction'),
          'Now scan the QR code of a negative test of the same person.',
        )
        const second = await resultOf(page)
        assert.deepEqual([second.status, second.colour, second.name], ['VALID', 'green', 'Bianchi Luca'])
      },
    )
  })
})
