import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createSealer } from '../../src/portal/sealed-value.ts'

describe('sealed cookie values', () => {
  const sessions = createSealer('a-test-secret-of-some-length', 'portal-session')
  it('opens what it sealed until the expiry, and never after', () => {
    const sealed = sessions.seal({ csrf: 'x', grant: { kind: 'code', uvci: '01IT…' } }, 1000)
    assert.deepEqual(sessions.open(sealed, 999), { csrf: 'x', grant: { kind: 'code', uvci: '01IT…' } })
    assert.equal(sessions.open(sealed, 1000), undefined)
    assert.doesNotMatch(Buffer.from(sealed, 'base64url').toString('latin1'), /01IT|csrf/, 'the content is not readable')
  })
  it('refuses an altered value, another purpose, another secret, and garbage', () => {
    const sealed = sessions.seal({ a: 1 }, 1000)
    const bytes = Buffer.from(sealed, 'base64url')
    bytes[bytes.length - 1] = (bytes.at(-1) as number) ^ 1
    assert.equal(sessions.open(bytes.toString('base64url'), 0), undefined)
    assert.equal(createSealer('a-test-secret-of-some-length', 'portal-login').open(sealed, 0), undefined)
    assert.equal(createSealer('another-secret-of-some-length', 'portal-session').open(sealed, 0), undefined)
    for (const garbage of [undefined, '', 'abc', 'x'.repeat(10_000)]) assert.equal(sessions.open(garbage, 0), undefined)
  })
  it('refuses a short secret', () => {
    assert.throws(() => createSealer('short', 'p'), /at least 16/)
  })
})
