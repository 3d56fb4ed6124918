/**
 * The wallet's service worker: keeps the app shell so the wallet opens with no network (and then shows the images
 * saved in IndexedDB). The shell is fetched network-first, so an online wallet is always the current one; the API is
 * never cached: a certificate is asked from the platform at every opening.
 */
const CACHE = 'io-wallet-v1'
const SHELL = ['/', '/app.js', '/app.css', '/manifest.webmanifest', '/logo/greenpass.svg']

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request
  respondWith(response: Promise<Response>): void
}
const worker = self as unknown as {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void
  skipWaiting(): Promise<void>
  clients: { claim(): Promise<void> }
  location: Location
}

worker.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => worker.skipWaiting()),
  )
})

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => worker.clients.claim()),
  )
})

worker.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url)
  if (event.request.method !== 'GET' || url.origin !== worker.location.origin) return
  const shell = event.request.mode === 'navigate' ? '/' : SHELL.includes(url.pathname) ? url.pathname : undefined
  if (shell === undefined) return
  event.respondWith(
    fetch(event.request)
      .then(async (response) => {
        if (response.ok && url.pathname === shell) await (await caches.open(CACHE)).put(shell, response.clone())
        return response
      })
      .catch(async () => (await caches.match(shell)) ?? Response.error()),
  )
})
