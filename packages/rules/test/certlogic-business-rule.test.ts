/**
 * The EU business-rule format: reading rules, applying one to a certificate, choosing the rules that apply, and the
 * value sets in the shape rules read them.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { VALUE_SETS } from '@greenpass/hcert'
import {
  type BusinessRule,
  businessRuleData,
  ruleCertificateTypeOf,
  certLogicValueSets,
  compareRuleVersions,
  evaluateBusinessRule,
  isCertLogicError,
  isRuleInForce,
  businessRuleProblems,
  parseBusinessRule,
  selectApplicableRules,
} from '../src/certlogic/index.ts'

// EU/VR-EU-0001 as published: only EMA-approved vaccines.
const VR_EU_0001 = {
  Identifier: 'VR-EU-0001',
  Type: 'Acceptance',
  Country: 'EU',
  Version: '1.0.0',
  SchemaVersion: '1.0.0',
  Engine: 'CERTLOGIC',
  EngineVersion: '0.7.5',
  CertificateType: 'Vaccination',
  Description: [
    { lang: 'en', desc: 'Only vaccines in the allowed valueset that have been approved by the EMA are allowed.' },
  ],
  ValidFrom: '2021-07-01T00:00:00Z',
  ValidTo: '2030-06-01T00:00:00Z',
  AffectedFields: ['v.0', 'v.0.mp'],
  Logic: {
    if: [
      { var: 'payload.v.0' },
      { in: [{ var: 'payload.v.0.mp' }, ['EU/1/20/1528', 'EU/1/20/1507', 'EU/1/21/1529', 'EU/1/20/1525']] },
      true,
    ],
  },
}

function rule(overrides: Partial<Record<keyof BusinessRule, unknown>>): BusinessRule {
  return parseBusinessRule({ ...VR_EU_0001, ...overrides })
}

const throwsInvalidRule = (json: unknown, message: RegExp) =>
  assert.throws(
    () => parseBusinessRule(json),
    (error: unknown) => isCertLogicError(error, 'BUSINESS_RULE_INVALID') && message.test(error.message),
  )

describe('parseBusinessRule', () => {
  test('reads a rule from its JSON text or its parsed value', () => {
    const fromText = parseBusinessRule(JSON.stringify(VR_EU_0001))
    assert.deepEqual(fromText, VR_EU_0001)
    assert.equal(parseBusinessRule(VR_EU_0001).CertificateType, 'Vaccination')
    assert.equal(rule({ Region: 'BZ', ValidFrom: '2021-07-01T00:00:00.000+02:00' }).Region, 'BZ')
  })

  test('with upload, also makes the gateway’s upload checks (§2.6) and returns every problem', () => {
    assert.deepEqual(businessRuleProblems(VR_EU_0001, { upload: true }), [])
    const shortGerman = { ...VR_EU_0001, Description: [{ lang: 'de', desc: 'zu kurz' }] }
    assert.deepEqual(businessRuleProblems(shortGerman), [])
    assert.deepEqual(businessRuleProblems(shortGerman, { upload: true }), [
      'Description 0 (de) has under 20 characters',
      'Description needs an en entry',
    ])
    assert.deepEqual(businessRuleProblems({ ...VR_EU_0001, CertificateType: 'Test' }, { upload: true }), [
      'the Identifier prefix VR needs CertificateType Vaccination',
    ])
    assert.deepEqual(businessRuleProblems({ ...VR_EU_0001, Identifier: 'IR-EU-0001' }, { upload: true }), [
      'the Identifier prefix IR does not fit the Type Acceptance',
    ])
    assert.throws(() => parseBusinessRule({ ...VR_EU_0001, Identifier: 'IR-EU-0001' }, { upload: true }), /IR/)
  })

  test('lists every problem of a rule, one per line', () => {
    for (const line of [/^Type is missing$/m, /^Logic is missing$/m, /^Identifier must match .*: "XX"$/m]) {
      throwsInvalidRule({ Identifier: 'XX' }, line)
    }
    throwsInvalidRule({ ...VR_EU_0001, Identifier: 'VR-EU-1' }, /Identifier must match/)
    throwsInvalidRule({ ...VR_EU_0001, Type: 'Exemption' }, /Type must be one of Acceptance, Invalidation/)
    throwsInvalidRule({ ...VR_EU_0001, CertificateType: 'vaccination' }, /CertificateType must be one of/)
    throwsInvalidRule({ ...VR_EU_0001, Country: 'eu' }, /Country must match/)
    throwsInvalidRule({ ...VR_EU_0001, Version: '1.0' }, /Version must match/)
    throwsInvalidRule({ ...VR_EU_0001, Engine: '' }, /Engine must be a non-empty string/)
    throwsInvalidRule({ ...VR_EU_0001, Description: [] }, /Description must be a non-empty array/)
    throwsInvalidRule({ ...VR_EU_0001, Description: [{ lang: 'english', desc: 'x' }] }, /Description 0 must be/)
    throwsInvalidRule({ ...VR_EU_0001, AffectedFields: [] }, /AffectedFields must be a non-empty array/)
    throwsInvalidRule({ ...VR_EU_0001, Logic: {} }, /Logic must be a non-empty object/)
    throwsInvalidRule({ ...VR_EU_0001, Logic: true }, /Logic must be a non-empty object/)
  })

  test('validity instants need an offset and must be in the calendar', () => {
    // MT/RR-MT-0001/TR-MT-0001.json has this year.
    throwsInvalidRule({ ...VR_EU_0001, ValidFrom: '22022-01-15T00:00:00Z' }, /ValidFrom must match/)
    throwsInvalidRule({ ...VR_EU_0001, ValidFrom: '2021-07-01T00:00:00' }, /ValidFrom must match/)
    throwsInvalidRule({ ...VR_EU_0001, ValidTo: '2021-02-30T00:00:00Z' }, /ValidTo is not a calendar date-time/)
  })

  test('refuses what is not a JSON object', () => {
    throwsInvalidRule('{"Identifier": ', /must be JSON/)
    throwsInvalidRule([], /JSON object/)
    throwsInvalidRule(null, /JSON object/)
  })

  test('leaves the Logic to validateCertLogic, so a faulty rule can still be listed', () => {
    assert.deepEqual(rule({ Logic: { if: [true, true, true, true] } }).Logic, { if: [true, true, true, true] })
  })
})

describe('evaluateBusinessRule', () => {
  const context = { valueSets: certLogicValueSets(), validationClock: '2021-08-01T00:00:00Z' }
  const vr0001 = rule({})

  test('pass on truthy, fail on falsy', () => {
    assert.deepEqual(evaluateBusinessRule(vr0001, { ...context, payload: { v: [{ mp: 'EU/1/20/1528' }] } }), {
      result: 'pass',
    })
    assert.deepEqual(evaluateBusinessRule(vr0001, { ...context, payload: { v: [{ mp: 'Sputnik-V' }] } }), {
      result: 'fail',
    })
    assert.deepEqual(evaluateBusinessRule(vr0001, { ...context, payload: { t: [{}] } }), { result: 'pass' })
  })

  test('open, with the error, when the rule cannot be decided', () => {
    const needsValueSet = rule({ Logic: { in: [{ var: 'payload.v.0.mp' }, { var: 'external.valueSets.unknown' }] } })
    const missing = evaluateBusinessRule(needsValueSet, { ...context, payload: { v: [{ mp: 'EU/1/20/1528' }] } })
    assert.equal(missing.result, 'open')
    assert.equal(missing.error?.code, 'CERTLOGIC_OPERAND')

    const malformed = evaluateBusinessRule(rule({ Logic: { or: [true, true] } }), { ...context, payload: {} })
    assert.equal(malformed.result, 'open')
    assert.equal(malformed.error?.code, 'CERTLOGIC_INVALID')

    const dateValued = evaluateBusinessRule(rule({ Logic: { plusTime: ['2021-06-01', 0, 'day'] } }), {
      ...context,
      payload: {},
    })
    assert.equal(dateValued.result, 'open')
    assert.match(dateValued.error?.message ?? '', /neither truthy nor falsy/)

    const otherEngine = evaluateBusinessRule(rule({ Engine: 'JSONLOGIC' }), { ...context, payload: {} })
    assert.equal(otherEngine.result, 'open')
    assert.match(otherEngine.error?.message ?? '', /engine JSONLOGIC/)
  })

  test('the validation clock comes from the context only', () => {
    const notExpired = rule({
      Logic: {
        'not-after': [
          { plusTime: [{ var: 'external.validationClock' }, 0, 'day'] },
          { plusTime: [{ var: 'payload.v.0.dt' }, 270, 'day'] },
        ],
      },
    })
    const payload = { v: [{ dt: '2021-06-01' }] }
    assert.equal(
      evaluateBusinessRule(notExpired, { ...context, payload, validationClock: '2022-02-26' }).result,
      'pass',
    )
    const later = new Date('2022-02-26T00:00:01Z')
    assert.equal(evaluateBusinessRule(notExpired, { ...context, payload, validationClock: later }).result, 'fail')
    assert.equal(
      evaluateBusinessRule(notExpired, { ...context, payload, validationClock: new Date(Number.NaN) }).result,
      'open',
    )
  })

  test('the data context of the EU verifiers', () => {
    const data = businessRuleData({
      payload: { ver: '1.3.0' },
      valueSets: { 'covid-19-lab-result': ['260415000'] },
      validationClock: new Date('2021-08-01T10:00:00Z'),
      countryCode: 'IT',
      exp: new Date('2022-08-01T00:00:00Z'),
      iat: '2021-08-01T00:00:00Z',
    })
    assert.deepEqual(data, {
      payload: { ver: '1.3.0' },
      external: {
        valueSets: { 'covid-19-lab-result': ['260415000'] },
        validationClock: '2021-08-01T10:00:00.000Z',
        countryCode: 'IT',
        exp: '2022-08-01T00:00:00.000Z',
        iat: '2021-08-01T00:00:00Z',
      },
    })
  })
})

describe('selecting the rules that apply', () => {
  const general = rule({ Identifier: 'GR-EU-0000', CertificateType: 'General' })
  const vaccination = rule({})
  const vaccinationV2 = rule({ Version: '1.10.0', ValidFrom: '2021-09-01T00:00:00Z' })
  const test_ = rule({ Identifier: 'TR-EU-0001', CertificateType: 'Test' })
  const italian = rule({ Identifier: 'VR-IT-0001', Country: 'IT' })
  const regional = rule({ Identifier: 'VR-IT-0002', Country: 'IT', Region: 'BZ' })
  const expired = rule({ Identifier: 'VR-EU-0002', ValidTo: '2021-07-31T23:59:59Z' })
  const invalidation = rule({ Identifier: 'IR-EU-0001', Type: 'Invalidation', CertificateType: 'General' })
  const all = [vaccinationV2, general, vaccination, test_, italian, regional, expired, invalidation]
  const ids = (rules: BusinessRule[]) => rules.map((r) => `${r.Identifier}@${r.Version}`)

  test('by certificate type (General always), instant and country; the highest version in force', () => {
    const august = { certificateType: 'Vaccination', validationClock: '2021-08-15T00:00:00Z', country: 'EU' } as const
    assert.deepEqual(ids(selectApplicableRules(all, august)), [
      'GR-EU-0000@1.0.0',
      'IR-EU-0001@1.0.0',
      'VR-EU-0001@1.0.0',
    ])
    const october = { ...august, validationClock: new Date('2021-10-01T00:00:00Z') }
    assert.deepEqual(ids(selectApplicableRules(all, october)), [
      'GR-EU-0000@1.0.0',
      'IR-EU-0001@1.0.0',
      'VR-EU-0001@1.10.0',
    ])
    const july = { ...august, validationClock: '2021-07-15T00:00:00Z' }
    assert.deepEqual(ids(selectApplicableRules(all, july)), [
      'GR-EU-0000@1.0.0',
      'IR-EU-0001@1.0.0',
      'VR-EU-0001@1.0.0',
      'VR-EU-0002@1.0.0',
    ])
    const tests = { ...august, certificateType: 'Test', type: 'Acceptance' } as const
    assert.deepEqual(ids(selectApplicableRules(all, tests)), ['GR-EU-0000@1.0.0', 'TR-EU-0001@1.0.0'])
  })

  test('regional rules only for their region', () => {
    const italy = { certificateType: 'Vaccination', validationClock: '2021-08-15T00:00:00Z', country: 'IT' } as const
    assert.deepEqual(ids(selectApplicableRules(all, italy)), ['VR-IT-0001@1.0.0'])
    assert.deepEqual(ids(selectApplicableRules(all, { ...italy, region: 'BZ' })), [
      'VR-IT-0001@1.0.0',
      'VR-IT-0002@1.0.0',
    ])
  })

  test('the validity window includes both ends', () => {
    assert.equal(isRuleInForce(vaccination, '2021-07-01T00:00:00Z'), true)
    assert.equal(isRuleInForce(vaccination, '2021-07-01T01:59:59+02:00'), false)
    assert.equal(isRuleInForce(vaccination, '2030-06-01T00:00:00Z'), true)
    assert.equal(isRuleInForce(vaccination, new Date('2030-06-01T00:00:00.001Z')), false)
  })

  test('versions compare by number', () => {
    assert.equal(compareRuleVersions('1.10.0', '1.9.0'), 1)
    assert.equal(compareRuleVersions('1.0.0', '1.0.0'), 0)
    assert.equal(compareRuleVersions('0.9.9', '1.0.0'), -1)
  })

  test('the certificate type of a payload', () => {
    assert.equal(ruleCertificateTypeOf({ v: [{}] }), 'Vaccination')
    assert.equal(ruleCertificateTypeOf({ t: [{}], v: [] }), 'Test')
    assert.equal(ruleCertificateTypeOf({ r: [{}] }), 'Recovery')
    assert.equal(ruleCertificateTypeOf({ r: [{}], v: [{}] }), undefined)
    assert.equal(ruleCertificateTypeOf({}), undefined)
    assert.equal(ruleCertificateTypeOf('HC1:'), undefined)
  })
})

describe('certLogicValueSets', () => {
  test('every value set of @greenpass/hcert, keyed by valueSetId, as its list of codes', () => {
    const valueSets = certLogicValueSets()
    assert.deepEqual(Object.keys(valueSets).sort(), Object.keys(VALUE_SETS).sort())
    assert.deepEqual(valueSets['covid-19-lab-result']?.sort(), ['260373001', '260415000'])
    assert.deepEqual(valueSets['covid-19-lab-test-type']?.sort(), ['LP217198-3', 'LP6464-4'])
    assert.equal(valueSets['country-2-codes']?.length, 250)
    assert.ok(valueSets['vaccines-covid-19-names']?.includes('EU/1/20/1528'))
  })

  test('inactive codes are kept unless asked otherwise', () => {
    assert.ok(certLogicValueSets()['vaccines-covid-19-names']?.includes('NVX-CoV2373'))
    const active = certLogicValueSets(VALUE_SETS, { activeOnly: true })
    assert.equal(active['vaccines-covid-19-names']?.includes('NVX-CoV2373'), false)
    assert.equal(active['vaccines-covid-19-names']?.length, 35)
    assert.equal(active['sct-vaccines-covid-19']?.includes('J07BX03'), false)
  })
})
