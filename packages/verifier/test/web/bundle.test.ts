import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { buildVerifierApp, writeVerifierApp } from '../../src/web-bundle.ts'

describe('the verifier web app bundle (esbuild)', () => {
  it('holds the page, one script, the wasm and a service worker that keeps them all', async () => {
    const app = await buildVerifierApp()
    assert.deepEqual([...app.keys()].sort(), [
      'app.css',
      'app.js',
      'icon.svg',
      'index.html',
      'manifest.webmanifest',
      'sw.js',
      'zxing_reader.wasm',
    ])
    const sw = new TextDecoder().decode(app.get('sw.js')?.body)
    for (const name of app.keys()) if (name !== 'sw.js') assert.ok(sw.includes(`"${name}"`), `${name} not precached`)
    assert.ok(sw.includes('"./"'))
    // Only the browser path of the shared code: no Node module, no schema compiler, no certificate maker.
    const script = new TextDecoder().decode(app.get('app.js')?.body)
    for (const absent of ['node:', 'X509Certificate', 'Ajv', 'reflect-metadata', 'readFile']) {
      assert.ok(!script.includes(absent), `app.js contains ${absent}`)
    }
    assert.ok(script.length < 200_000, `app.js is ${script.length} bytes`)
  })

  it('writes the same files as static files (greenpass verifier build-app)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'greenpass-app-'))
    try {
      const written = await writeVerifierApp(dir)
      assert.deepEqual((await readdir(dir)).sort(), [...written].sort())
      assert.match(
        await readFile(join(dir, 'index.html'), 'utf8'),
        /<meta name="greenpass-api" content="..\/v1\/dgc\/"/,
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
