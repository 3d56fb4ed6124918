import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { renderQrPng } from '@greenpass/hcert'
import { writeVerifierApp } from '@greenpass/verifier'
import type { Browser } from 'playwright-core'
import { type RunningPlatform, startPlatform } from '../../src/platform.ts'
import { launchBrowser } from '@greenpass/testkit'
import { firstDoseEvent } from '../support/persons.ts'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

describe('the verifier web app served by the platform at /verifier/', () => {
  let platform: RunningPlatform
  let browser: Browser
  const dataDir = mkdtempSync(join(tmpdir(), 'verifier-app-'))
  let qrImage: string

  before(async () => {
    platform = await startPlatform({ dataDir, port: 0, logLevel: 'silent' })
    browser = await launchBrowser()
    const key = readFileSync(join(dataDir, 'demo-facility.key'), 'utf8').trim()
    // A first dose 30 days ago: within the not-complete window (days 15–42), so VALID in the base mode.
    const event = firstDoseEvent(8, new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10))
    const response = await fetch(`${platform.url}/v1/intake/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify(event),
    })
    assert.equal(response.status, 200, await response.clone().text())
    const { hc1 } = await platform.database.db.selectFrom('certificates').select('hc1').executeTakeFirstOrThrow()
    qrImage = join(dataDir, 'certificate.png')
    writeFileSync(qrImage, renderQrPng(hc1))
  })

  after(async () => {
    await browser?.close()
    await platform?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('serves the app with a content security policy, redirects /verifier, and 404s unknown files as problems', async () => {
    const page = await fetch(`${platform.url}/verifier/`)
    assert.equal(page.status, 200)
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/)
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self' 'wasm-unsafe-eval'/)
    const wasm = await fetch(`${platform.url}/verifier/zxing_reader.wasm`)
    assert.equal(wasm.headers.get('content-type'), 'application/wasm')
    assert.ok((await wasm.arrayBuffer()).byteLength > 100_000)
    const redirect = await fetch(`${platform.url}/verifier`, { redirect: 'manual' })
    assert.deepEqual([redirect.status, redirect.headers.get('location')], [301, '/verifier/'])
    const missing = await fetch(`${platform.url}/verifier/missing.js`)
    assert.equal(missing.status, 404)
    assert.equal(((await missing.json()) as { code: string }).code, 'NOT_FOUND')
    assert.equal((await fetch(`${platform.url}/verifier/..%2Fdocs`)).status, 400)
  })

  it('answers CORS preflights on the verifier API, for the app deployed on another origin', async () => {
    const preflight = await fetch(`${platform.url}/v1/dgc/signercertificate/update`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://verifier.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-resume-token, cache-control',
      },
    })
    assert.equal(preflight.status, 204)
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*')
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /X-RESUME-TOKEN/)
    const update = await fetch(`${platform.url}/v1/dgc/signercertificate/update`)
    assert.equal(update.headers.get('access-control-allow-origin'), '*')
    assert.equal(update.headers.get('access-control-expose-headers'), 'X-RESUME-TOKEN, X-KID')
  })

  it('syncs from the platform and verifies a certificate it issued from an opened image, with no policy violation or accessibility issue', async () => {
    const context = await browser.newContext({ locale: 'it-IT' })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
    await page.goto(`${platform.url}/verifier/`)
    await page.waitForSelector('body[data-ready="true"]')
    assert.match((await page.textContent('#last-sync')) ?? '', /^Ultimo aggiornamento: /)
    assert.equal(await page.textContent('#sync-message'), '')
    await page.setInputFiles('#image', qrImage)
    await page.waitForSelector('#result:not([hidden])')
    assert.equal(await page.getAttribute('#result', 'data-status'), 'VALID')
    assert.equal(await page.textContent('#result-status'), 'Certificazione valida')
    assert.match((await page.textContent('#holder-name')) ?? '', /^Rossi\w+ Mario$/)
    await page.evaluate(axeSource) // through DevTools: the page's policy rightly refuses inline scripts
    const violations = (await page.evaluate(
      'axe.run().then((r) => r.violations.map((v) => v.id + ": " + v.help))',
    )) as string[]
    assert.deepEqual(violations, [])
    assert.deepEqual(problems, [])
    await context.close()
  })

  it('deployed as static files on another origin, syncs from the platform through CORS (?api=)', async () => {
    const site = join(dataDir, 'site')
    await writeVerifierApp(site)
    const server = createServer((request, response) => {
      const name = new URL(request.url ?? '/', 'http://x').pathname.slice(1) || 'index.html'
      readFile(join(site, name.replace(/[^\w.-]/g, '')))
        .then((body) =>
          response
            .writeHead(200, {
              'Content-Type': name.endsWith('.js')
                ? 'text/javascript'
                : name.endsWith('.wasm')
                  ? 'application/wasm'
                  : name.endsWith('.css')
                    ? 'text/css'
                    : 'text/html',
            })
            .end(body),
        )
        .catch(() => response.writeHead(404).end())
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      assert.notEqual(origin, platform.url)
      const context = await browser.newContext({ locale: 'en-GB' })
      const page = await context.newPage()
      await page.goto(`${origin}/?api=${encodeURIComponent(`${platform.url}/v1/dgc/`)}`)
      await page.waitForSelector('body[data-ready="true"]')
      assert.equal(await page.textContent('#sync-message'), '')
      await page.setInputFiles('#image', qrImage)
      await page.waitForSelector('#result:not([hidden])')
      assert.equal(await page.getAttribute('#result', 'data-status'), 'VALID')
      await context.close()
    } finally {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
