import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { createTrustStore, importDsc, verifyHc1 } from '@greenpass/hcert'
import type { Page } from 'playwright-core'
import { openFileKeyStore } from '../../src/keys/index.ts'
import { type RunningPlatform, startPlatform } from '../../src/platform.ts'

const require = createRequire(import.meta.url)

/** A platform on loopback with its own data folder and a clock the test moves. */
export async function startTestPlatform(clock: { now: Date }): Promise<{ platform: RunningPlatform; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'portal-'))
  const platform = await startPlatform({ dataDir, port: 0, logLevel: 'silent', now: () => clock.now })
  return { platform, dataDir }
}

/** Posts one intake event with the demo facility's key; fails the test unless it is accepted. */
export async function postEvent(platform: RunningPlatform, event: unknown): Promise<void> {
  const response = await fetch(`${platform.url}/v1/intake/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': platform.demoFacilityKey },
    body: JSON.stringify(event),
  })
  assert.equal(response.status, 200, await response.text())
}

/** The codes delivered by SMS to `phone` (the dev sink), oldest first, once at least `count` have arrived. */
export async function smsCodes(platform: RunningPlatform, phone: string, count: number): Promise<string[]> {
  const digits = phone.replace(/\s/g, '')
  for (let i = 0; i < 100; i++) {
    const codes = (platform.smsSink?.messages() ?? [])
      .filter((message) => message.to.replace(/\s/g, '') === digits)
      .map((message) => /(?:AUTHCODE|CUN|NRFE|NUCG) ((?:CUN-)?[A-Z0-9]+)/.exec(message.text)?.[1] ?? '')
    if (codes.length >= count) return codes
    await sleep(100)
  }
  throw new Error(`fewer than ${count} SMS reached ${phone}`)
}

/** Checks that `hc1` is signed by one of the platform's DSCs (read from its keys folder). */
export async function assertSignedByPlatform(dataDir: string, hc1: string, at: Date): Promise<void> {
  const keys = await openFileKeyStore(join(dataDir, 'keys'))
  const trustStore = createTrustStore(
    keys
      .certificates()
      .filter((c) => c.role === 'dsc')
      .map((c) => importDsc(c.der)),
  )
  const verified = verifyHc1(hc1, { trustStore, at })
  assert.ok(verified.cwt.dcc, 'the QR verifies against the platform DSC')
}

/** Runs axe-core in the page; fails on any serious or critical violation. */
export async function assertAccessible(page: Page, what: string): Promise<void> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
  await page.addScriptTag({ content: source }).catch(async () => {
    // A strict CSP refuses inline scripts: evaluate the source instead (the test's own code, not the page's).
    await page.evaluate(source)
  })
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: () => Promise<{ violations: { id: string; impact: string; help: string }[] }> }
      }
    ).axe
    const result = await axe.run()
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help }))
  })
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  assert.deepEqual(serious, [], `${what}: ${JSON.stringify(serious)}`)
}

/** The little of a browser canvas the PDF rendering uses. */
interface HTMLCanvas {
  width: number
  height: number
  getContext(kind: '2d'): unknown
  toDataURL(type: string): string
}

/**
 * Renders page 1 of a PDF to a PNG with pdf.js inside the browser (a page of its own, served by request
 * interception from the installed pdfjs-dist), at `scale` CSS pixels per point.
 */
export async function renderPdfPage(page: Page, pdf: Uint8Array, scale = 2): Promise<Uint8Array> {
  const build = join(require.resolve('pdfjs-dist/package.json'), '..', 'build')
  await page.route('http://pdfjs.test/**', async (route) => {
    const name = new URL(route.request().url()).pathname.slice(1)
    if (name === 'index.html')
      return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>pdf</title>' })
    return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(build, name)) })
  })
  await page.goto('http://pdfjs.test/index.html')
  const dataUrl = await page.evaluate(
    async ({ bytes, scale }) => {
      const pdfjs = (await import('http://pdfjs.test/pdf.min.mjs' as string)) as {
        GlobalWorkerOptions: { workerSrc: string }
        getDocument: (options: { data: Uint8Array }) => {
          promise: Promise<{
            getPage: (n: number) => Promise<{
              getViewport: (o: { scale: number }) => { width: number; height: number }
              render: (o: { canvasContext: unknown; viewport: unknown; canvas: unknown }) => { promise: Promise<void> }
            }>
          }>
        }
      }
      pdfjs.GlobalWorkerOptions.workerSrc = 'http://pdfjs.test/pdf.worker.min.mjs'
      const loaded = await pdfjs.getDocument({ data: new Uint8Array(bytes) }).promise
      const first = await loaded.getPage(1)
      const viewport = first.getViewport({ scale })
      // The browser's document (this function runs in the page; the test is typed without the DOM library).
      const dom = (globalThis as unknown as { document: { createElement(tag: 'canvas'): HTMLCanvas } }).document
      const canvas = Object.assign(dom.createElement('canvas'), {
        width: Math.ceil(viewport.width),
        height: Math.ceil(viewport.height),
      })
      await first.render({ canvasContext: canvas.getContext('2d'), viewport, canvas }).promise
      return canvas.toDataURL('image/png')
    },
    { bytes: [...pdf], scale },
  )
  return new Uint8Array(Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'))
}
