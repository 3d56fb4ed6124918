import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type DomainError, isDomainError, validateEvent } from '../../src/domain/index.ts'
import { PERSON } from './helpers.ts'

const AT = new Date('2022-01-10T12:00:00Z')

function problemsOf(input: unknown): { path: string; code: string }[] {
  try {
    validateEvent(input, AT)
  } catch (error) {
    assert.ok(isDomainError(error, 'EVENT_INVALID'), String(error))
    return (error as DomainError).problems.map(({ path, code }) => ({ path, code }))
  }
  assert.fail('the event was accepted')
}

function testEvent(test: Record<string, unknown>) {
  return {
    kind: 'test',
    eventId: 'T-1',
    person: PERSON,
    test: { sampledAt: '2022-01-10T09:00:00+01:00', result: 'negative', ...test },
  }
}

describe('validateEvent', () => {
  it('parses a vaccination, normalising the person', () => {
    const event = validateEvent(
      {
        kind: 'vaccination',
        eventId: 'V-1',
        person: { ...PERSON, fiscalCode: 'rssmra85t10a562s', givenName: ' Maria ' },
        vaccination: {
          product: 'EU/1/20/1528',
          manufacturer: 'ORG-100030215',
          prophylaxis: '1119349007',
          date: '2022-01-10',
        },
      },
      AT,
    )
    assert.equal(event.kind, 'vaccination')
    assert.equal(event.person.fiscalCode, 'RSSMRA85T10A562S')
    assert.equal(event.person.givenName, 'Maria')
    assert.equal(event.person.phone, '+393331234567')
    assert.equal(event.kind === 'vaccination' && event.vaccination.country, 'IT')
  })

  it('lists every problem of a vaccination at once', () => {
    const problems = problemsOf({
      kind: 'vaccination',
      eventId: '',
      person: { ...PERSON, fiscalCode: 'RSSMRA85T10A562X', email: 'not-an-email', dateOfBirth: '1985-13-01' },
      vaccination: { product: 'EU/9/99/9999', manufacturer: 'ACME', prophylaxis: 'x', date: '2022-01-11' },
    })
    assert.deepEqual(problems, [
      { path: '/eventId', code: 'REQUIRED' },
      { path: '/person/fiscalCode', code: 'FISCAL_CODE_CHECK_CHARACTER' },
      { path: '/person/dateOfBirth', code: 'FORMAT' },
      { path: '/person/email', code: 'FORMAT' },
      { path: '/vaccination/product', code: 'NOT_IN_VALUE_SET' },
      { path: '/vaccination/manufacturer', code: 'NOT_IN_VALUE_SET' },
      { path: '/vaccination/prophylaxis', code: 'NOT_IN_VALUE_SET' },
      { path: '/vaccination/date', code: 'DATE_IN_FUTURE' },
    ])
  })

  it('judges "today" in Europe/Rome', () => {
    // 23:30 UTC on 9 January is 00:30 on 10 January in Rome: a dose dated the 10th is not in the future.
    const event = {
      kind: 'vaccination',
      eventId: 'V-2',
      person: PERSON,
      vaccination: {
        product: 'EU/1/20/1528',
        manufacturer: 'ORG-100030215',
        prophylaxis: '1119349007',
        date: '2022-01-10',
      },
    }
    assert.equal(validateEvent(event, new Date('2022-01-09T23:30:00Z')).kind, 'vaccination')
    assert.throws(
      () => validateEvent(event, new Date('2022-01-09T22:30:00Z')),
      (e) => isDomainError(e),
    )
  })

  it('refuses non-objects and unknown kinds', () => {
    assert.deepEqual(problemsOf(null), [{ path: '', code: 'NOT_AN_OBJECT' }])
    assert.deepEqual(problemsOf({ kind: 'exemption', eventId: 'E', person: PERSON }), [
      { path: '/kind', code: 'KIND_UNKNOWN' },
    ])
  })

  it('accepts molecular swabs, saliva with a circumstance, and antigen swabs with a listed device', () => {
    for (const sample of ['nasopharyngeal-swab', 'oropharyngeal-swab']) {
      assert.equal(validateEvent(testEvent({ type: 'molecular', sample }), AT).kind, 'test')
    }
    const saliva = validateEvent(
      testEvent({ type: 'molecular', sample: 'saliva', salivaCircumstance: 'school-monitoring-screening' }),
      AT,
    )
    assert.equal(saliva.kind === 'test' && saliva.test.salivaCircumstance, 'school-monitoring-screening')
    for (const sample of ['nasal-swab', 'oropharyngeal-swab', 'nasopharyngeal-swab']) {
      const event = validateEvent(testEvent({ type: 'antigen', sample, device: '1232' }), AT)
      assert.equal(event.kind === 'test' && event.test.sampledAt, '2022-01-10T08:00:00Z')
    }
  })

  it('refuses each forbidden test kind with its own code', () => {
    const cases: [Record<string, unknown>, { path: string; code: string }][] = [
      [
        { type: 'self-test', sample: 'nasal-swab' },
        { path: '/test/type', code: 'TEST_SELF_TEST_REFUSED' },
      ],
      [
        { type: 'serological', sample: 'nasal-swab' },
        { path: '/test/type', code: 'TEST_SEROLOGICAL_REFUSED' },
      ],
      [
        { type: 'antigen', sample: 'saliva', device: '1232' },
        { path: '/test/sample', code: 'TEST_SALIVA_ANTIGEN_REFUSED' },
      ],
      [
        { type: 'molecular', sample: 'saliva' },
        { path: '/test/salivaCircumstance', code: 'TEST_SALIVA_CIRCUMSTANCE_REQUIRED' },
      ],
      [
        { type: 'molecular', sample: 'nasal-swab' },
        { path: '/test/sample', code: 'TEST_SAMPLE_REFUSED' },
      ],
      [
        { type: 'antigen', sample: 'nasal-swab', device: '99999' },
        { path: '/test/device', code: 'TEST_DEVICE_NOT_ON_EU_LIST' },
      ],
      [
        { type: 'antigen', sample: 'nasal-swab' },
        { path: '/test/device', code: 'TEST_DEVICE_REQUIRED' },
      ],
      [
        { type: 'pcr', sample: 'nasal-swab' },
        { path: '/test/type', code: 'TEST_TYPE_UNKNOWN' },
      ],
    ]
    for (const [test, problem] of cases)
      assert.deepEqual(problemsOf(testEvent(test)), [problem], test['type'] as string)
  })

  it('refuses a sample in the future and a time without an offset', () => {
    assert.deepEqual(
      problemsOf(
        testEvent({ type: 'molecular', sample: 'oropharyngeal-swab', sampledAt: '2022-01-10T14:00:00+01:00' }),
      ),
      [{ path: '/test/sampledAt', code: 'DATE_IN_FUTURE' }],
    )
    assert.deepEqual(
      problemsOf(testEvent({ type: 'molecular', sample: 'oropharyngeal-swab', sampledAt: '2022-01-10T09:00:00' })),
      [{ path: '/test/sampledAt', code: 'FORMAT' }],
    )
  })

  it('accepts a positive test', () => {
    const event = validateEvent(testEvent({ type: 'molecular', sample: 'nasopharyngeal-swab', result: 'positive' }), AT)
    assert.equal(event.kind === 'test' && event.test.result, 'positive')
  })

  it('checks recovery dates', () => {
    const recovery = (firstPositive: string, clearedOn: string) => ({
      kind: 'recovery',
      eventId: 'R-1',
      person: PERSON,
      recovery: { firstPositive, clearedOn },
    })
    assert.equal(validateEvent(recovery('2021-12-20', '2022-01-05'), AT).kind, 'recovery')
    assert.deepEqual(problemsOf(recovery('2022-01-11', '2022-01-10')), [
      { path: '/recovery/firstPositive', code: 'DATE_IN_FUTURE' },
    ])
    assert.deepEqual(problemsOf(recovery('2022-01-05', '2022-01-01')), [
      { path: '/recovery/clearedOn', code: 'DATE_ORDER' },
    ])
    assert.deepEqual(problemsOf(recovery('2021-06-01', '2022-01-01')), [
      { path: '/recovery/clearedOn', code: 'RECOVERY_TOO_LATE' },
    ])
  })
})
