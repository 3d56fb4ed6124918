import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compareDottedVersions, sdkVersionAccepted, VERIFIER_SDK_VERSION } from '../src/index.ts'

describe('the settings’ sdk minimum (§3.1.1)', () => {
  it('compares dotted versions part by part, numerically', () => {
    assert.equal(compareDottedVersions('1.1.12', '1.1.9'), 1)
    assert.equal(compareDottedVersions('1.10', '1.9.9'), 1)
    assert.equal(compareDottedVersions('1.1', '1.1.0'), 0)
    assert.equal(compareDottedVersions('1.0.3', '1.1'), -1)
    assert.equal(compareDottedVersions('2', '10'), -1, 'not as text')
  })

  it('accepts this verifier when no minimum is served or the minimum is not newer', () => {
    assert.equal(sdkVersionAccepted(undefined), true)
    assert.equal(sdkVersionAccepted('1.0.4'), true)
    assert.equal(sdkVersionAccepted(VERIFIER_SDK_VERSION), true)
    assert.equal(sdkVersionAccepted('1.1.13'), false)
    assert.equal(sdkVersionAccepted('2.0'), false)
  })

  it('never locks verifiers out on a malformed minimum (its parts count as 0)', () => {
    assert.equal(sdkVersionAccepted('abc'), true)
    assert.equal(sdkVersionAccepted('1.x.99'), true)
  })
})
