import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkDccValueSets, validateDccSchema } from '@greenpass/hcert'
import {
  applyToHistory,
  decideIssuance,
  EMPTY_HISTORY,
  infectionDays,
  type IssuedCertificate,
  isDomainError,
  type PersonHistory,
  type SigningDscs,
  type ValidEvent,
} from '../../src/domain/index.ts'
import { context, dose, FAR_DSCS, recovery, test } from './helpers.ts'

const DAY = 86_400

/** Feeds the events in order (each decided at its own instant) and returns what each one issued. */
function run(steps: [ValidEvent, string][], dscs: SigningDscs = FAR_DSCS) {
  let history: PersonHistory = EMPTY_HISTORY
  const issued: IssuedCertificate[][] = []
  steps.forEach(([event, at], index) => {
    const certificates = decideIssuance(history, event, context(at, index + 1, dscs))
    for (const certificate of certificates) assertWellFormed(certificate)
    issued.push(certificates)
    history = applyToHistory(history, event, certificates)
  })
  return { issued, history }
}

function assertWellFormed(certificate: IssuedCertificate): void {
  assert.deepEqual(validateDccSchema(certificate.dcc), [])
  assert.deepEqual(checkDccValueSets(certificate.dcc), [])
  const entry = certificate.dcc.v?.[0] ?? certificate.dcc.t?.[0] ?? certificate.dcc.r?.[0]
  assert.equal(entry?.ci, certificate.uvci)
  assert.equal(entry?.is, 'Ministero della Salute')
  assert.equal(entry?.co, 'IT')
  assert.match(certificate.uvci, /^01IT[0-9A-F]{32}#[0-9]$/)
  assert.ok(certificate.exp > certificate.iat)
}

function encodings(issued: IssuedCertificate[][]): string[][] {
  return issued.map((certificates) =>
    certificates.map((c) => (c.kind === 'vaccination' ? `${c.dcc.v?.[0]?.dn}/${c.dcc.v?.[0]?.sd}` : c.kind)),
  )
}

describe('decideIssuance: vaccinations', () => {
  it('two Pfizer doses, a booster and a fourth dose: 1/2, 2/2, 3/3, 4/4', () => {
    const { issued } = run([
      [dose('2021-06-01'), '2021-06-01T15:00:00Z'],
      [dose('2021-06-22'), '2021-06-22T15:00:00Z'],
      [dose('2021-12-20'), '2021-12-28T15:00:00Z'],
      [dose('2022-04-20'), '2022-04-20T15:00:00Z'],
    ])
    assert.deepEqual(encodings(issued), [['1/2'], ['2/2'], ['3/3'], ['4/4']])
    for (const [certificate] of issued) {
      assert.equal(certificate?.signer, 'ordinary')
      assert.equal(certificate?.codeType, 'AUTHCODE')
      assert.match(certificate?.code ?? '', /^[A-HJ-NP-Z2-9]{10}$/)
      // Technical validity: 540 days from issuance.
      assert.equal((certificate?.exp ?? 0) - (certificate?.iat ?? 0), 540 * DAY)
    }
    const uvcis = issued.flat().map((c) => c.uvci)
    assert.equal(new Set(uvcis).size, 4)
  })

  it("a first dose reported after the second: 1/2 for it, and a 2/2 replacing the second dose's 1/2", () => {
    const second = dose('2021-06-22')
    const { issued, history } = run([
      [second, '2021-06-22T15:00:00Z'],
      [dose('2021-06-01'), '2021-06-25T15:00:00Z'],
      [dose('2021-12-20'), '2021-12-28T15:00:00Z'],
    ])
    assert.deepEqual(encodings(issued), [['1/2'], ['1/2', '2/2'], ['3/3']])
    const [[late], [, replacement]] = [issued[0] ?? [], issued[1] ?? []]
    assert.equal(replacement?.supersedes, late?.uvci)
    assert.equal(replacement?.eventId, second.eventId)
    assert.equal(replacement?.dcc.v?.[0]?.dt, '2021-06-22')
    assert.equal(history.certificates.find((c) => c.uvci === late?.uvci)?.supersededBy, replacement?.uvci)
  })

  it('a late dose leaves certificates encoded by another rule alone (the 1/1 after an infection)', () => {
    const { issued } = run([
      [dose('2021-06-01'), '2021-06-01T15:00:00Z'],
      [recovery('2021-07-01', '2021-07-20'), '2021-07-20T15:00:00Z'],
      // A dose given abroad before everything else, recorded late: the Italian 1/1 stays as it is.
      [dose('2021-05-01', 'EU/1/20/1528', 'DE'), '2021-08-01T15:00:00Z'],
    ])
    assert.deepEqual(encodings(issued), [['1/2'], ['1/1', 'recovery'], []])
  })

  it('Janssen then a booster: 1/1, 2/1, then 3/1', () => {
    const { issued } = run([
      [dose('2021-06-01', 'EU/1/20/1525'), '2021-06-01T15:00:00Z'],
      [dose('2021-12-01'), '2021-12-01T15:00:00Z'],
      [dose('2022-05-01', 'EU/1/20/1507'), '2022-05-01T15:00:00Z'],
    ])
    assert.deepEqual(encodings(issued), [['1/1'], ['2/1'], ['3/1']])
  })

  it('recovery, then one dose, then a booster: recovery, 1/1, 2/1', () => {
    const { issued } = run([
      [recovery('2021-03-01', '2021-03-20'), '2021-03-20T15:00:00Z'],
      [dose('2021-06-01'), '2021-06-01T15:00:00Z'],
      [dose('2021-12-01'), '2021-12-01T15:00:00Z'],
    ])
    assert.deepEqual(encodings(issued), [['recovery'], ['1/1'], ['2/1']])
    assert.equal(issued[0]?.[0]?.signer, 'ordinary')
    assert.equal(issued[0]?.[0]?.recoveryBis, undefined)
  })

  it('a positive molecular test counts as a recorded infection for the next first dose', () => {
    const { issued, history } = run([
      [test('2021-04-01T09:00:00+02:00', 'molecular', 'positive'), '2021-04-01T12:00:00Z'],
      [dose('2021-06-01'), '2021-06-01T15:00:00Z'],
    ])
    assert.deepEqual(encodings(issued), [[], ['1/1']])
    assert.equal(infectionDays(history.events).length, 1)
  })

  it('a positive antigen test is no infection', () => {
    const { issued } = run([
      [test('2021-04-01T09:00:00+02:00', 'antigen', 'positive'), '2021-04-01T12:00:00Z'],
      [dose('2021-06-01'), '2021-06-01T15:00:00Z'],
    ])
    assert.deepEqual(encodings(issued), [[], ['1/2']])
  })

  it('infection 10 days after a first dose: nothing extra; a second dose within 180 days completes 2/2', () => {
    const { issued } = run([
      [dose('2021-06-01'), '2021-06-01T15:00:00Z'],
      [test('2021-06-11T09:00:00+02:00', 'molecular', 'positive'), '2021-06-11T12:00:00Z'],
      [recovery('2021-06-11', '2021-06-25'), '2021-06-25T15:00:00Z'],
      [dose('2021-09-01'), '2021-09-01T15:00:00Z'],
    ])
    assert.deepEqual(encodings(issued), [['1/2'], [], ['recovery'], ['2/2']])
    assert.equal(issued[2]?.[0]?.signer, 'ordinary')
  })

  it('infection 20 days after a first dose: a 1/1 replacing the 1/2, with the recovery; the next dose is 2/1', () => {
    const { issued, history } = run([
      [dose('2021-06-01'), '2021-06-01T15:00:00Z'],
      [test('2021-06-21T09:00:00+02:00', 'molecular', 'positive'), '2021-06-21T12:00:00Z'],
      [recovery('2021-06-21', '2021-07-05'), '2021-07-05T15:00:00Z'],
      [dose('2021-12-01'), '2021-12-01T15:00:00Z'],
    ])
    assert.deepEqual(encodings(issued), [['1/2'], [], ['1/1', 'recovery'], ['2/1']])
    const [oneOfOne, recoveryCertificate] = issued[2] ?? []
    assert.equal(oneOfOne?.dcc.v?.[0]?.dt, '2021-06-01')
    assert.equal(oneOfOne?.supersedes, issued[0]?.[0]?.uvci)
    assert.equal(recoveryCertificate?.signer, 'ordinary')
    assert.equal(recoveryCertificate?.codeType, 'NUCG')
    const partial = history.certificates.find((c) => c.uvci === issued[0]?.[0]?.uvci)
    assert.equal(partial?.supersededBy, oneOfOne?.uvci)
  })

  it('a second recovery event for the same infection does not issue the 1/1 again', () => {
    const { issued } = run([
      [dose('2021-06-01'), '2021-06-01T15:00:00Z'],
      [recovery('2021-06-21', '2021-07-05'), '2021-07-05T15:00:00Z'],
      [recovery('2021-06-21', '2021-07-06'), '2021-07-06T15:00:00Z'],
    ])
    assert.deepEqual(encodings(issued), [['1/2'], ['1/1', 'recovery'], ['recovery']])
  })

  it('a recovery after a complete cycle is a recovery bis, signed by the recovery-only DSC', () => {
    const { issued } = run([
      [dose('2021-06-01'), '2021-06-01T15:00:00Z'],
      [dose('2021-06-22'), '2021-06-22T15:00:00Z'],
      [recovery('2022-01-05', '2022-01-20'), '2022-01-20T15:00:00Z'],
    ])
    const bis = issued[2]?.[0]
    assert.equal(bis?.kind, 'recovery')
    assert.equal(bis?.signer, 'recoveryOnly')
    assert.equal(bis?.recoveryBis, true)
  })

  it('recovery dates: fr, df = max(cleared, fr + 11), du = fr + 180', () => {
    const { issued } = run([[recovery('2021-12-20', '2021-12-25'), '2021-12-25T15:00:00Z']])
    assert.deepEqual(issued[0]?.[0]?.dcc.r?.[0], {
      tg: '840539006',
      fr: '2021-12-20',
      co: 'IT',
      df: '2021-12-31',
      du: '2022-06-18',
      ci: issued[0]?.[0]?.uvci,
      is: 'Ministero della Salute',
    })
    const late = run([[recovery('2021-12-01', '2021-12-30'), '2021-12-30T15:00:00Z']])
    assert.equal(late.issued[0]?.[0]?.dcc.r?.[0]?.df, '2021-12-30')
  })

  it('two non-EMA doses abroad issue nothing; the Italian booster is 3/3', () => {
    const { issued } = run([
      [dose('2021-05-01', 'Sputnik-V', 'SM'), '2021-09-01T15:00:00Z'],
      [dose('2021-05-22', 'Sputnik-V', 'SM'), '2021-09-01T15:00:00Z'],
      [dose('2021-12-01'), '2021-12-01T15:00:00Z'],
    ])
    assert.deepEqual(encodings(issued), [[], [], ['3/3']])
  })

  it('is idempotent: the same event twice issues once', () => {
    const first = dose('2021-06-01')
    const { issued } = run([
      [first, '2021-06-01T15:00:00Z'],
      [first, '2021-06-01T16:00:00Z'],
    ])
    assert.deepEqual(encodings(issued), [['1/2'], []])
  })
})

describe('decideIssuance: tests', () => {
  it('antigen: NRFE, exp = sampling + 48 h; molecular: CUN, exp = sampling + 72 h', () => {
    const sampled = Date.parse('2022-01-10T08:00:00Z') / 1000
    const { issued } = run([
      [test('2022-01-10T09:00:00+01:00', 'antigen'), '2022-01-10T10:00:00Z'],
      [test('2022-01-10T09:00:00+01:00', 'molecular'), '2022-01-10T10:00:00Z'],
    ])
    const [antigen] = issued[0] ?? []
    const [molecular] = issued[1] ?? []
    assert.equal(antigen?.codeType, 'NRFE')
    assert.match(antigen?.code ?? '', /^\d{17}$/)
    assert.equal(antigen?.exp, sampled + 48 * 3600)
    assert.equal(antigen?.dcc.t?.[0]?.tt, 'LP217198-3')
    assert.equal(antigen?.dcc.t?.[0]?.ma, '1232')
    assert.equal(antigen?.dcc.t?.[0]?.sc, '2022-01-10T08:00:00Z')
    assert.equal(antigen?.dcc.t?.[0]?.tr, '260415000')
    assert.equal(molecular?.codeType, 'CUN')
    assert.match(molecular?.code ?? '', /^CUN-/)
    assert.equal(molecular?.exp, sampled + 72 * 3600)
    assert.equal(molecular?.dcc.t?.[0]?.tt, 'LP6464-4')
    assert.equal(molecular?.iat, Date.parse('2022-01-10T10:00:00Z') / 1000)
  })

  it('a positive test issues nothing but is kept in the history', () => {
    const { issued, history } = run([
      [test('2022-01-10T09:00:00+01:00', 'molecular', 'positive'), '2022-01-10T10:00:00Z'],
    ])
    assert.deepEqual(issued, [[]])
    assert.equal(history.events.length, 1)
  })

  it('a negative test whose window closed before issuance issues nothing', () => {
    const { issued } = run([[test('2022-01-10T09:00:00+01:00', 'antigen'), '2022-01-13T10:00:00Z']])
    assert.deepEqual(issued, [[]])
  })
})

describe('decideIssuance: the DSC bounds exp', () => {
  const soon = {
    ordinary: { notAfter: new Date('2021-06-11T00:00:00Z') },
    recoveryOnly: { notAfter: new Date('2021-06-05T00:00:00Z') },
  }

  it('caps exp at the signer notAfter, for every kind', () => {
    const { issued } = run(
      [
        [dose('2021-06-01'), '2021-06-01T15:00:00Z'],
        [test('2021-06-10T09:00:00+02:00', 'molecular'), '2021-06-10T10:00:00Z'],
      ],
      soon,
    )
    assert.equal(issued[0]?.[0]?.exp, Date.parse('2021-06-11T00:00:00Z') / 1000)
    assert.equal(issued[1]?.[0]?.exp, Date.parse('2021-06-11T00:00:00Z') / 1000)
  })

  it('refuses to sign with an expired DSC', () => {
    assert.throws(
      () => decideIssuance(EMPTY_HISTORY, dose('2021-06-01'), context('2021-06-12T00:00:00Z', 1, soon)),
      (error) => isDomainError(error, 'SIGNER_EXPIRED'),
    )
  })

  it('uses the recovery-only DSC for a bis, and its own notAfter', () => {
    const dscs = {
      ordinary: { notAfter: new Date('2030-01-01T00:00:00Z') },
      recoveryOnly: { notAfter: new Date('2022-02-01T00:00:00Z') },
    }
    const { issued } = run(
      [
        [dose('2021-06-01', 'EU/1/20/1525'), '2021-06-01T15:00:00Z'],
        [recovery('2022-01-05', '2022-01-20'), '2022-01-20T15:00:00Z'],
      ],
      dscs,
    )
    assert.equal(issued[1]?.[0]?.signer, 'recoveryOnly')
    assert.equal(issued[1]?.[0]?.exp, Date.parse('2022-02-01T00:00:00Z') / 1000)
  })
})
