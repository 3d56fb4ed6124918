import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import {
  CborTag,
  checkCwtValidity,
  dccKeyUsage,
  encodeCbor,
  encodeCwt,
  importDsc,
  keyUsageAllows,
  parseCwt,
} from '../src/index.ts'
import { sampleVaccination } from './support/keys.ts'
import { sharedTestdata } from './support/shared-testdata.ts'

const claims = (entries: [number, unknown][]) => encodeCbor(new Map(entries) as never)
const hcert = new Map([[1, sampleVaccination()]])

describe('CWT claims', () => {
  it('encodes iss, exp, iat, hcert in that order with integer NumericDates', () => {
    const bytes = encodeCwt({ iss: 'IT', iat: 1700000000, exp: 1715000000, dcc: sampleVaccination() })
    assert.equal(Buffer.from(bytes.subarray(0, 4)).toString('hex'), 'a4016249')
    const parsed = parseCwt(bytes)
    assert.deepEqual([parsed.iss, parsed.iat, parsed.exp], ['IT', 1700000000, 1715000000])
    assert.throws(() => encodeCwt({ iss: 'IT', iat: 1.5, exp: 2, dcc: sampleVaccination() }), { code: 'CWT' })
  })

  it('reads iat and exp from floats, tag-1 epochs and tag-0 date-times, in any claim order', () => {
    const parsed = parseCwt(
      claims([
        [-260, hcert],
        [6, 1700000000.5],
        [4, new CborTag(1, 1715000000)],
        [1, 'ES'],
      ]),
    )
    assert.deepEqual([parsed.iat, parsed.exp], [1700000000.5, 1715000000])
    const tagged = parseCwt(
      claims([
        [6, new CborTag(0, '2023-11-14T22:13:20Z')],
        [-260, hcert],
      ]),
    )
    assert.equal(tagged.iat, 1700000000)
    assert.throws(
      () =>
        parseCwt(
          claims([
            [6, 'yesterday'],
            [-260, hcert],
          ]),
        ),
      { code: 'CWT' },
    )
  })

  it('unwraps tag-0 date-times inside the DCC and NFC-normalises text', () => {
    const dcc = {
      ...sampleVaccination(),
      nam: { fn: 'Mu\u0308ller', fnt: 'MUELLER' },
      dob: new CborTag(0, '1970-01-01'),
    }
    const parsed = parseCwt(claims([[-260, new Map([[1, dcc]])]]))
    assert.equal(parsed.dcc.nam.fn, 'Müller')
    assert.equal(parsed.dcc.dob, '1970-01-01')
  })

  it('keeps a __proto__ key from the wire as data, never as a prototype', () => {
    const dcc = new Map<string, unknown>([
      ['ver', '1.3.0'],
      ['__proto__', new Map([['polluted', true]])],
    ])
    const parsed = parseCwt(claims([[-260, new Map([[1, dcc]])]]))
    assert.equal(Object.getPrototypeOf(parsed.dcc), Object.prototype)
    assert.equal((parsed.dcc as unknown as { polluted?: boolean }).polluted, undefined)
    assert.deepEqual(Object.getOwnPropertyDescriptor(parsed.dcc, '__proto__')?.value, { polluted: true })
  })

  it('refuses iat and exp that are no date: NaN, ±Infinity, beyond a Date, text, an unreadable tag 0, another tag', () => {
    const withIat = (iat: unknown) =>
      claims([
        [6, iat],
        [-260, hcert],
      ])
    const withExp = (exp: unknown) =>
      claims([
        [4, exp],
        [-260, hcert],
      ])
    for (const bad of [
      NaN,
      Infinity,
      -Infinity,
      1e300,
      new CborTag(1, NaN),
      new CborTag(1, Infinity),
      new CborTag(1, -1e13),
      new CborTag(0, 'not a date'),
      new CborTag(2, 1700000000),
      '1700000000',
    ]) {
      assert.throws(() => parseCwt(withIat(bad)), { name: 'HcertError', code: 'CWT' }, `iat ${String(bad)}`)
      assert.throws(() => parseCwt(withExp(bad)), { name: 'HcertError', code: 'CWT' }, `exp ${String(bad)}`)
    }
    assert.equal(parseCwt(withExp(new CborTag(1, -8.64e12))).exp, -8.64e12)
  })

  it('turns tag-1 epochs inside the DCC into date text, and refuses one that is no date', () => {
    const dcc = { ...sampleVaccination(), dob: new CborTag(1, 86400) }
    assert.equal(parseCwt(claims([[-260, new Map([[1, dcc]])]])).dcc.dob, '1970-01-02T00:00:00.000Z')
    for (const bad of [NaN, Infinity, 1e300]) {
      const payload = claims([[-260, new Map([[1, { ...sampleVaccination(), dob: new CborTag(1, bad) }]])]])
      assert.throws(() => parseCwt(payload), { name: 'HcertError', code: 'CWT' })
    }
  })

  it('converts bytes, big integers, undefined and other tags inside the DCC to JSON', () => {
    const dcc = new Map<string, unknown>([
      ['ver', '1.3.0'],
      ['b', new Uint8Array([1, 2, 255])],
      ['n', 2n ** 63n],
      ['u', undefined],
      ['t', new CborTag(32, 'https://example.org/')],
      ['a', [true, null, 1.5]],
    ])
    const parsed = parseCwt(claims([[-260, new Map([[1, dcc]])]])) as unknown as { dcc: Record<string, unknown> }
    assert.deepEqual(
      { ...parsed.dcc },
      { ver: '1.3.0', b: 'AQL/', n: 9223372036854775808, u: null, t: 'https://example.org/', a: [true, null, 1.5] },
    )
  })

  it('refuses a null DCC and an iss that is not text', () => {
    assert.throws(() => parseCwt(claims([[-260, new Map([[1, null]])]])), { code: 'CWT' })
    assert.throws(() => parseCwt(claims([[-260, new Map([[1, [1]]])]])), { code: 'CWT' })
    assert.throws(
      () =>
        parseCwt(
          claims([
            [1, 380],
            [-260, hcert],
          ]),
        ),
      { code: 'CWT' },
    )
    assert.equal(
      parseCwt(
        claims([
          [1, 'IT'],
          [-260, hcert],
        ]),
      ).iss,
      'IT',
    )
  })

  it('requires hcert to be exactly {1: DCC}', () => {
    assert.throws(() => parseCwt(claims([[1, 'IT']])), { code: 'CWT' })
    assert.throws(
      () =>
        parseCwt(
          claims([
            [
              -260,
              new Map<number, unknown>([
                [1, {}],
                [2, {}],
              ]),
            ],
          ]),
        ),
      { code: 'CWT' },
    )
    assert.throws(() => parseCwt(claims([[-260, new Map([[1, 'text']])]])), { code: 'CWT' })
    assert.throws(() => parseCwt(encodeCbor([1, 2])), { code: 'CWT' })
  })

  it('checks DSC.notBefore ≤ iat ≤ at ≤ exp ≤ DSC.notAfter, inclusive', () => {
    const cwt = { iss: 'IT', iat: 1000, exp: 2000, dcc: sampleVaccination() }
    const dsc = { notBefore: new Date(1000_000), notAfter: new Date(2000_000) }
    assert.doesNotThrow(() => checkCwtValidity(cwt, new Date(1000_000), dsc))
    assert.doesNotThrow(() => checkCwtValidity(cwt, new Date(2000_000), dsc))
    assert.throws(() => checkCwtValidity(cwt, new Date(999_999), dsc), { code: 'CWT_NOT_YET_VALID' })
    assert.throws(() => checkCwtValidity(cwt, new Date(2000_001), dsc), { code: 'CWT_EXPIRED' })
    assert.throws(() => checkCwtValidity(cwt, new Date(1500_000), { ...dsc, notAfter: new Date(1999_000) }), {
      code: 'CWT_EXPIRED',
    })
    assert.throws(() => checkCwtValidity({ ...cwt, exp: undefined }, new Date(1500_000)), { code: 'CWT' })
  })
})

