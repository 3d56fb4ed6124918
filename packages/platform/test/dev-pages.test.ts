import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Browser } from 'playwright-core'
import { type RunningPlatform, startPlatform } from '../src/platform.ts'
import { launchBrowser } from '@greenpass/testkit'
import { firstDoseEvent } from './support/persons.ts'

describe('dev pages and API docs in a real browser (Debian chromium via playwright-core)', () => {
  let platform: RunningPlatform
  let browser: Browser
  const dataDir = mkdtempSync(join(tmpdir(), 'dev-pages-'))
  before(async () => {
    platform = await startPlatform({ dataDir, port: 0, logLevel: 'silent' })
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await platform?.close()
  })

  it('shows the mail and the SMS a citizen received, escaped, newest first', async () => {
    const key = readFileSync(join(dataDir, 'demo-facility.key'), 'utf8').trim()
    const response = await fetch(`${platform.url}/v1/intake/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify(firstDoseEvent(1)),
    })
    assert.equal(response.status, 200, await response.clone().text())
    for (let i = 0; i < 50 && (platform.smsSink?.messages().length ?? 0) === 0; i++) await sleep(100)
    for (let i = 0; i < 50 && (platform.mailbox?.messages().length ?? 0) === 0; i++) await sleep(100)

    const page = await browser.newPage()
    await page.goto(`${platform.url}/dev/mailbox`)
    assert.equal(await page.locator('h1').textContent(), 'Dev mailbox (1)')
    const mail = await page.locator('article').first().textContent()
    assert.match(mail ?? '', /AUTHCODE [A-Z0-9]{10}/)
    await page.getByRole('link', { name: 'SMS' }).click()
    await page.waitForURL(/\/dev\/sms$/)
    assert.match((await page.locator('article').first().textContent()) ?? '', /MIN SALUTE[\s\S]*AUTHCODE/)
  })

  it('renders the OpenAPI document generated from the route schemas', async () => {
    const page = await browser.newPage()
    await page.goto(`${platform.url}/docs`)
    await page.getByText('/v1/intake/events').first().waitFor({ timeout: 15_000 })
    assert.ok(await page.getByText('/v1/dgc/signercertificate/update').count())
  })
})
