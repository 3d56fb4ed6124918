// Properties of the issuance decision over arbitrary histories.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { addDays, formatDay, parseDate } from '@greenpass/rules'
import {
  applyToHistory,
  decideIssuance,
  EMPTY_HISTORY,
  isDomainError,
  type IssuedCertificate,
  planBoosterAlignment,
  planRenewal,
  type ValidEvent,
} from '../../src/domain/index.ts'
import { dose, recovery, seededRandom, test } from './helpers.ts'

const START = parseDate('2021-01-01')!
const PRODUCTS = ['EU/1/20/1528', 'EU/1/20/1507', 'EU/1/20/1525', 'Sputnik-V']

const step = fc.record({
  gap: fc.integer({ min: 0, max: 200 }),
  kind: fc.constantFrom('dose', 'dose-abroad', 'positive', 'negative-antigen', 'negative-molecular', 'recovery'),
  product: fc.constantFrom(...PRODUCTS),
  clearedAfter: fc.integer({ min: 0, max: 40 }),
  issueDelay: fc.integer({ min: 0, max: 5 }),
})

type Step = { kind: string; product: string; clearedAfter: number }

function eventOf(s: Step, day: string): ValidEvent {
  switch (s.kind) {
    case 'dose':
      return dose(day, s.product)
    case 'dose-abroad':
      return dose(day, s.product, 'DE')
    case 'positive':
      return test(`${day}T09:00:00+01:00`, 'molecular', 'positive')
    case 'negative-antigen':
      return test(`${day}T09:00:00+01:00`, 'antigen')
    case 'negative-molecular':
      return test(`${day}T09:00:00+01:00`, 'molecular')
    default:
      return recovery(day, formatDay(addDays(parseDate(day)!, s.clearedAfter)))
  }
}

describe('decideIssuance properties', () => {
  it('throws nothing but DomainError, never encodes dn = 0 or sd = 0, and sd ∈ {1, 2} or dn = sd', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 12 }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: -100, max: 2000 }),
        (steps, seed, dscDays) => {
          let history = EMPTY_HISTORY
          let day = START
          const random = seededRandom(seed)
          const notAfter = new Date(Date.UTC(2021, 0, 1) + dscDays * 86_400_000)
          const dscs = { ordinary: { notAfter }, recoveryOnly: { notAfter } }
          for (const s of steps) {
            day = addDays(day, s.gap)
            const date = formatDay(day)
            const event = eventOf(s, date)
            const at = new Date(
              `${formatDay(addDays(day, s.kind === 'recovery' ? s.clearedAfter + s.issueDelay : s.issueDelay))}T18:00:00Z`,
            )
            let issued: IssuedCertificate[]
            try {
              issued = decideIssuance(history, event, { at, dscs, random })
            } catch (error) {
              assert.ok(isDomainError(error), String(error))
              issued = []
            }
            for (const certificate of issued) {
              const v = certificate.dcc.v?.[0]
              if (v !== undefined) {
                assert.ok(Number.isInteger(v.dn) && v.dn >= 1, `dn ${v.dn}`)
                assert.ok(Number.isInteger(v.sd) && v.sd >= 1, `sd ${v.sd}`)
                assert.ok(v.sd <= 2 || v.dn === v.sd, `${v.dn}/${v.sd}`)
              }
              assert.ok(certificate.exp <= Math.floor(notAfter.getTime() / 1000))
            }
            history = applyToHistory(history, event, issued)
          }
          // The planners, run twice, plan nothing the second time.
          const at = new Date(Date.UTC(2023, 0, 1))
          const far = {
            ordinary: { notAfter: new Date('2030-01-01') },
            recoveryOnly: { notAfter: new Date('2030-01-01') },
          }
          for (const plan of [
            planBoosterAlignment,
            (h: typeof history, c: Parameters<typeof planRenewal>[1]) => planRenewal(h, c, 300),
          ]) {
            const once = applyToHistory(history, undefined, plan(history, { at, dscs: far, random }))
            assert.deepEqual(plan(once, { at, dscs: far, random }), [])
          }
        },
      ),
      { numRuns: 200 },
    )
  })
})
