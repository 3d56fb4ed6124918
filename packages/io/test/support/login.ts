import assert from 'node:assert/strict'
import { TEST_PASSWORD } from '@greenpass/idp'

/**
 * Logs a test identity into IO over plain HTTP, as a browser would (IO → the SPID/CIE test provider's login form →
 * back to IO's callback), and returns IO's session cookie (`io_session=…`). Cookies ignore ports, like a browser's.
 */
export async function loginOverHttp(ioUrl: string, fiscalCode: string): Promise<string> {
  const jar = new Map<string, string>()
  let url = `${ioUrl}/login`
  let method = 'GET'
  let body: string | undefined
  for (let hop = 0; hop < 20; hop++) {
    const response = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const at = pair!.indexOf('=')
      jar.set(pair!.slice(0, at), pair!.slice(at + 1))
    }
    const location = response.headers.get('location')
    if (location !== null) {
      const next = new URL(location, url)
      if (next.origin === ioUrl && !next.pathname.startsWith('/login')) {
        assert.equal(next.search, '', `login ended at ${next.href}`)
        const session = jar.get('io_session')
        assert.ok(session, 'IO set a session cookie')
        return `io_session=${session}`
      }
      url = next.href
      method = 'GET'
      body = undefined
      continue
    }
    const html = await response.text()
    const action = /action="([^"]+)"/.exec(html)?.[1]
    assert.ok(action, `the login page has a form (status ${response.status})`)
    url = new URL(action, url).href
    method = 'POST'
    body = new URLSearchParams({ username: fiscalCode, password: TEST_PASSWORD }).toString()
  }
  throw new Error('too many redirects')
}
