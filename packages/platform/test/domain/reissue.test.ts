import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkDccValueSets, validateDccSchema } from '@greenpass/hcert'
import {
  applyToHistory,
  decideIssuance,
  EMPTY_HISTORY,
  type HistoryCertificate,
  type PersonHistory,
  planBoosterAlignment,
  planRenewal,
  type ValidEvent,
  vaccinationDcc,
} from '../../src/domain/index.ts'
import { context, dose } from './helpers.ts'

// A certificate as an older platform issued it (3/2 before 2021-12-27), loaded into the history.
function legacy(
  uvci: string,
  dn: number,
  sd: number,
  dt: string,
  exp: string,
  extra: Partial<HistoryCertificate> = {},
) {
  const event = dose(dt)
  const dcc = vaccinationDcc(event.person, {
    vp: '1119349007',
    mp: 'EU/1/20/1528',
    ma: 'ORG-100030215',
    dn,
    sd,
    dt,
    co: 'IT',
    ci: uvci,
  })
  const certificate: HistoryCertificate = {
    kind: 'vaccination',
    uvci,
    dcc,
    iat: Date.parse(`${dt}T12:00:00Z`) / 1000,
    exp: Date.parse(exp) / 1000,
    signer: 'ordinary',
    codeType: 'AUTHCODE',
    eventId: event.eventId,
    ...extra,
  }
  return certificate
}

const U1 = '01IT00000000000000000000000000000001#0'
const U2 = '01IT00000000000000000000000000000002#0'
const U3 = '01IT00000000000000000000000000000003#0'
const U4 = '01IT00000000000000000000000000000004#0'

describe('planBoosterAlignment (3/2 → 3/3)', () => {
  const history: PersonHistory = {
    events: [],
    certificates: [
      legacy(U1, 2, 2, '2021-06-22', '2022-12-01T00:00:00Z'),
      legacy(U2, 3, 2, '2021-12-01', '2023-05-01T00:00:00Z'),
      legacy(U3, 3, 2, '2021-11-01', '2022-01-01T00:00:00Z'), // technical validity already ended
      legacy(U4, 3, 2, '2021-11-15', '2023-05-01T00:00:00Z', { revoked: true }),
    ],
  }

  it('plans a dn/dn certificate superseding each live dn > sd = 2 booster, and only those', () => {
    const plan = planBoosterAlignment(history, context('2022-02-01T03:00:00Z'))
    assert.equal(plan.length, 1)
    const [aligned] = plan
    assert.equal(aligned?.supersedes, U2)
    assert.deepEqual([aligned?.dcc.v?.[0]?.dn, aligned?.dcc.v?.[0]?.sd], [3, 3])
    assert.equal(aligned?.dcc.v?.[0]?.dt, '2021-12-01')
    assert.equal(aligned?.dcc.v?.[0]?.ci, aligned?.uvci)
    assert.notEqual(aligned?.uvci, U2)
    assert.equal(aligned?.codeType, 'AUTHCODE')
    assert.deepEqual(validateDccSchema(aligned?.dcc), [])
    assert.deepEqual(checkDccValueSets(aligned?.dcc), [])
  })

  it('is idempotent: once applied, nothing is planned again', () => {
    const plan = planBoosterAlignment(history, context('2022-02-01T03:00:00Z'))
    const next = applyToHistory(history, undefined, plan)
    assert.equal(next.certificates.find((c) => c.uvci === U2)?.supersededBy, plan[0]?.uvci)
    assert.deepEqual(planBoosterAlignment(next, context('2022-02-02T03:00:00Z')), [])
  })
})

describe('planRenewal (540 days)', () => {
  function boosted(): PersonHistory {
    let history = EMPTY_HISTORY
    const steps: [ValidEvent, string][] = [
      [dose('2021-06-01'), '2021-06-01T15:00:00Z'],
      [dose('2021-06-22'), '2021-06-22T15:00:00Z'],
      [dose('2021-12-20'), '2021-12-20T15:00:00Z'],
    ]
    for (const [event, at] of steps)
      history = applyToHistory(history, event, decideIssuance(history, event, context(at)))
    return history
  }
  const boosterExp = Date.parse('2021-12-20T15:00:00Z') / 1000 + 540 * 86_400

  it('renews the latest booster within the window, with a further 540 days', () => {
    const history = boosted()
    const at = new Date((boosterExp - 10 * 86_400) * 1000)
    const plan = planRenewal(history, { ...context('2020-01-01T00:00:00Z'), at }, 30)
    assert.equal(plan.length, 1)
    const [renewed] = plan
    const booster = history.certificates.at(-1)
    assert.equal(renewed?.supersedes, booster?.uvci)
    assert.deepEqual([renewed?.dcc.v?.[0]?.dn, renewed?.dcc.v?.[0]?.sd], [3, 3])
    assert.equal(renewed?.exp, Math.floor(at.getTime() / 1000) + 540 * 86_400)
    assert.deepEqual(validateDccSchema(renewed?.dcc), [])
  })

  it('plans nothing outside the window, nothing for a non-booster, nothing twice', () => {
    const history = boosted()
    const at = new Date((boosterExp - 10 * 86_400) * 1000)
    assert.deepEqual(planRenewal(history, { ...context('2020-01-01T00:00:00Z'), at }, 5), [])
    const twoDoses: PersonHistory = {
      events: history.events.slice(0, 2),
      certificates: history.certificates.slice(0, 2),
    }
    assert.deepEqual(planRenewal(twoDoses, { ...context('2020-01-01T00:00:00Z'), at: new Date('2023-06-01') }, 30), [])
    const plan = planRenewal(history, { ...context('2020-01-01T00:00:00Z'), at }, 30)
    const next = applyToHistory(history, undefined, plan)
    assert.deepEqual(planRenewal(next, { ...context('2020-01-01T00:00:00Z'), at }, 30), [])
  })
})
