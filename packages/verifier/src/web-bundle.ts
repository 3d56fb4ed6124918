import { createHash } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'

/** One file of the verifier web app, as served. */
export interface WebAppFile {
  readonly contentType: string
  readonly body: Uint8Array
}

/** The app's files by name (`index.html`, `app.js`, `sw.js`, …), all served from one folder. */
export type WebApp = ReadonlyMap<string, WebAppFile>

const WEB = fileURLToPath(new URL('../web/', import.meta.url))
const STATIC: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'manifest.webmanifest': 'application/manifest+json',
  'icon.svg': 'image/svg+xml',
}
const JAVASCRIPT = 'text/javascript; charset=utf-8'

/**
 * `node:` modules are not in the browser: the shared code that imports them either has a browser path (crypto: the
 * WebCrypto seam of hcert) or is never reached from the app (files, zlib deflate). An empty CommonJS module stands in,
 * so an unexpected use fails loudly at run time instead of the build pulling in polyfills.
 */
const nodeBuiltins: Plugin = {
  name: 'node-builtins',
  setup(context) {
    context.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-builtin' }))
    context.onLoad({ filter: /.*/, namespace: 'node-builtin' }, () => ({ contents: 'module.exports = {}' }))
  },
}

/**
 * The browser's side of hcert's crypto seam: the DSC import reads certificates with the DER reader (no
 * `X509Certificate` in a browser). And the workspace's own sources have no import-time side effects, so whatever the
 * app does not use (file stores, QR rendering, schema compilers) is left out of the bundle.
 */
const browserSources: Plugin = {
  name: 'browser-sources',
  setup(context) {
    context.onResolve({ filter: /\/dsc\/import\.ts$/ }, (args) =>
      args.importer.includes('/hcert/src/')
        ? { path: join(dirname(resolve(args.resolveDir, args.path)), 'import-web.ts'), sideEffects: false }
        : undefined,
    )
    context.onResolve({ filter: /^(\.|@greenpass\/)/ }, async (args) => {
      if (args.pluginData === 'resolved') return undefined
      const result = await context.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolved',
      })
      if (result.errors.length > 0 || !/\/packages\/[^/]+\/src\//.test(result.path)) return result
      return { ...result, sideEffects: false }
    })
  },
}

async function bundle(entry: string, define: Record<string, string> = {}): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [join(WEB, 'src', entry)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome109',
    minify: true,
    legalComments: 'none',
    inject: [join(WEB, 'src', 'buffer-shim.ts')],
    plugins: [nodeBuiltins, browserSources],
    define,
    logLevel: 'silent',
  })
  const [output] = result.outputFiles
  if (!output) throw new Error(`esbuild produced nothing for ${entry}`)
  return output.contents
}

/**
 * Builds the verifier web app in memory: the page, its script (the same `rules`, `hcert` and `verifier` code as the
 * Node verifier, bundled by esbuild), ZXing's wasm, and a service worker that keeps them all for offline use.
 *
 * @example const app = await buildVerifierApp(); app.get('app.js')?.body
 */
export async function buildVerifierApp(): Promise<WebApp> {
  const files = new Map<string, WebAppFile>()
  for (const [name, contentType] of Object.entries(STATIC)) {
    files.set(name, { contentType, body: await readFile(join(WEB, name)) })
  }
  files.set('app.js', { contentType: JAVASCRIPT, body: await bundle('main.ts') })
  const wasm = fileURLToPath(import.meta.resolve('zxing-wasm/reader/zxing_reader.wasm'))
  files.set('zxing_reader.wasm', { contentType: 'application/wasm', body: await readFile(wasm) })
  const version = createHash('sha256')
  for (const [name, file] of files) version.update(name).update(file.body)
  const appFiles = ['./', ...files.keys()]
  const sw = await bundle('service-worker.ts', {
    APP_FILES: JSON.stringify(appFiles),
    APP_VERSION: JSON.stringify(version.digest('hex').slice(0, 16)),
  })
  files.set('sw.js', { contentType: JAVASCRIPT, body: sw })
  return files
}

/**
 * Writes the app as static files into `dir` (for any web server or CDN; point it at the API with `?api=<url>` or the
 * `greenpass-api` meta tag). Returns the names written.
 */
export async function writeVerifierApp(dir: string): Promise<string[]> {
  const app = await buildVerifierApp()
  for (const [name, file] of app) {
    const path = join(dir, name)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, file.body)
  }
  return [...app.keys()]
}
