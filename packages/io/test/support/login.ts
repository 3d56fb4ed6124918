import assert from 'node:assert/strict'
import { TEST_PASSWORD } from '@greenpass/idp'
import { headlessLogin } from '@greenpass/testkit'

/**
 * Logs a test identity into IO over plain HTTP, as a browser would (IO → the SPID/CIE test provider's login form →
 * back to IO's callback), and returns IO's session cookie (`io_session=…`). Cookies ignore ports, like a browser's.
 */
export async function loginOverHttp(ioUrl: string, fiscalCode: string): Promise<string> {
  const { at, cookies } = await headlessLogin(`${ioUrl}/login`, {
    credentials: { username: fiscalCode, password: TEST_PASSWORD },
    stopAt: (url) => url.origin === ioUrl && !url.pathname.startsWith('/login'),
  })
  assert.ok(at, 'the login came back to IO')
  assert.equal(at.search, '', `login ended at ${at.href}`)
  const session = cookies.get('io_session')
  assert.ok(session, 'IO set a session cookie')
  return `io_session=${session}`
}
