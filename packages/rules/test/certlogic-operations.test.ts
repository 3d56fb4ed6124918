/**
 * Each CertLogic operation on small hand-made expressions, the truthiness table, the date-time arithmetic, the
 * static checker, and properties over arbitrary expressions and data.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import {
  type CertLogicErrorCode,
  CERTLOGIC_OPERATORS,
  dccDateOfBirth,
  evaluateCertLogic,
  extractFromUvci,
  isCertLogicError,
  isCertLogicFalsy,
  isCertLogicTruthy,
  parseCertLogicDateTime,
  plusTime,
  validateCertLogic,
} from '../src/certlogic/index.ts'
import { DATE_TIME_GRAMMAR } from '../src/certlogic/date-time.ts'

const evaluate = evaluateCertLogic

function throwsCode(code: CertLogicErrorCode, fn: () => unknown, message?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(isCertLogicError(error, code), `expected CertLogicError ${code}, got ${String(error)}`)
    if (message !== undefined) assert.match(error.message, message)
    return true
  })
}
const invalid = (expression: unknown, data: unknown = {}, message?: RegExp) =>
  throwsCode('CERTLOGIC_INVALID', () => evaluate(expression, data), message)
const badOperand = (expression: unknown, data: unknown = {}, message?: RegExp) =>
  throwsCode('CERTLOGIC_OPERAND', () => evaluate(expression, data), message)
const iso = (value: unknown) => (value as Date).toISOString()
const at = (dateTime: string, amount: number, unit: string) => iso(evaluate({ plusTime: [dateTime, amount, unit] }, {}))

describe('literals', () => {
  test('strings, integers and booleans stand for themselves', () => {
    assert.equal(evaluate('EU/1/20/1528', {}), 'EU/1/20/1528')
    assert.equal(evaluate(0, {}), 0)
    assert.equal(evaluate(-18, {}), -18)
    assert.equal(evaluate(true, {}), true)
    assert.equal(evaluate('', {}), '')
  })

  test('arrays are evaluated element by element', () => {
    assert.deepEqual(evaluate([1, { var: 'a' }, ['x', { var: 'b.0' }]], { a: 'A', b: [true] }), [1, 'A', ['x', true]])
    assert.deepEqual(evaluate([], {}), [])
  })

  test('null, fractions and non-JSON values are not CertLogic', () => {
    invalid(null)
    invalid(1.5, {}, /not an integer/)
    invalid(undefined)
    invalid({})
    invalid({ a: 1, b: 2 }, {}, /exactly one key/)
  })
})

describe('var', () => {
  const data = { payload: { v: [{ dn: 2, mp: 'EU/1/20/1528' }], dob: '1990-01-01', nam: null }, n: 0 }

  test('dotted paths, array indices', () => {
    assert.equal(evaluate({ var: 'payload.v.0.mp' }, data), 'EU/1/20/1528')
    assert.equal(evaluate({ var: 'payload.v.0.dn' }, data), 2)
    assert.deepEqual(evaluate({ var: 'payload.v.0' }, data), { dn: 2, mp: 'EU/1/20/1528' })
    assert.equal(evaluate({ var: 'n' }, data), 0)
  })

  test('anything missing on the way is null', () => {
    assert.equal(evaluate({ var: 'payload.t.0.sc' }, data), null)
    assert.equal(evaluate({ var: 'payload.v.1' }, data), null)
    assert.equal(evaluate({ var: 'payload.nam.fn' }, data), null)
    assert.equal(evaluate({ var: 'payload.dob.0' }, data), null, 'strings are not indexed')
    assert.equal(evaluate({ var: 'payload.v.0.dn.x' }, data), null, 'numbers have no fields')
    assert.equal(evaluate({ var: 'x' }, undefined), null)
    assert.equal(evaluate({ var: 'x' }, null), null)
  })

  test('only own data: no prototype, no array length', () => {
    assert.equal(evaluate({ var: 'payload.constructor' }, data), null)
    assert.equal(evaluate({ var: 'payload.__proto__' }, data), null)
    assert.equal(evaluate({ var: 'payload.v.length' }, data), null)
    assert.equal(evaluate({ var: 'payload.toString' }, data), null)
    assert.equal(evaluate({ var: '__proto__' }, JSON.parse('{"__proto__": 5}')), 5, 'an own "__proto__" is data')
  })

  test('the empty path is the whole data', () => {
    assert.equal(evaluate({ var: '' }, data), data)
  })

  test('only { "var": "<path>" }: no JsonLogic default, no malformed path', () => {
    invalid({ var: ['payload.v', null] }, data, /"var": "<path>"/)
    invalid({ var: 1 }, data)
    invalid({ var: 'payload..v' }, data, /path/)
    invalid({ var: '.payload' }, data)
    invalid({ var: 'payload.' }, data)
  })
})

describe('truthy and falsy', () => {
  const table: [unknown, 'truthy' | 'falsy' | 'neither'][] = [
    [true, 'truthy'],
    [false, 'falsy'],
    [null, 'falsy'],
    ['', 'falsy'],
    ['false', 'truthy'],
    ['0', 'truthy'],
    [0, 'falsy'],
    [1, 'truthy'],
    [-1, 'truthy'],
    [0.5, 'truthy'],
    [[], 'falsy'],
    [[0], 'truthy'],
    [[false], 'truthy'],
    [{}, 'falsy'],
    [{ a: null }, 'truthy'],
    [parseCertLogicDateTime('2021-06-01'), 'neither'],
    [undefined, 'neither'],
    [Number.NaN, 'neither'],
  ]
  for (const [value, kind] of table) {
    test(`${String(value instanceof Date ? 'a date-time' : JSON.stringify(value))} is ${kind}`, () => {
      assert.equal(isCertLogicTruthy(value), kind === 'truthy')
      assert.equal(isCertLogicFalsy(value), kind === 'falsy')
    })
  }
})

describe('if', () => {
  test('takes the then-branch on truthy, the else-branch on falsy guards', () => {
    assert.equal(evaluate({ if: [{ var: 'v.0' }, 'then', 'else'] }, { v: [{ dn: 1 }] }), 'then')
    assert.equal(evaluate({ if: [{ var: 'v.0' }, 'then', 'else'] }, { v: [] }), 'else')
    assert.equal(evaluate({ if: [{ var: 'v' }, 'then', 'else'] }, { v: [] }), 'else', '[] is falsy')
    assert.equal(evaluate({ if: [{ var: 'o' }, 'then', 'else'] }, { o: {} }), 'else', '{} is falsy')
    assert.equal(evaluate({ if: ['x', 'then', 'else'] }, {}), 'then')
  })

  test('evaluates only the branch taken', () => {
    assert.equal(evaluate({ if: [true, 1, { plusTime: ['not a date', 0, 'day'] }] }, {}), 1)
  })

  test('a guard neither truthy nor falsy fails', () => {
    badOperand({ if: [{ plusTime: ['2021-06-01', 0, 'day'] }, 1, 2] }, {}, /neither truthy nor falsy/)
  })

  test('exactly three operands', () => {
    invalid({ if: [true, 1] }, {}, /exactly 3/)
    invalid({ if: [true, 1, 2, 3] }, {}, /exactly 3/)
    invalid({ if: [] })
    invalid({ if: true })
  })
})

describe('===', () => {
  test('strict equality of the two values', () => {
    assert.equal(evaluate({ '===': [{ var: 'dn' }, { var: 'sd' }] }, { dn: 2, sd: 2 }), true)
    assert.equal(evaluate({ '===': [1, '1'] }, {}), false)
    assert.equal(evaluate({ '===': [{ var: 'missing' }, { var: 'absent' }] }, {}), true, 'null === null')
    assert.equal(evaluate({ '===': ['LP6464-4', { var: 'tt' }] }, { tt: 'LP217198-3' }), false)
  })

  test('two operands only', () => {
    invalid({ '===': [1, 1, 1] }, {}, /exactly 2/)
    invalid({ '===': [1] })
  })
})

describe('and', () => {
  test('the first falsy operand, or else the last operand', () => {
    assert.equal(evaluate({ and: [true, true] }, {}), true)
    assert.equal(evaluate({ and: [true, false, true] }, {}), false)
    assert.equal(evaluate({ and: [1, 'x', 'last'] }, {}), 'last')
    assert.equal(evaluate({ and: [true, 0, 'never'] }, {}), 0)
    assert.deepEqual(evaluate({ and: [true, { var: 'v' }] }, { v: [] }), [])
  })

  test('stops at the first falsy operand', () => {
    assert.equal(evaluate({ and: [false, { in: ['x', 'not an array'] }] }, {}), false)
  })

  test('an operand before the last must be truthy or falsy', () => {
    badOperand({ and: [{ plusTime: ['2021-06-01', 0, 'day'] }, true] }, {}, /neither truthy nor falsy/)
  })

  test('at least two operands; or is not CertLogic', () => {
    invalid({ and: [true] }, {}, /at least 2/)
    invalid({ or: [true, false] }, {}, /unknown operator "or"/)
  })
})

describe('integer comparisons', () => {
  test('two operands', () => {
    assert.equal(evaluate({ '<': [1, 2] }, {}), true)
    assert.equal(evaluate({ '<': [2, 2] }, {}), false)
    assert.equal(evaluate({ '<=': [2, 2] }, {}), true)
    assert.equal(evaluate({ '>': [{ var: 'dn' }, { var: 'sd' }] }, { dn: 3, sd: 2 }), true)
    assert.equal(evaluate({ '>=': [{ var: 'dn' }, 2] }, { dn: 1 }), false)
  })

  test('three operands: between', () => {
    assert.equal(evaluate({ '<': [1, 2, 3] }, {}), true)
    assert.equal(evaluate({ '<': [1, 3, 2] }, {}), false)
    assert.equal(evaluate({ '<': [1, 1, 2] }, {}), false)
    assert.equal(evaluate({ '<=': [1, 1, 1] }, {}), true)
    assert.equal(evaluate({ '>': [3, 2, 1] }, {}), true)
    assert.equal(evaluate({ '>=': [3, 3, 4] }, {}), false)
  })

  test('integers only; two or three operands', () => {
    badOperand({ '<': [1, '2'] }, {}, /integers/)
    badOperand({ '<': [{ var: 'missing' }, 1] }, {}, /integers/)
    badOperand({ '<': [1, 2, { var: 'x' }] }, { x: 2.5 }, /integers/)
    invalid({ '<': [1, 2, 2.5] }, {}, /not an integer/)
    invalid({ '<': [1] }, {}, /2 or 3/)
    invalid({ '<': [1, 2, 3, 4] }, {}, /2 or 3/)
  })
})

describe('in', () => {
  test('membership in an array', () => {
    const valueSets = { 'covid-19-lab-test-type': ['LP6464-4', 'LP217198-3'] }
    const rule = { in: [{ var: 'payload.t.0.tt' }, { var: 'external.valueSets.covid-19-lab-test-type' }] }
    assert.equal(evaluate(rule, { payload: { t: [{ tt: 'LP6464-4' }] }, external: { valueSets } }), true)
    assert.equal(evaluate(rule, { payload: { t: [{ tt: '94309-2' }] }, external: { valueSets } }), false)
    assert.equal(evaluate({ in: [1, [1, 2]] }, {}), true)
    assert.equal(evaluate({ in: ['1', [1, 2]] }, {}), false)
  })

  test('the right-hand side must be an array: a string is not searched, a missing value set fails', () => {
    badOperand({ in: ['EU', 'EUROPE'] }, {}, /array/)
    badOperand({ in: ['x', { var: 'external.valueSets.nothing' }] }, { external: { valueSets: {} } }, /array/)
  })
})

describe('+', () => {
  test('adds two integers', () => {
    assert.equal(evaluate({ '+': [{ var: 'accumulator' }, 1] }, { accumulator: 2 }), 3)
    assert.equal(evaluate({ '+': [-2, 2] }, {}), 0)
  })

  test('integers only, two operands', () => {
    badOperand({ '+': ['1', 2] }, {}, /integers/)
    badOperand({ '+': [{ var: 'x' }, 2] }, {}, /integers/)
    invalid({ '+': [1, 2, 3] }, {}, /exactly 2/)
  })
})

describe('!', () => {
  test('negates truthy and falsy values', () => {
    assert.equal(evaluate({ '!': [true] }, {}), false)
    assert.equal(evaluate({ '!': [{ var: 'payload.v' }] }, { payload: {} }), true)
    assert.equal(evaluate({ '!': [[]] }, {}), true)
    assert.equal(evaluate({ '!': ['x'] }, {}), false)
  })

  test('a date-time cannot be negated; one operand; !! is not CertLogic', () => {
    badOperand({ '!': [{ plusTime: ['2021-06-01', 0, 'day'] }] }, {}, /neither truthy nor falsy/)
    invalid({ '!': [true, false] }, {}, /exactly 1/)
    invalid({ '!': true }, {}, /operand array/)
    invalid({ '!!': [true] }, {}, /unknown operator/)
  })
})

describe('date-time comparisons', () => {
  const day = (date: string) => ({ plusTime: [date, 0, 'day'] })

  test('before, after, not-before, not-after', () => {
    assert.equal(evaluate({ before: [day('2021-06-01'), day('2021-06-02')] }, {}), true)
    assert.equal(evaluate({ before: [day('2021-06-01'), day('2021-06-01')] }, {}), false)
    assert.equal(evaluate({ after: [day('2021-06-02'), day('2021-06-01')] }, {}), true)
    assert.equal(evaluate({ 'not-after': [day('2021-06-01'), day('2021-06-01')] }, {}), true)
    assert.equal(evaluate({ 'not-before': [day('2021-06-01'), day('2021-06-02')] }, {}), false)
  })

  test('compare instants, whatever the offsets', () => {
    const a = day('2021-06-01T10:00:00+02:00')
    const b = day('2021-06-01T08:00:00Z')
    assert.equal(evaluate({ 'not-after': [a, b] }, {}), true)
    assert.equal(evaluate({ 'not-before': [a, b] }, {}), true)
    assert.equal(evaluate({ before: [a, b] }, {}), false)
  })

  test('three operands: within a window, as VR rules use them', () => {
    const window = {
      'not-after': [
        { plusTime: [{ var: 'dt' }, 14, 'day'] },
        { plusTime: [{ var: 'now' }, 0, 'day'] },
        { plusTime: [{ var: 'dt' }, 270, 'day'] },
      ],
    }
    assert.equal(evaluate(window, { dt: '2021-06-01', now: '2021-06-14T23:59:59Z' }), false, 'too early')
    assert.equal(evaluate(window, { dt: '2021-06-01', now: '2021-06-15T00:00:00Z' }), true, 'first day')
    assert.equal(evaluate(window, { dt: '2021-06-01', now: '2022-02-26T00:00:00Z' }), true, 'last instant')
    assert.equal(evaluate(window, { dt: '2021-06-01', now: '2022-02-26T00:00:01Z' }), false, 'expired')
  })

  test('date-times only: strings are not compared', () => {
    badOperand({ before: ['2021-06-01', '2021-06-02'] }, {}, /date-times/)
    badOperand({ after: [day('2021-06-01'), 5] }, {}, /date-times/)
    invalid({ before: [day('2021-06-01')] }, {}, /2 or 3/)
    invalid({ before: [day('2021-06-01'), day('2021-06-01'), day('2021-06-01'), day('2021-06-01')] })
  })
})

describe('plusTime', () => {
  test('days and hours', () => {
    assert.equal(at('2021-05-31', 180, 'day'), '2021-11-27T00:00:00.000Z')
    assert.equal(at('2021-06-01T10:00:00Z', -72, 'hour'), '2021-05-29T10:00:00.000Z')
    assert.equal(at('2021-06-01T10:00:00Z', 0, 'day'), '2021-06-01T10:00:00.000Z')
    assert.equal(at('2020-12-31T23:00:00Z', 1, 'hour'), '2021-01-01T00:00:00.000Z')
  })

  test('a day is 24 hours across a daylight-saving change: CertLogic has offsets, not time zones', () => {
    // Rome moved from +01:00 to +02:00 on 2021-03-28 at 02:00; the instant moves 24 hours all the same.
    assert.equal(at('2021-03-27T12:00:00+01:00', 1, 'day'), '2021-03-28T11:00:00.000Z')
    assert.equal(at('2021-10-30T12:00:00+02:00', 1, 'day'), '2021-10-31T10:00:00.000Z')
    assert.equal(at('2021-03-28T01:30:00+01:00', 1, 'hour'), '2021-03-28T01:30:00.000Z')
  })

  test('months and years keep the day, or take the last day of a shorter month', () => {
    assert.equal(at('2021-01-31', 1, 'month'), '2021-02-28T00:00:00.000Z')
    assert.equal(at('2024-01-31', 1, 'month'), '2024-02-29T00:00:00.000Z')
    assert.equal(at('2021-03-31', -1, 'month'), '2021-02-28T00:00:00.000Z')
    assert.equal(at('2021-08-31', 1, 'month'), '2021-09-30T00:00:00.000Z')
    assert.equal(at('2021-12-15T08:30:00Z', 1, 'month'), '2022-01-15T08:30:00.000Z')
    assert.equal(at('2021-01-15', -13, 'month'), '2019-12-15T00:00:00.000Z')
    assert.equal(at('2020-02-29', 1, 'year'), '2021-02-28T00:00:00.000Z')
    assert.equal(at('2020-02-29', 4, 'year'), '2024-02-29T00:00:00.000Z')
    assert.equal(at('2004-02-29', -18, 'year'), '1986-02-28T00:00:00.000Z')
    assert.equal(at('2021-06-01T10:00:00+02:00', 1, 'year'), '2022-06-01T08:00:00.000Z')
  })

  test('reads dates and date-times as CertLogic defines them', () => {
    assert.equal(at('2021-06-01', 0, 'day'), '2021-06-01T00:00:00.000Z', 'a date is midnight UTC')
    assert.equal(at('2021-06-01T10:00:00', 0, 'day'), '2021-06-01T10:00:00.000Z', 'no offset is UTC')
    assert.equal(at('2021-06-01T10:00:00Z', 0, 'day'), '2021-06-01T10:00:00.000Z')
    assert.equal(at('2021-06-01T10:00:00+02:00', 0, 'day'), '2021-06-01T08:00:00.000Z')
    assert.equal(at('2021-06-01T10:00:00+0200', 0, 'day'), '2021-06-01T08:00:00.000Z')
    assert.equal(at('2021-06-01T10:00:00+02', 0, 'day'), '2021-06-01T08:00:00.000Z')
    assert.equal(at('2021-06-01T10:00:00-05:30', 0, 'day'), '2021-06-01T15:30:00.000Z')
    assert.equal(at('2021-06-01T10:00:00.1234567Z', 0, 'day'), '2021-06-01T10:00:00.123Z')
    assert.equal(at('2021-06-01T10:00:00.5+01:00', 0, 'day'), '2021-06-01T09:00:00.500Z')
  })

  test('refuses partial dates and dates not in the calendar', () => {
    for (const text of [
      '2021',
      '2021-06',
      '2021-02-30',
      '2021-13-01',
      '2021-06-01T24:00:00Z',
      '2021-06-01T10:60:00Z',
    ]) {
      badOperand({ plusTime: [text, 0, 'day'] }, {}, /date/)
    }
    for (const text of [
      '',
      'yesterday',
      '01/06/2021',
      '2021-06-01 10:00:00',
      '2021-06-01T10:00Z',
      '2021-06-01T10:00:00+25:00',
    ]) {
      badOperand({ plusTime: [text, 0, 'day'] }, {})
    }
  })

  test('the date must be a string or a date-time', () => {
    badOperand({ plusTime: [{ var: 'missing' }, 0, 'day'] }, {}, /date/)
    badOperand({ plusTime: [20210601, 0, 'day'] }, {})
    assert.equal(
      iso(evaluate({ plusTime: [{ plusTime: ['2021-06-01', 1, 'day'] }, 1, 'day'] }, {})),
      '2021-06-03T00:00:00.000Z',
    )
  })

  test('the amount is an integer literal and the unit a known one', () => {
    invalid({ plusTime: ['2021-06-01', { var: 'n' }, 'day'] }, { n: 1 }, /integer literal/)
    invalid({ plusTime: ['2021-06-01', 1.5, 'day'] }, {}, /integer literal/)
    invalid({ plusTime: ['2021-06-01', 1, 'days'] }, {}, /unit/)
    invalid({ plusTime: ['2021-06-01', 1, 'minute'] }, {}, /unit/)
    invalid({ plusTime: ['2021-06-01', 1] }, {}, /exactly 3/)
  })

  test('a result beyond the range of dates fails', () => {
    badOperand({ plusTime: ['2021-06-01', 2 ** 40, 'year'] }, {}, /range/)
    badOperand({ plusTime: ['2021-06-01', 2 ** 53, 'hour'] }, {}, /range/)
  })

  test('never changes the date-time it is given', () => {
    const date = parseCertLogicDateTime('2021-01-31T10:00:00Z')
    for (const unit of ['year', 'month', 'day', 'hour'] as const) plusTime(date, 1, unit)
    assert.equal(date.toISOString(), '2021-01-31T10:00:00.000Z')
  })
})

describe('reduce', () => {
  const countEvents = {
    reduce: [
      [{ var: 'payload.r' }, { var: 'payload.t' }, { var: 'payload.v' }],
      { '+': [{ var: 'accumulator' }, { if: [{ var: 'current.0' }, 1, 0] }] },
      0,
    ],
  }

  test('folds an array (GR-EU-0000: exactly one type of event)', () => {
    assert.equal(evaluate(countEvents, { payload: { v: [{}, {}] } }), 0, 'an empty entry is falsy')
    assert.equal(evaluate(countEvents, { payload: { v: [{ dn: 1 }] } }), 1)
    assert.equal(evaluate(countEvents, { payload: { v: [{ dn: 1 }], t: [{ tt: 'x' }] } }), 2)
  })

  test('null folds to the initial value; other non-arrays fail', () => {
    assert.equal(evaluate({ reduce: [{ var: 'missing' }, 'never', 7] }, {}), 7)
    badOperand({ reduce: ['abc', { var: 'current' }, ''] }, {}, /array or null/)
  })

  test('the lambda sees accumulator, current and the data of the reduce', () => {
    const expression = { reduce: [[1, 2, 3], { '+': [{ var: 'accumulator' }, { var: 'data.step' }] }, 0] }
    assert.equal(evaluate(expression, { step: 10 }), 30)
    assert.equal(evaluate({ reduce: [[1, 2, 3], { var: 'current' }, 0] }, {}), 3)
  })

  test('three operands', () => {
    invalid({ reduce: [[1], { var: 'current' }] }, {}, /exactly 3/)
  })
})

describe('extractFromUVCI', () => {
  const uvci = 'URN:UVCI:01:NL:187/37512422923#Z'

  test('fragments after the optional prefix, split at / # :', () => {
    const fragments = [0, 1, 2, 3, 4].map((index) =>
      evaluate({ extractFromUVCI: [{ var: 'ci' }, index] }, { ci: uvci }),
    )
    assert.deepEqual(fragments, ['01', 'NL', '187', '37512422923', 'Z'])
    assert.equal(extractFromUvci('01:NL:187/37512422923', 1), 'NL', 'no prefix')
    assert.equal(extractFromUvci('urn:uvci:01:NL:187', 0), 'urn', 'the prefix is matched as written')
    assert.equal(extractFromUvci('a::b', 1), '', 'empty fragments count')
  })

  test('null for no UVCI or no such fragment', () => {
    assert.equal(evaluate({ extractFromUVCI: [{ var: 'ci' }, 0] }, {}), null)
    assert.equal(evaluate({ extractFromUVCI: [uvci, 5] }, {}), null)
    assert.equal(evaluate({ extractFromUVCI: [uvci, -1] }, {}), null)
  })

  test('the UVCI must be a string or null, the index an integer literal', () => {
    badOperand({ extractFromUVCI: [5, 0] }, {}, /string or null/)
    invalid({ extractFromUVCI: [uvci, { var: 'i' }] }, { i: 0 }, /integer literal/)
    invalid({ extractFromUVCI: [uvci] }, {}, /exactly 2/)
  })
})

describe('dccDateOfBirth', () => {
  test('full and partial dates of birth, partial ones at their last day', () => {
    assert.equal(iso(dccDateOfBirth('1998-02-26')), '1998-02-26T00:00:00.000Z')
    assert.equal(iso(dccDateOfBirth('2004-02')), '2004-02-29T00:00:00.000Z')
    assert.equal(iso(dccDateOfBirth('2003-02')), '2003-02-28T00:00:00.000Z')
    assert.equal(iso(dccDateOfBirth('1998')), '1998-12-31T00:00:00.000Z')
    assert.equal(iso(dccDateOfBirth('1990-01-01T00:00:00+02:00')), '1990-01-01T00:00:00.000Z', 'the date part')
  })

  test('an age threshold with plusTime', () => {
    const adult = {
      'not-after': [
        { plusTime: [{ dccDateOfBirth: [{ var: 'payload.dob' }] }, 18, 'year'] },
        { plusTime: [{ var: 'external.validationClock' }, 0, 'day'] },
      ],
    }
    const check = (dob: string, clock: string) =>
      evaluate(adult, { payload: { dob }, external: { validationClock: clock } })
    assert.equal(check('2003-06-01', '2021-06-01T00:00:00Z'), true)
    assert.equal(check('2003-06-01', '2021-05-31T23:59:59Z'), false)
    assert.equal(check('2003', '2021-06-01T00:00:00Z'), false, 'born in 2003 is 18 for sure only on 2021-12-31')
    assert.equal(check('2003', '2021-12-31T00:00:00Z'), true)
  })

  test('refuses what is no date of birth', () => {
    for (const dob of ['', '1963-00', '1963-13', '1963-02-30', '63', 'XXXX-01-01']) {
      badOperand({ dccDateOfBirth: [dob] }, {}, /date/)
    }
    badOperand({ dccDateOfBirth: [{ var: 'payload.dob' }] }, { payload: {} }, /string/)
    invalid({ dccDateOfBirth: ['1990', '1991'] }, {}, /exactly 1/)
  })
})

describe('expressions outside CertLogic', () => {
  test('JsonLogic operations that CertLogic leaves out', () => {
    for (const operator of [
      'or',
      '==',
      '!=',
      '!==',
      '-',
      '*',
      'max',
      'map',
      'filter',
      'some',
      'all',
      'missing',
      'cat',
    ]) {
      invalid({ [operator]: [1, 1] }, {}, /unknown operator/)
    }
    invalid({ constructor: [1] }, {}, /unknown operator/)
    invalid(JSON.parse('{"__proto__": [1]}'), {}, /unknown operator "__proto__"/)
  })

  test('operands come in a non-empty array', () => {
    invalid({ '===': 1 }, {}, /operand array/)
    invalid({ '===': [] }, {}, /operand array/)
  })

  test('deep nesting is an error, not a stack overflow', () => {
    let expression: unknown = true
    for (let i = 0; i < 100_000; i++) expression = { '!': [expression] }
    invalid(expression, {}, /nested/)
    let array: unknown = 1
    for (let i = 0; i < 100_000; i++) array = [array]
    invalid(array, {}, /nested/)
  })
})

describe('validateCertLogic', () => {
  test('well-formed expressions have no problem', () => {
    assert.deepEqual(validateCertLogic({ if: [{ var: 'payload.v.0' }, { in: [{ var: 'x' }, ['a']] }, true] }), [])
    assert.deepEqual(validateCertLogic({ plusTime: [{ var: 'payload.v.0.dt' }, -18, 'year'] }), [])
    assert.deepEqual(validateCertLogic({ extractFromUVCI: [{ var: 'payload.v.0.ci' }, 2] }), [])
    assert.deepEqual(validateCertLogic({ var: '' }), [])
  })

  test('every problem, with a JSON pointer to it', () => {
    const problems = validateCertLogic({
      if: [{ var: 'payload..v' }, { or: [true, false] }, { plusTime: [{ var: 'dt' }, { var: 'n' }, 'week'] }, 1.5],
    })
    assert.deepEqual(problems, [
      { path: '/if', message: 'an "if" operation takes exactly 3 operands, not 4' },
      { path: '/if/0/var', message: 'not a data access path: "payload..v"' },
      { path: '/if/1', message: 'unknown operator "or"' },
      { path: '/if/2/plusTime/1', message: 'the amount of "plusTime" must be an integer literal' },
      { path: '/if/2/plusTime/2', message: 'the unit of "plusTime" must be year, month, day or hour' },
      { path: '/if/3', message: '1.5 is not an integer' },
    ])
  })

  test('escapes operator names in pointers', () => {
    assert.deepEqual(validateCertLogic({ 'a/b~c': [1] }), [{ path: '', message: 'unknown operator "a/b~c"' }])
    assert.deepEqual(validateCertLogic({ '!': [{ '===': 1 }] })[0]?.path, '/!/0/===')
  })
})

describe('properties', () => {
  const paths = fc.constantFrom(
    '',
    'payload',
    'payload.v.0',
    'payload.v.0.dt',
    'payload.v.0.dn',
    'external.validationClock',
    'external.valueSets.x',
    'accumulator',
    'current.0',
    'data.payload',
    'a..b',
    'payload.__proto__',
  )
  const literals = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.double(),
    fc.constantFrom('2021-06-01', '2021-06-01T10:00:00+02:00', '2021', 'URN:UVCI:01:IT:ABC#1', 'day', 'year', 'month'),
  )
  const operators = fc.constantFrom(...CERTLOGIC_OPERATORS, 'or', '!!', '==', 'map')
  const { expression } = fc.letrec<{ expression: unknown }>((tie) => ({
    expression: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      literals,
      paths.map((path) => ({ var: path })),
      fc.array(tie('expression'), { maxLength: 3 }),
      fc
        .tuple(operators, fc.array(fc.oneof(tie('expression'), literals), { maxLength: 4 }))
        .map(([operator, operands]) => ({ [operator]: operands })),
    ),
  }))
  const data = fc.oneof(
    fc.jsonValue(),
    fc.record({
      payload: fc.record({
        v: fc.array(fc.record({ dt: fc.constantFrom('2021-06-01', '2021', 'x', ''), dn: fc.integer() }), {
          maxLength: 2,
        }),
        dob: fc.string(),
      }),
      external: fc.record({
        validationClock: fc.constantFrom('2021-07-01T00:00:00Z', 'now'),
        valueSets: fc.jsonValue(),
      }),
    }),
  )

  test('evaluateCertLogic throws nothing but CertLogicError, for arbitrary JSON expressions and data', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), expression), data, (anyExpression, anyData) => {
        try {
          evaluateCertLogic(anyExpression, anyData)
        } catch (error) {
          assert.ok(isCertLogicError(error), `threw ${String(error)}`)
        }
      }),
      { numRuns: 3000 },
    )
  })

  test('...nor for arbitrary non-JSON data', () => {
    fc.assert(
      fc.property(expression, fc.anything(), (anyExpression, anyData) => {
        try {
          evaluateCertLogic(anyExpression, anyData)
        } catch (error) {
          assert.ok(isCertLogicError(error), `threw ${String(error)}`)
        }
      }),
      { numRuns: 1000 },
    )
  })

  test('the static checker and the evaluator agree on what is malformed', () => {
    fc.assert(
      fc.property(expression, data, (anyExpression, anyData) => {
        const problems = validateCertLogic(anyExpression)
        try {
          evaluateCertLogic(anyExpression, anyData)
        } catch (error) {
          if (isCertLogicError(error, 'CERTLOGIC_INVALID')) assert.notDeepEqual(problems, [], error.message)
          return
        }
      }),
      { numRuns: 3000 },
    )
    fc.assert(
      fc.property(expression, data, (anyExpression, anyData) => {
        fc.pre(validateCertLogic(anyExpression).length === 0)
        try {
          evaluateCertLogic(anyExpression, anyData)
        } catch (error) {
          assert.ok(!isCertLogicError(error, 'CERTLOGIC_INVALID'), (error as Error).message)
        }
      }),
      { numRuns: 1000 },
    )
  })

  test('plusTime by n days then by -n days comes back; by n months never overflows into the next month', () => {
    const instant = fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2100-12-31T23:59:59Z'),
      noInvalidDate: true,
    })
    fc.assert(
      fc.property(instant, fc.integer({ min: -100_000, max: 100_000 }), (date, days) => {
        assert.equal(plusTime(plusTime(date, days, 'day'), -days, 'day').getTime(), date.getTime())
      }),
    )
    fc.assert(
      fc.property(instant, fc.integer({ min: -2400, max: 2400 }), (date, months) => {
        const moved = plusTime(date, months, 'month')
        const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth() + months
        assert.equal(moved.getUTCFullYear() * 12 + moved.getUTCMonth(), monthIndex)
        assert.ok(moved.getUTCDate() <= date.getUTCDate())
        assert.equal(moved.getUTCHours(), date.getUTCHours())
      }),
    )
  })

  test('parseCertLogicDateTime reads exactly the documented grammar, and reads it as Date.UTC does', () => {
    const matching = fc.stringMatching(DATE_TIME_GRAMMAR)
    const alphabet = fc.constantFrom(...'0123456789-T:.Z+ '.split(''))
    const mutated = fc
      .tuple(matching, fc.nat(), alphabet)
      .map(
        ([text, at, character]) =>
          text.slice(0, at % (text.length + 1)) + character + text.slice((at % (text.length + 1)) + 1),
      )
    const soup = fc.array(alphabet, { minLength: 8, maxLength: 32 }).map((characters) => characters.join(''))
    // Calendar-valid texts in every offset and fraction form, so that the comparison with Date.UTC is exercised.
    const offsets = ['', 'Z', '+01', '+0100', '+01:00', '-5', '-0530', '-05:30', '+1:30', '+130', '+23:59']
    const valid = fc
      .tuple(
        fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.constantFrom('', '.5', '.123', '.1234567', '.0'),
        fc.constantFrom(...offsets),
        fc.boolean(),
      )
      .map(([date, fraction, offset, dateOnly]) => {
        const iso = date.toISOString()
        return dateOnly ? iso.slice(0, 10) : `${iso.slice(0, 19)}${fraction}${offset}`
      })
    fc.assert(
      fc.property(fc.oneof(matching, mutated, soup, valid), (text) => {
        let parsed: Date | undefined
        try {
          parsed = parseCertLogicDateTime(text)
        } catch (error) {
          assert.ok(isCertLogicError(error, 'CERTLOGIC_OPERAND'))
          // Text of the grammar is refused only for its values: 2021-02-30, 25:00, +24:00.
          if (DATE_TIME_GRAMMAR.test(text)) assert.match(error.message, /not a (calendar date-time|time-zone offset)/)
          return
        }
        assert.ok(DATE_TIME_GRAMMAR.test(text), `read ${JSON.stringify(text)}, which is outside the grammar`)
        assert.equal(parsed.getTime(), referenceTime(text), text)
      }),
      { numRuns: 5000 },
    )
  })

  test('parseCertLogicDateTime reads back what toISOString writes', () => {
    const instant = fc.date({
      min: new Date('0000-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    })
    fc.assert(
      fc.property(instant, (date) => {
        assert.equal(parseCertLogicDateTime(date.toISOString()).getTime(), date.getTime())
      }),
    )
  })
})

// The instant of a text of DATE_TIME_GRAMMAR, the slow way: captures, Date.UTC (years ≥ 100), the offset.
function referenceTime(text: string): number {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:Z|([+-])(\d{1,2})(?::?(\d{2}))?)?)?$/.exec(text)
  assert.ok(match !== null)
  const [, year, month, day, hour, minute, second, fraction, sign, offsetHours, offsetMinutes] = match
  const date = new Date(0)
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day))
  date.setUTCHours(
    Number(hour ?? 0),
    Number(minute ?? 0),
    Number(second ?? 0),
    Number((fraction ?? '').slice(0, 3).padEnd(3, '0')),
  )
  const offset =
    sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes ?? 0))
  return date.getTime() - offset * 60_000
}
