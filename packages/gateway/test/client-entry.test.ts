import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { describe, it } from 'node:test'

// Issue 12: a national backend imports the gateway's client without the gateway server.
describe('@greenpass/gateway/client', () => {
  it('loads no server module: no Fastify, no database driver, nothing of the HTTP or database layers', () => {
    // A fresh Node records every module it resolves while importing the entry.
    const script = `
      import { registerHooks } from 'node:module'
      const seen = []
      registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.push(r.url); return r } })
      const client = await import('@greenpass/gateway/client')
      console.log(JSON.stringify({ exports: Object.keys(client).sort(), seen }))`
    const { exports, seen } = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
    ) as { exports: string[]; seen: string[] }
    assert.deepEqual(exports, [
      'CmsError',
      'GatewayCallError',
      'TRUST_LIST_TYPES',
      'gatewayClient',
      'kidBase64Of',
      'signCms',
      'thumbprintOf',
      'verifyCms',
    ])
    const server = seen.filter((url) =>
      /\/node_modules\/(fastify|@fastify|kysely|pg)\/|\/packages\/(storage|gateway\/src\/(http|db|domain|auth|operator))\//.test(
        url,
      ),
    )
    assert.deepEqual(server, [])
    assert.ok(seen.some((url) => url.endsWith('/gateway/src/client/gateway-client.ts')))
  })
})
