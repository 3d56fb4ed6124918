import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/** The wallet's files, built in memory at start: path → body and type. */
export type WalletFiles = ReadonlyMap<string, { readonly body: Buffer; readonly type: string }>

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/**
 * Bundles the wallet's TypeScript (app and service worker) with esbuild and reads its static files. Run once at start;
 * nothing is written to disk.
 */
export async function buildWallet(): Promise<WalletFiles> {
  const result = await build({
    entryPoints: { app: here('../../web/src/app.ts'), sw: here('../../web/src/sw.ts') },
    bundle: true,
    format: 'iife',
    target: 'es2022',
    minify: true,
    write: false,
    outdir: '/',
    logLevel: 'silent',
  })
  const files = new Map<string, { body: Buffer; type: string }>()
  for (const output of result.outputFiles) {
    files.set(`/${output.path.split('/').pop()}`, { body: Buffer.from(output.contents), type: 'text/javascript' })
  }
  const statics: [string, string, string][] = [
    ['/', 'index.html', 'text/html; charset=utf-8'],
    ['/app.css', 'app.css', 'text/css'],
    ['/manifest.webmanifest', 'manifest.webmanifest', 'application/manifest+json'],
    ['/logo/greenpass.svg', 'greenpass.svg', 'image/svg+xml'],
  ]
  for (const [path, file, type] of statics)
    files.set(path, { body: await readFile(here(`../../web/static/${file}`)), type })
  return files
}
