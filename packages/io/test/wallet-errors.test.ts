import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { TEST_IDENTITIES, TEST_PASSWORD } from '@greenpass/idp'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser } from '@greenpass/testkit'
import { type Stack, startStack } from './support/stack.ts'

const giuseppe = TEST_IDENTITIES[2]!
const markdown = 'Un messaggio con un certificato: aprilo per vederlo. Il testo deve superare gli ottanta caratteri.'

describe('the wallet says what went wrong, and how to get help', () => {
  let stack: Stack
  let browser: Browser
  let page: Page
  let platformClosed = false
  before(async () => {
    stack = await startStack(new Date('2026-03-01T09:00:00Z'))
    browser = await launchBrowser()
    page = await (await browser.newContext({ locale: 'it-IT' })).newPage()
    page.setDefaultTimeout(8_000)
    await page.goto(stack.io.url)
    await page.getByRole('link', { name: 'Entra con SPID o CIE' }).click()
    await page.locator('#username').fill(giuseppe.fiscalCode)
    await page.locator('#password').fill(TEST_PASSWORD)
    await page.getByRole('button', { name: 'Entra' }).click()
    await page.locator('#pin').fill('97531')
    await page.locator('#pin-again').fill('97531')
    await page.getByRole('button', { name: 'Salva' }).click()
    await page.getByRole('heading', { name: 'Messaggi' }).waitFor()
  })
  after(async () => {
    await browser?.close()
    if (platformClosed) await stack?.io.close()
    else await stack?.close()
  })

  /** A certificate message from the platform's own service, with an auth_code of the test's choosing. */
  async function messageWith(authCode: string): Promise<string> {
    const response = await fetch(`${stack.io.url}/api/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'ocp-apim-subscription-key': stack.platform.ioServiceKey },
      body: JSON.stringify({
        fiscal_code: giuseppe.fiscalCode,
        content: { subject: 'Certificazione verde COVID-19', markdown, eu_covid_cert: { auth_code: authCode } },
      }),
    })
    assert.equal(response.status, 201)
    return ((await response.json()) as { id: string }).id
  }

  async function open(id: string): Promise<void> {
    await page.goto(`${stack.io.url}/#/messages/${id}`)
    await page.reload() // a fresh start of the app: locked again
    await page.locator('#unlock-pin').fill('97531')
    await page.getByRole('button', { name: 'Sblocca' }).click()
  }

  it('a code the platform does not know: "does not exist", with the code, the message id and support', async () => {
    const authCode = createHash('sha256').update('never issued').digest('hex')
    const id = await messageWith(authCode)
    await open(id)
    await page.getByRole('heading', { name: 'Sembra che il certificato non esista: contatta l’assistenza' }).waitFor()
    const support = await page.locator('.support').innerText()
    assert.ok(support.includes(authCode) && support.includes(id))
    assert.equal(await page.locator('.support button.copy').count(), 2)
    assert.ok(await page.getByRole('link', { name: 'Chiedi assistenza' }).getAttribute('href'))
  })

  it('a code the platform cannot read: "cannot be retrieved"', async () => {
    await open(await messageWith('not-a-sha256'))
    await page.getByRole('heading', { name: 'Non è possibile recuperare questo certificato' }).waitFor()
  })

  it('the platform down: "temporarily unavailable", with a way to try again', async () => {
    const id = await messageWith(createHash('sha256').update('any').digest('hex'))
    await stack.platform.close()
    platformClosed = true
    await open(id)
    await page
      .getByRole('heading', { name: 'Il servizio è temporaneamente non disponibile – riprova più tardi' })
      .waitFor()
    await page.getByRole('button', { name: 'Riprova' }).click()
    await page.getByRole('heading', { name: /temporaneamente non disponibile/ }).waitFor()
  })
})
