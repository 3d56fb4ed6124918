import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseHttpDate } from '../src/http/if-modified-since.ts'

// RFC 9110 §5.6.7: a recipient accepts IMF-fixdate, obsolete RFC 850 and asctime; the gateway's API also ISO 8601.
describe('HTTP dates (If-Modified-Since)', () => {
  const now = new Date('2026-11-04T12:00:00Z')
  const at = (text: string) => parseHttpDate(text, now)?.toISOString()

  it('reads RFC 9110’s own example in all three forms as one instant', () => {
    for (const text of [
      'Sun, 06 Nov 1994 08:49:37 GMT',
      'Sunday, 06-Nov-94 08:49:37 GMT',
      'Sun Nov  6 08:49:37 1994',
    ]) {
      assert.equal(at(text), '1994-11-06T08:49:37.000Z', text)
    }
  })

  it('takes a one- or two-digit day in IMF-fixdate and asctime', () => {
    assert.equal(at('Tue, 3 Nov 2026 00:00:00 GMT'), '2026-11-03T00:00:00.000Z')
    assert.equal(at('Tue, 03 Nov 2026 00:00:00 GMT'), '2026-11-03T00:00:00.000Z')
    assert.equal(at('Tue Nov 3 00:00:00 2026'), '2026-11-03T00:00:00.000Z')
    assert.equal(at('Tue Nov 13 00:00:00 2026'), '2026-11-13T00:00:00.000Z')
  })

  it('puts a two-digit RFC 850 year no more than 50 years after now', () => {
    assert.equal(at('Wednesday, 04-Nov-76 00:00:00 GMT'), '2076-11-04T00:00:00.000Z')
    assert.equal(at('Thursday, 05-Nov-76 00:00:00 GMT'), '1976-11-05T00:00:00.000Z')
    assert.equal(at('Saturday, 01-Jun-21 00:00:00 GMT'), '2021-06-01T00:00:00.000Z')
  })

  it('reads ISO 8601 with Z or any offset form, with or without seconds and fractions', () => {
    assert.equal(at('2021-06-01T00:00:00Z'), '2021-06-01T00:00:00.000Z')
    assert.equal(at('2021-06-01T02:00:00+02:00'), '2021-06-01T00:00:00.000Z')
    assert.equal(at('2021-06-01T02:00:00+0200'), '2021-06-01T00:00:00.000Z')
    assert.equal(at('2021-06-01T02:00+02'), '2021-06-01T00:00:00.000Z')
    assert.equal(at('2021-05-31T21:30:00.123456-02:30'), '2021-06-01T00:00:00.123Z')
  })

  it('refuses what is none of the forms, or not a calendar instant', () => {
    for (const text of [
      '',
      'yesterday',
      '2021-06-01T00:00:00', // no offset: the instant would depend on the server's zone
      '2021-06-01',
      'Mon, 31 Feb 2026 08:00:00 GMT',
      'Mon, 2 Mar 2026 24:00:00 GMT',
      'Mon, 2 Mar 2026 08:00:00 UTC',
      'Mon, 2 Mar 26 08:00:00 GMT',
      'Monday, 2-Mar-26 08:00:00 GMT',
      '2021-13-01T00:00:00Z',
      '2021-06-01T00:00:00+24:00',
    ]) {
      assert.equal(at(text), undefined, text)
    }
  })
})
