import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { TEST_IDENTITIES, TEST_PASSWORD } from '@greenpass/idp'
import type { Browser, CDPSession, Page } from 'playwright-core'
import { launchBrowser } from '@greenpass/testkit'
import { type Stack, startStack, vaccination, waitFor } from './support/stack.ts'

const lucia = TEST_IDENTITIES[1]!

describe('the wallet unlocks with the device authenticator where the browser offers one', () => {
  let stack: Stack
  let browser: Browser
  let page: Page
  let cdp: CDPSession
  let authenticatorId: string
  before(async () => {
    // WebAuthn takes a domain as relying party, never an IP address: the citizen reaches IO at localhost.
    stack = await startStack(new Date('2026-03-01T09:00:00Z'), { ioHost: 'localhost' })
    browser = await launchBrowser()
    const context = await browser.newContext({ locale: 'it-IT' })
    page = await context.newPage()
    page.setDefaultTimeout(8_000)
    // Chromium's virtual authenticator: a platform authenticator that verifies its user (as a fingerprint would).
    cdp = await context.newCDPSession(page)
    await cdp.send('WebAuthn.enable')
    ;({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    }))
  })
  after(async () => {
    await browser?.close()
    await stack?.close()
  })

  const credentials = () =>
    (stack.io.db.prepare('select counter from webauthn_credentials').all() as { counter: number }[]).length

  it('offers the device after the unlock code is set, and registers it with the server', async () => {
    await page.goto(stack.io.url)
    await page.getByRole('link', { name: 'Entra con SPID o CIE' }).click()
    await page.locator('#username').fill(lucia.fiscalCode)
    await page.locator('#password').fill(TEST_PASSWORD)
    await page.getByRole('button', { name: 'Entra' }).click()
    await page.locator('#pin').fill('11223')
    await page.locator('#pin-again').fill('11223')
    await page.getByRole('button', { name: 'Salva' }).click()
    await page.getByText(/riconoscimento del dispositivo/).waitFor()
    await page.getByRole('button', { name: 'Attiva' }).click()
    await page.getByRole('heading', { name: 'Messaggi' }).waitFor()
    assert.equal(credentials(), 1)
  })

  it('opens the certificate with the device instead of the code', async () => {
    assert.equal((await stack.intake(vaccination(lucia, 'wa1', '2026-03-01'))).status, 200)
    await waitFor('the message', async () => {
      await page.reload()
      await page.getByRole('heading', { name: 'Messaggi' }).waitFor()
      return (await page.locator('.inbox li').count()) === 1 ? true : undefined
    })
    await page.locator('.inbox li a').first().click()
    await page.getByRole('button', { name: 'Sblocca con il dispositivo' }).click()
    await page.locator('#qr').waitFor()
  })

  it('refuses an authenticator that did not verify its user; the code still works', async () => {
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false })
    await page.reload()
    await page.getByRole('button', { name: 'Sblocca con il dispositivo' }).click()
    await page.getByText('Il dispositivo non ha sbloccato: usa il codice.').waitFor()
    await page.locator('#unlock-pin').fill('11223')
    await page.getByRole('button', { name: 'Sblocca', exact: true }).click()
    await page.locator('#qr').waitFor()
  })
})
