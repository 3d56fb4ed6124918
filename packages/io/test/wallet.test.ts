import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createTrustStore, importDsc, readQr, verifyHc1 } from '@greenpass/hcert'
import { TEST_IDENTITIES, TEST_PASSWORD } from '@greenpass/idp'
import { openFileKeyStore } from '@greenpass/platform'
import { applyItalianRules, DEFAULT_SETTINGS, parseSettings, ScanMode, Status } from '@greenpass/rules'
import axe from 'axe-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchBrowser } from '@greenpass/testkit'
import { type Stack, startStack, vaccination, waitFor } from './support/stack.ts'

const mario = TEST_IDENTITIES[0]!
const PIN = '24680'

/** Serious or critical accessibility violations on the page as it is now. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source) // through the debugger: the page's CSP rightly refuses inline scripts
  const result = await page.evaluate(async () => {
    const run = (
      globalThis as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string }[] }> } }
    ).axe.run
    return (await run()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)
  })
  return result
}

describe('the wallet, the whole story in chromium', () => {
  let stack: Stack
  let browser: Browser
  let context: BrowserContext
  let page: Page
  before(async () => {
    stack = await startStack(new Date('2026-03-01T09:00:00Z'))
    browser = await launchBrowser()
    context = await browser.newContext({ acceptDownloads: true, locale: 'it-IT' })
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.io.url })
    page = await context.newPage()
    page.setDefaultTimeout(8_000)
  })
  after(async () => {
    await browser?.close()
    await stack?.close()
  })

  const sessionCookie = async () => {
    const cookie = (await context.cookies(stack.io.url)).find((c) => c.name === 'io_session')
    return `io_session=${cookie?.value ?? ''}`
  }
  let hc1 = ''
  let uvci = ''

  it('logs in with SPID/CIE, sets the unlock code, and shows an empty inbox', async () => {
    await page.goto(stack.io.url)
    await page.getByRole('link', { name: 'Entra con SPID o CIE' }).click()
    await page.locator('#username').fill(mario.fiscalCode)
    await page.locator('#password').fill(TEST_PASSWORD)
    await page.getByRole('button', { name: 'Entra' }).click()
    await page.getByRole('heading', { name: 'Scegli il codice di sblocco' }).waitFor()
    await page.locator('#pin').fill(PIN)
    await page.locator('#pin-again').fill('13579')
    await page.getByRole('button', { name: 'Salva' }).click()
    await page.getByText(/non coincidono/).waitFor()
    await page.locator('#pin-again').fill(PIN)
    await page.getByRole('button', { name: 'Salva' }).click()
    await page.getByRole('heading', { name: 'Messaggi' }).waitFor()
    assert.match(await page.locator('main').innerText(), /Nessun messaggio/)
  })

  it('a vaccination reaches the platform and its message appears in the inbox, unread', async () => {
    stack.clock = new Date('2026-03-01T10:00:00Z')
    assert.equal((await stack.intake(vaccination(mario, 'w1', '2026-03-01'))).status, 200)
    // One after the other, so that the newest message (first in the inbox) is the 2/2 certificate's.
    await waitFor('the first message', async () => {
      const response = await fetch(`${stack.io.url}/api/v1/messages`, { headers: { cookie: await sessionCookie() } })
      return ((await response.json()) as { items: unknown[] }).items.length === 1 ? true : undefined
    })
    stack.clock = new Date('2026-03-22T10:00:00Z')
    assert.equal((await stack.intake(vaccination(mario, 'w2', '2026-03-22'))).status, 200)
    await waitFor('two messages in the inbox', async () => {
      await page.reload()
      await page.getByRole('heading', { name: 'Messaggi' }).waitFor()
      return (await page.locator('.inbox li').count()) === 2 ? true : undefined
    })
    assert.equal(await page.locator('.inbox li.unread').count(), 2)
    assert.equal(await page.getByRole('img', { name: 'non letto' }).count(), 2)
    assert.deepEqual(await accessibilityViolations(page), [])
  })

  it('unlocks, shows the QR that verifies as VALID with hcert and the rules, with name, birth date and UVCI', async () => {
    await page.locator('.inbox li a').first().click()
    await page.getByRole('heading', { name: 'Sblocca' }).waitFor()
    await page.locator('#unlock-pin').fill('00000')
    await page.getByRole('button', { name: 'Sblocca' }).click()
    await page.getByText('Codice errato.').waitFor()
    await page.locator('#unlock-pin').fill(PIN)
    await page.getByRole('button', { name: 'Sblocca' }).click()
    await page.locator('#qr').waitFor()
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Certificazione verde COVID-19')

    hc1 = await readQr(new Uint8Array(await page.locator('#qr').screenshot()))
    const keys = await openFileKeyStore(join(stack.platformDataDir, 'keys'))
    const trustStore = createTrustStore(
      keys
        .certificates()
        .filter((c) => c.role === 'dsc')
        .map((c) => importDsc(c.der)),
    )
    const at = new Date('2026-03-23T10:00:00Z')
    const { cwt, dsc } = verifyHc1(hc1, { trustStore, at })
    const result = applyItalianRules({
      dcc: cwt.dcc as unknown as Record<string, unknown>,
      keyUsage: dsc.keyUsage,
      settings: parseSettings(DEFAULT_SETTINGS),
      at,
      mode: ScanMode.BASE,
    })
    assert.equal(result.status, Status.VALID)
    assert.equal(cwt.dcc.v?.[0]?.dn, 2)
    uvci = cwt.dcc.v?.[0]?.ci ?? ''

    const info = await page.locator('.info').innerText()
    assert.match(info, /Rossi Mario/)
    assert.match(info, /01-01-1980/)
    assert.ok(info.includes(uvci), 'the UVCI is shown')
    await page.locator('.info button.copy').click()
    await page.getByText('Copiato negli appunti').waitFor()
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), uvci)
    assert.deepEqual(await accessibilityViolations(page), [])
  })

  it('tapping the QR shows it full screen; Details show every field', async () => {
    await page.getByRole('button', { name: 'Mostra il QR code a schermo intero' }).click()
    assert.equal(await page.locator('#qr-full').getAttribute('open'), '')
    await page.getByRole('button', { name: 'Chiudi' }).click()
    assert.equal(await page.locator('#qr-full').getAttribute('open'), null)

    await page.getByRole('link', { name: 'Dettagli' }).click()
    await page.getByRole('heading', { name: 'Dettagli del certificato' }).waitFor()
    const detail = await page.locator('.detail').innerText()
    for (const text of [
      'Certificato di vaccinazione',
      'Comirnaty',
      '2/2',
      '22-03-2026',
      'Ministero della Salute',
      uvci,
    ]) {
      assert.ok(detail.includes(text), text)
    }
    await page.getByRole('link', { name: 'Indietro' }).click()
    await page.locator('#qr').waitFor()
  })

  it('Save gives a PNG whose QR decodes to the same HC1 text', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Salva' }).click(),
    ])
    assert.equal(download.suggestedFilename(), 'Certificazione verde COVID-19.png')
    const png = await readFile((await download.path()) as string)
    assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')])
    assert.equal(await readQr(new Uint8Array(png)), hc1)
    await page.getByText('Immagine salvata sul dispositivo').waitFor()
  })

  it('after a revocation the next opening says revoked, when and why', async () => {
    const revoke = await fetch(`${stack.platform.url}/v1/admin/certificates/${encodeURIComponent(uvci)}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.platform.adminToken}` },
      body: JSON.stringify({ reason: 'Dose registrata per errore' }),
    })
    assert.equal(revoke.status, 200)
    await page.getByRole('link', { name: 'Indietro' }).click()
    await page.locator('.inbox li a').first().click()
    await page.getByRole('heading', { name: 'Questo certificato non è valido' }).waitFor()
    const info = await page.locator('.info').innerText()
    assert.match(info, /revocato il 22-03-2026/)
    assert.match(info, /Dose registrata per errore/)
    assert.equal(
      await page.getByRole('link', { name: 'Scopri di più' }).getAttribute('href'),
      'https://www.dgc.gov.it/',
    )
  })

  it('speaks English and German too', async () => {
    await page.locator('#language').selectOption('en')
    await page.getByRole('heading', { name: 'This certificate is not valid' }).waitFor()
    assert.match(await page.locator('.info').innerText(), /revoked on 2026-03-22/)
    await page.locator('#language').selectOption('de')
    await page.getByRole('heading', { name: 'Dieses Zertifikat ist nicht gültig' }).waitFor()
    await page.locator('#language').selectOption('it')
  })

  it('offline, the app still opens and shows the saved image', async () => {
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)')
    await context.setOffline(true)
    try {
      await page.reload()
      await page.getByText('Sei offline').waitFor()
      const image = page.locator('img.saved-image')
      await image.waitFor()
      assert.ok((await image.evaluate((img: { naturalWidth: number }) => img.naturalWidth)) > 0)
      assert.equal(await readQr(new Uint8Array(await image.screenshot())), hc1)
    } finally {
      await context.setOffline(false)
    }
  })
})
