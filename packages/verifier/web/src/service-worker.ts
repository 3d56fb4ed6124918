/**
 * The app's service worker: keeps every file of the app (HTML, script, style, ZXing's wasm) so that it opens and
 * verifies with no network. The verifier API is never cached here: its data lives in IndexedDB, synced by the app.
 * The file list and version are written in by the build (`web-bundle.ts`); a new build is a new cache.
 */
declare const APP_FILES: readonly string[]
declare const APP_VERSION: string

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request
  respondWith(response: Promise<Response>): void
}
interface ServiceWorkerScope {
  readonly registration: { readonly scope: string }
  readonly clients: { claim(): Promise<void> }
  skipWaiting(): Promise<void>
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void
}

const worker = self as unknown as ServiceWorkerScope
const CACHE = `greenpass-verifier-${APP_VERSION}`
const scope = new URL(worker.registration.scope)
const appUrls = new Set(APP_FILES.map((file) => new URL(file, scope).href))

worker.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([...appUrls]))
      .then(() => worker.skipWaiting()),
  )
})

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('greenpass-verifier-') && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => worker.clients.claim()),
  )
})

worker.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url)
  url.search = ''
  if (event.request.method !== 'GET' || !appUrls.has(url.href)) return
  // The app's own files: from the cache (the network only if the cache lost one), so that an offline reload works.
  event.respondWith(caches.open(CACHE).then(async (cache) => (await cache.match(url.href)) ?? fetch(event.request)))
})
