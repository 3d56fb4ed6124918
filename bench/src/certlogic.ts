import { exampleVaccinationDcc, VALUE_SETS } from '@greenpass/hcert'
// Straight from the folder until packages/rules/src/index.ts re-exports './certlogic/index.ts'.
import { certLogicValueSets, evaluateCertLogic } from '@greenpass/rules'
import { type BenchRow, compareOpsPerSecond } from './measure.ts'
import { loadPeers } from './peers.ts'

const validationClock = { var: 'external.validationClock' }
const today = { plusTime: [validationClock, 0, 'day'] }

/** The date window of a vaccination (from 14 to 270 days after `dt`), as VR rules of several countries write it. */
const DATE_WINDOW = {
  if: [
    { var: 'payload.v.0' },
    {
      'not-after': [
        { plusTime: [{ var: 'payload.v.0.dt' }, 14, 'day'] },
        today,
        { plusTime: [{ var: 'payload.v.0.dt' }, 270, 'day'] },
      ],
    },
    true,
  ],
}

/** What an EU verifier runs on a vaccination certificate: the EU template rules (GR-EU-*, VR-EU-*) plus the window. */
const VACCINATION_RULES: readonly unknown[] = [
  // GR-EU-0000: exactly one type of event.
  {
    '===': [
      {
        reduce: [
          [{ var: 'payload.r' }, { var: 'payload.t' }, { var: 'payload.v' }],
          { '+': [{ var: 'accumulator' }, { if: [{ var: 'current.0' }, 1, 0] }] },
          0,
        ],
      },
      1,
    ],
  },
  // GR-EU-0001: the disease targeted is in the value set.
  {
    and: (['r', 't', 'v'] as const).map((group) => ({
      if: [
        { var: `payload.${group}.0` },
        { in: [{ var: `payload.${group}.0.tg` }, { var: 'external.valueSets.disease-agent-targeted' }] },
        true,
      ],
    })),
  },
  // VR-EU-0000: at most one v-event.
  { '!': [{ var: 'payload.v.1' }] },
  // VR-EU-0001: EMA-approved vaccines only.
  {
    if: [
      { var: 'payload.v.0' },
      { in: [{ var: 'payload.v.0.mp' }, ['EU/1/20/1528', 'EU/1/20/1507', 'EU/1/21/1529', 'EU/1/20/1525']] },
      true,
    ],
  },
  // VR-EU-0002: the doses given are at least the doses of the series.
  { if: [{ var: 'payload.v.0' }, { '>=': [{ var: 'payload.v.0.dn' }, { var: 'payload.v.0.sd' }] }, true] },
  DATE_WINDOW,
]

/**
 * `npm run bench -- certlogic` (once main.ts lists it): evaluating business rules on one vaccination payload, ours
 * against certlogic-js, the reference implementation of the specification. Both must give the same answers on an
 * accepted and a refused payload before anything is timed.
 */
export async function benchCertLogic(): Promise<BenchRow[]> {
  const external = { valueSets: certLogicValueSets(VALUE_SETS), validationClock: '2021-09-01T10:00:00+02:00' }
  const accepted = { payload: exampleVaccinationDcc(), external }
  const refused = { payload: exampleVaccinationDcc({ vaccination: { dt: '2021-08-25', mp: 'Sputnik-V' } }), external }
  const certlogicJs = (await loadPeers())?.loadCertLogicJs()
  for (const data of certlogicJs ? [accepted, refused] : []) {
    for (const rule of VACCINATION_RULES) {
      const ours = evaluateCertLogic(rule, data)
      const theirs = certlogicJs?.evaluate(rule, data)
      if (ours !== theirs) throw new Error(`ours and certlogic-js disagree: ${String(ours)} vs ${String(theirs)}`)
    }
  }
  const allPass = (evaluate: (expression: unknown, data: unknown) => unknown) => () => {
    for (const rule of VACCINATION_RULES) if (evaluate(rule, accepted) !== true) throw new Error('rule failed')
  }
  const group = 'CertLogic: one vaccination payload'
  const setNote = `${VACCINATION_RULES.length} rules: GR-EU-0000/0001, VR-EU-0000/0001/0002, date window`
  // Ours and the peer interleaved in the same rounds, so that a noisy machine slows both alike.
  const candidates = [
    { name: 'greenpass evaluateCertLogic', evaluate: evaluateCertLogic },
    ...(certlogicJs ? [{ name: 'certlogic-js 0.8.2 evaluate', evaluate: certlogicJs.evaluate }] : []),
  ]
  const figures = await compareOpsPerSecond([
    ...candidates.map(
      ({ evaluate }) =>
        () =>
          evaluate(DATE_WINDOW, accepted),
    ),
    ...candidates.map(({ evaluate }) => allPass(evaluate)),
  ])
  return [
    ...candidates.map(({ name }, i) => ({ group, name: `${name}, date-window rule`, opsPerSec: figures[i] as number })),
    ...candidates.map(({ name }, i) => ({
      group,
      name: `${name}, EU vaccination rule set`,
      opsPerSec: figures[candidates.length + i] as number,
      note: setNote,
    })),
  ]
}
