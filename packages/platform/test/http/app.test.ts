import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { buildPlatformApp } from '../../src/http/app.ts'
import { Problem } from '../../src/http/problem.ts'

describe('platform HTTP application (real HTTP on loopback)', () => {
  let app: FastifyInstance
  let base: string
  let ready = true
  before(async () => {
    app = await buildPlatformApp({
      logLevel: 'silent',
      ready: async () => ready,
      plugins: [
        async (instance) => {
          instance.post(
            '/echo',
            {
              schema: {
                body: {
                  type: 'object',
                  required: ['fiscalCode', 'dose'],
                  properties: { fiscalCode: { type: 'string', minLength: 16 }, dose: { type: 'integer', minimum: 1 } },
                },
              },
            },
            async (request) => request.body,
          )
          instance.get('/refuse', async () => {
            throw new Problem(409, 'EVENT_CONFLICT', 'Already issued')
          })
          instance.get('/crash', async () => {
            throw new Error('secret internals')
          })
        },
      ],
    })
    base = await app.listen({ port: 0, host: '127.0.0.1' })
  })
  after(() => app.close())

  it('serves health, readiness and the OpenAPI document generated from the route schemas', async () => {
    assert.deepEqual(await (await fetch(`${base}/health`)).json(), { status: 'ok' })
    ready = false
    assert.equal((await fetch(`${base}/ready`)).status, 503)
    ready = true
    assert.equal((await fetch(`${base}/ready`)).status, 200)
    const openapi = (await (await fetch(`${base}/docs/json`)).json()) as {
      openapi: string
      paths: Record<string, unknown>
    }
    assert.match(openapi.openapi, /^3\./)
    assert.ok(openapi.paths['/echo'] && openapi.paths['/health'])
    assert.equal((await fetch(`${base}/docs/`)).status, 200)
  })

  it('answers bad input with problem+json listing every failing field', async () => {
    const response = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fiscalCode: 'short', dose: 0 }),
    })
    assert.equal(response.status, 400)
    assert.equal(response.headers.get('content-type'), 'application/problem+json; charset=utf-8')
    const body = (await response.json()) as { code: string; problems: { path: string; code: string }[] }
    assert.equal(body.code, 'REQUEST_INVALID')
    assert.deepEqual(body.problems.map((p) => [p.path, p.code]).sort(), [
      ['/dose', 'SCHEMA_MINIMUM'],
      ['/fiscalCode', 'SCHEMA_MINLENGTH'],
    ])
  })

  it('maps domain problems, unknown routes and crashes to stable codes without internals', async () => {
    const refused = await fetch(`${base}/refuse`)
    assert.equal(refused.status, 409)
    assert.equal(((await refused.json()) as { code: string }).code, 'EVENT_CONFLICT')
    const missing = await fetch(`${base}/nowhere?fiscalCode=RSSMRA80A01H501U`)
    assert.equal(missing.status, 404)
    const crash = await fetch(`${base}/crash`)
    assert.equal(crash.status, 500)
    const text = await crash.text()
    assert.doesNotMatch(text, /secret internals/)
    assert.match(text, /"code":"INTERNAL"/)
  })
})