describe('DSC key usage', () => {
  it('accepts both spellings of the DCC OIDs and ignores unrelated ones', () => {
    assert.equal(dccKeyUsage(undefined), 'any')
    assert.equal(dccKeyUsage(['1.3.6.1.5.5.7.3.2', '1.3.6.1.5.5.7.3.4']), 'any')
    assert.deepEqual(dccKeyUsage(['1.3.6.1.4.1.1847.2021.1.2']), new Set(['v']))
    assert.deepEqual(dccKeyUsage(['1.3.6.1.4.1.0.1847.2021.1.1', '1.3.6.1.4.1.0.1847.2021.1.3']), new Set(['t', 'r']))
    assert.equal(keyUsageAllows(new Set(['r']), 'v'), false)
    assert.equal(keyUsageAllows('any', 'v'), true)
  })

  it('reads the key usage of corpus DSCs (legacy spelling in common/CO6, none in IT)', () => {
    const root = sharedTestdata('dgc-testdata')
    const co6 = JSON.parse(readFileSync(`${root}/common/2DCode/raw/CO6.json`, 'utf8'))
    assert.deepEqual(importDsc(co6.TESTCTX.CERTIFICATE).keyUsage, new Set(['t']))
    const it1 = JSON.parse(readFileSync(`${root}/IT/2DCode/raw/1.json`, 'utf8'))
    const dsc = importDsc(it1.TESTCTX.CERTIFICATE)
    assert.equal(dsc.keyUsage, 'any')
    assert.equal(Buffer.from(dsc.kid).toString('hex'), '39301768cdda0513')
  })

  it('refuses a certificate that does not parse with a KEY error', () => {
    assert.throws(() => importDsc('MIIBnotacertificate'), { code: 'KEY' })
    assert.throws(() => importDsc(new Uint8Array(10)), { code: 'KEY' })
  })
})
