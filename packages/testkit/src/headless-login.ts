/** Where a headless login ended: at a URL it was told to stop at, or on a page that neither redirects nor is a form. */
export interface HeadlessLogin {
  /** The URL the login was redirected to that `stopAt` accepted (not fetched). */
  readonly at: URL | undefined
  /** The last page when the login stopped elsewhere (a refusal, say). */
  readonly response: Response | undefined
  /** The cookies collected on the way (they ignore ports, like a browser's). */
  readonly cookies: ReadonlyMap<string, string>
}

/**
 * An OpenID Connect login over plain HTTP, as a browser does it: follows redirects with a cookie jar from `start`,
 * fills the identity provider's login form once with `credentials`, and stops at the first URL `stopAt` accepts
 * (the relying party's callback, or its page after it) — or at the first page that is neither a redirect nor, before
 * the credentials are sent, a form.
 *
 * @example const { at } = await headlessLogin(authorizationUrl, { credentials, stopAt: (u) => u.href.startsWith(cb) })
 */
export async function headlessLogin(
  start: string,
  options: { readonly credentials?: { username: string; password: string }; readonly stopAt: (url: URL) => boolean },
): Promise<HeadlessLogin> {
  const cookies = new Map<string, string>()
  let url = new URL(start)
  let method = 'GET'
  let body: string | undefined
  for (let hop = 0; hop < 20; hop++) {
    if (options.stopAt(url)) return { at: url, response: undefined, cookies }
    const response = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
    })
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? ''
      const at = pair.indexOf('=')
      cookies.set(pair.slice(0, at), pair.slice(at + 1))
    }
    const location = response.headers.get('location')
    if (location !== null) {
      url = new URL(location, url)
      method = 'GET'
      body = undefined
      continue
    }
    const action =
      options.credentials === undefined || method === 'POST' ? undefined : formAction(await response.clone().text())
    if (action === undefined) return { at: undefined, response, cookies }
    url = new URL(action, url)
    method = 'POST'
    body = new URLSearchParams(options.credentials).toString()
  }
  throw new Error('too many redirects')
}

function formAction(html: string): string | undefined {
  return /<form[^>]*action="([^"]+)"/.exec(html)?.[1]
}
