/**
 * The intake events health facilities send through the Sistema Tessera Sanitaria (vaccination, test, recovery),
 * parsed once at the edge into typed values (architecture.md: "the core never re-validates").
 *
 * `validateEvent` reports every problem of an event at once, each with a JSON-pointer path and a stable code, so a
 * facility fixes a whole record in one round trip and nothing is half-stored.
 *
 * The input shape (JSON):
 * ```
 * { kind: 'vaccination' | 'test' | 'recovery', eventId, facilityId?,
 *   person: { fiscalCode, givenName, familyName, dateOfBirth, tesseraSanitaria?: { number, expiry }, email?, phone? },
 *   vaccination: { product, manufacturer, prophylaxis, date, country? },                           // kind vaccination
 *   test: { type, sample, salivaCircumstance?, device?, name?, sampledAt, result, centre?, country? }, // kind test
 *   recovery: { firstPositive, clearedOn, country? } }                                               // kind recovery
 * ```
 */
import { type CalendarDay, parseDate, parseInstant, romeDay } from '@greenpass/rules'
import { VALUE_SETS, type ValueSetId, type ValueSets, valueSetEntry } from '@greenpass/hcert'
import { DomainError, type Problem } from './errors.ts'
import { type FiscalCode, fiscalCodeProblems } from './fiscal-code.ts'

/** The holder of a certificate, as the event describes them. */
export interface Person {
  readonly fiscalCode: FiscalCode
  readonly givenName: string
  readonly familyName: string
  /** `YYYY-MM-DD`. */
  readonly dateOfBirth: string
  /** The tessera sanitaria card: its 20-digit identification number and expiry date (`YYYY-MM-DD`). */
  readonly tesseraSanitaria?: { readonly number: string; readonly expiry: string }
  readonly email?: string
  /** Digits with an optional leading `+`, spaces removed. */
  readonly phone?: string
}

interface EventBase {
  /** The facility's own identifier of the event: with `facilityId`, the idempotency key of intake. */
  readonly eventId: string
  /** Set by the caller from the facility's authentication (intake never trusts a facility id in the body alone). */
  readonly facilityId?: string
  readonly person: Person
}

/** A dose administered. */
export interface VaccinationEvent extends EventBase {
  readonly kind: 'vaccination'
  readonly vaccination: {
    /** `mp`, value set vaccines-covid-19-names. */
    readonly product: string
    /** `ma`, value set vaccines-covid-19-auth-holders. */
    readonly manufacturer: string
    /** `vp`, value set sct-vaccines-covid-19. */
    readonly prophylaxis: string
    /** `YYYY-MM-DD`, not after the Rome day of intake. */
    readonly date: string
    /** ISO 3166-1 alpha-2 (default `IT`): doses given abroad are recorded for the history, they issue nothing. */
    readonly country: string
  }
}

/** The accepted test types. */
export const TestType = Object.freeze({ MOLECULAR: 'molecular', ANTIGEN: 'antigen' })
export type TestType = (typeof TestType)[keyof typeof TestType]

/** The sample kinds a facility may declare (only some are accepted, depending on the test type). */
export const SampleKind = Object.freeze({
  NASOPHARYNGEAL_SWAB: 'nasopharyngeal-swab',
  OROPHARYNGEAL_SWAB: 'oropharyngeal-swab',
  NASAL_SWAB: 'nasal-swab',
  SALIVA: 'saliva',
})
export type SampleKind = (typeof SampleKind)[keyof typeof SampleKind]

/** The four circumstances in which a molecular test on saliva is accepted (issue 4, intake). */
export const SalivaCircumstance = Object.freeze({
  FRAGILE_POOR_COLLABORATION: 'fragile-poor-collaboration',
  SCHOOL_MONITORING_SCREENING: 'school-monitoring-screening',
  CHILD_CASE_CONTACT_SCREENING: 'child-case-contact-screening',
  HEALTH_WORKER_SCHEDULED_SCREENING: 'health-worker-scheduled-screening',
})
export type SalivaCircumstance = (typeof SalivaCircumstance)[keyof typeof SalivaCircumstance]

/** A test performed, negative or positive. */
export interface TestEvent extends EventBase {
  readonly kind: 'test'
  readonly test: {
    readonly type: TestType
    readonly sample: SampleKind
    readonly salivaCircumstance?: SalivaCircumstance
    /** Antigen tests: the device's id on the EU common list (value set covid-19-lab-test-manufacturer-and-name). */
    readonly device?: string
    /** Molecular tests: the test's name (`nm`), if given. */
    readonly name?: string
    /** The sampling instant, normalised to UTC `YYYY-MM-DDTHH:MM:SSZ`. */
    readonly sampledAt: string
    readonly result: 'negative' | 'positive'
    /** The testing centre (`tc`). */
    readonly centre?: string
    readonly country: string
  }
}

/** A recovery declared by a doctor. */
export interface RecoveryEvent extends EventBase {
  readonly kind: 'recovery'
  readonly recovery: {
    /** `fr`: the date of the first positive molecular test, `YYYY-MM-DD`. */
    readonly firstPositive: string
    /** The date the doctor declared the person recovered (end of isolation), `YYYY-MM-DD`. */
    readonly clearedOn: string
    readonly country: string
  }
}

/** An event that passed `validateEvent`. */
export type ValidEvent = VaccinationEvent | TestEvent | RecoveryEvent

/** The stable codes of the problems `validateEvent` reports (besides the `FISCAL_CODE_*` ones). */
export const EventProblemCode = Object.freeze({
  NOT_AN_OBJECT: 'NOT_AN_OBJECT',
  REQUIRED: 'REQUIRED',
  NOT_A_STRING: 'NOT_A_STRING',
  TOO_LONG: 'TOO_LONG',
  FORMAT: 'FORMAT',
  KIND_UNKNOWN: 'KIND_UNKNOWN',
  NOT_IN_VALUE_SET: 'NOT_IN_VALUE_SET',
  DATE_IN_FUTURE: 'DATE_IN_FUTURE',
  DATE_ORDER: 'DATE_ORDER',
  NAME_REQUIRED: 'NAME_REQUIRED',
  TEST_TYPE_UNKNOWN: 'TEST_TYPE_UNKNOWN',
  TEST_SELF_TEST_REFUSED: 'TEST_SELF_TEST_REFUSED',
  TEST_SEROLOGICAL_REFUSED: 'TEST_SEROLOGICAL_REFUSED',
  TEST_SALIVA_ANTIGEN_REFUSED: 'TEST_SALIVA_ANTIGEN_REFUSED',
  TEST_SALIVA_CIRCUMSTANCE_REQUIRED: 'TEST_SALIVA_CIRCUMSTANCE_REQUIRED',
  TEST_SAMPLE_REFUSED: 'TEST_SAMPLE_REFUSED',
  TEST_DEVICE_REQUIRED: 'TEST_DEVICE_REQUIRED',
  TEST_DEVICE_NOT_ON_EU_LIST: 'TEST_DEVICE_NOT_ON_EU_LIST',
  RECOVERY_TOO_LATE: 'RECOVERY_TOO_LATE',
})
export type EventProblemCode = (typeof EventProblemCode)[keyof typeof EventProblemCode]

/** How long a recovery lasts from the first positive test (du ≤ fr + 180 days). */
export const RECOVERY_DAYS = 180

const MAX_TEXT = 80
const TEST_TYPES: Readonly<Record<string, TestType>> = {
  molecular: 'molecular',
  'LP6464-4': 'molecular',
  antigen: 'antigen',
  'LP217198-3': 'antigen',
}
const REFUSED_TEST_TYPES: Readonly<Record<string, EventProblemCode>> = {
  'self-test': 'TEST_SELF_TEST_REFUSED',
  serological: 'TEST_SEROLOGICAL_REFUSED',
}
const SAMPLES_BY_TYPE: Readonly<Record<TestType, readonly SampleKind[]>> = {
  molecular: ['nasopharyngeal-swab', 'oropharyngeal-swab', 'saliva'],
  antigen: ['nasal-swab', 'oropharyngeal-swab', 'nasopharyngeal-swab'],
}

/**
 * The typed event, or `DomainError('EVENT_INVALID')` whose `problems` lists every fault found. Dates are judged
 * against `at` (a dose, a sample, a first positive test cannot be in the future); value sets default to the ones
 * shipped with `@greenpass/hcert` (pass the gateway's, with the JRC device list, when you have them).
 *
 * A positive test is a valid event: it issues no certificate but dates an infection.
 *
 * @example
 * validateEvent({ kind: 'test', eventId: 'A-1', person, test: { type: 'self-test', … } }, at)
 * // throws DomainError EVENT_INVALID, problems [{ path: '/test/type', code: 'TEST_SELF_TEST_REFUSED', … }]
 */
export function validateEvent(input: unknown, at: Date, valueSets: ValueSets = VALUE_SETS): ValidEvent {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new DomainError('INSTANT_INVALID', 'the intake instant is not a valid Date')
  }
  const reader = new Reader(at, valueSets)
  const event = reader.event(input)
  if (reader.problems.length > 0 || event === undefined) {
    const count = reader.problems.length
    throw new DomainError('EVENT_INVALID', `the event has ${count} problem${count === 1 ? '' : 's'}`, {
      problems: reader.problems,
    })
  }
  return event
}

// Collects problems while reading; each method returns undefined for a field it could not read.
class Reader {
  readonly problems: Problem[] = []
  readonly #at: Date
  readonly #today: CalendarDay
  readonly #valueSets: ValueSets

  constructor(at: Date, valueSets: ValueSets) {
    this.#at = at
    this.#today = romeDay(at)
    this.#valueSets = valueSets
  }

  event(input: unknown): ValidEvent | undefined {
    const root = this.object(input, '')
    if (root === undefined) return undefined
    const eventId = this.text(root, 'eventId', '', { max: 100 })
    const facilityId = this.text(root, 'facilityId', '', { max: 100, optional: true })
    const person = this.person(root['person'], '/person')
    const kind = root['kind']
    const base = { eventId, person, ...(facilityId === undefined ? {} : { facilityId }) }
    switch (kind) {
      case 'vaccination': {
        const vaccination = this.vaccination(root['vaccination'], '/vaccination')
        return this.done(base, vaccination && { kind, vaccination })
      }
      case 'test': {
        const test = this.test(root['test'], '/test')
        return this.done(base, test && { kind, test })
      }
      case 'recovery': {
        const recovery = this.recovery(root['recovery'], '/recovery')
        return this.done(base, recovery && { kind, recovery })
      }
      default:
        this.add('/kind', 'KIND_UNKNOWN', 'kind must be vaccination, test or recovery')
        return undefined
    }
  }

  private done<T extends object>(
    base: { eventId: string | undefined; person: Person | undefined; facilityId?: string },
    specific: T | undefined,
  ): ValidEvent | undefined {
    if (base.eventId === undefined || base.person === undefined || specific === undefined) return undefined
    return { ...base, eventId: base.eventId, person: base.person, ...specific } as unknown as ValidEvent
  }

  private person(input: unknown, path: string): Person | undefined {
    const person = this.object(input, path)
    if (person === undefined) return undefined
    const fiscalCodeInput = person['fiscalCode']
    let fiscalCode: FiscalCode | undefined
    if (fiscalCodeInput === undefined) {
      this.add(`${path}/fiscalCode`, 'REQUIRED', 'fiscalCode is required')
    } else {
      const faults = fiscalCodeProblems(fiscalCodeInput, `${path}/fiscalCode`)
      this.problems.push(...faults)
      if (faults.length === 0) fiscalCode = (fiscalCodeInput as string).trim().toUpperCase() as FiscalCode
    }
    const givenName = this.text(person, 'givenName', path, { optional: true }) ?? ''
    const familyName = this.text(person, 'familyName', path)
    // The DCC 1.3.0 requires fnt: a person known by one name carries it as the family name (ICAO).
    if (familyName !== undefined && !/\p{L}/u.test(familyName)) {
      this.add(`${path}/familyName`, 'NAME_REQUIRED', 'familyName must hold at least one letter')
    }
    const dateOfBirth = this.date(person, 'dateOfBirth', path)
    let tesseraSanitaria: Person['tesseraSanitaria']
    if (person['tesseraSanitaria'] !== undefined) {
      const card = this.object(person['tesseraSanitaria'], `${path}/tesseraSanitaria`)
      if (card !== undefined) {
        const number = this.text(card, 'number', `${path}/tesseraSanitaria`, { pattern: /^\d{20}$/, what: '20 digits' })
        const expiry = this.date(card, 'expiry', `${path}/tesseraSanitaria`, { future: true })
        if (number !== undefined && expiry !== undefined) tesseraSanitaria = { number, expiry }
      }
    }
    const email = this.text(person, 'email', path, {
      optional: true,
      max: 254,
      pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
      what: 'an email address',
    })
    const rawPhone = this.text(person, 'phone', path, { optional: true, max: 32 })
    const phone = rawPhone?.replace(/[\s.-]/g, '')
    if (phone !== undefined && !/^\+?[0-9]{6,15}$/.test(phone)) {
      this.add(`${path}/phone`, 'FORMAT', 'phone must be 6–15 digits with an optional leading +')
    }
    if (fiscalCode === undefined || familyName === undefined || dateOfBirth === undefined) return undefined
    return {
      fiscalCode,
      givenName,
      familyName,
      dateOfBirth,
      ...(tesseraSanitaria === undefined ? {} : { tesseraSanitaria }),
      ...(email === undefined ? {} : { email }),
      ...(phone === undefined ? {} : { phone }),
    }
  }

  private vaccination(input: unknown, path: string): VaccinationEvent['vaccination'] | undefined {
    const v = this.object(input, path)
    if (v === undefined) return undefined
    const product = this.coded(v, 'product', path, 'vaccines-covid-19-names')
    const manufacturer = this.coded(v, 'manufacturer', path, 'vaccines-covid-19-auth-holders')
    const prophylaxis = this.coded(v, 'prophylaxis', path, 'sct-vaccines-covid-19')
    const date = this.date(v, 'date', path)
    const country = this.country(v, path)
    if (!product || !manufacturer || !prophylaxis || !date || !country) return undefined
    return { product, manufacturer, prophylaxis, date, country }
  }

  private test(input: unknown, path: string): TestEvent['test'] | undefined {
    const t = this.object(input, path)
    if (t === undefined) return undefined
    const rawType = this.text(t, 'type', path)
    let type: TestType | undefined
    if (rawType !== undefined) {
      type = Object.hasOwn(TEST_TYPES, rawType) ? TEST_TYPES[rawType] : undefined
      const refused = Object.hasOwn(REFUSED_TEST_TYPES, rawType) ? REFUSED_TEST_TYPES[rawType] : undefined
      if (refused !== undefined) {
        this.add(`${path}/type`, refused, `${rawType} tests issue no certificate and are refused`)
      } else if (type === undefined) {
        this.add(`${path}/type`, 'TEST_TYPE_UNKNOWN', 'type must be molecular or antigen')
      }
    }
    const sample = this.text(t, 'sample', path) as SampleKind | undefined
    if (sample !== undefined && !(Object.values(SampleKind) as string[]).includes(sample)) {
      this.add(`${path}/sample`, 'FORMAT', `sample must be one of ${Object.values(SampleKind).join(', ')}`)
    }
    const circumstance = this.text(t, 'salivaCircumstance', path, { optional: true }) as SalivaCircumstance | undefined
    if (circumstance !== undefined && !(Object.values(SalivaCircumstance) as string[]).includes(circumstance)) {
      this.add(
        `${path}/salivaCircumstance`,
        'FORMAT',
        `salivaCircumstance must be one of ${Object.values(SalivaCircumstance).join(', ')}`,
      )
    }
    if (type !== undefined && sample !== undefined && (Object.values(SampleKind) as string[]).includes(sample)) {
      if (type === 'antigen' && sample === 'saliva') {
        this.add(`${path}/sample`, 'TEST_SALIVA_ANTIGEN_REFUSED', 'antigen tests on saliva are refused')
      } else if (!SAMPLES_BY_TYPE[type].includes(sample)) {
        this.add(`${path}/sample`, 'TEST_SAMPLE_REFUSED', `a ${type} test on a ${sample} sample is refused`)
      } else if (type === 'molecular' && sample === 'saliva' && circumstance === undefined) {
        this.add(
          `${path}/salivaCircumstance`,
          'TEST_SALIVA_CIRCUMSTANCE_REQUIRED',
          'a molecular test on saliva needs one of the four declared circumstances',
        )
      }
    }
    let device: string | undefined
    if (type === 'antigen') {
      if (t['device'] === undefined) {
        this.add(`${path}/device`, 'TEST_DEVICE_REQUIRED', 'an antigen test needs its device id on the EU common list')
      } else {
        device = this.text(t, 'device', path)
        if (
          device !== undefined &&
          valueSetEntry(this.#valueSets['covid-19-lab-test-manufacturer-and-name'], device) === undefined
        ) {
          this.add(`${path}/device`, 'TEST_DEVICE_NOT_ON_EU_LIST', `device ${device} is not on the EU common list`)
        }
      }
    }
    const name = type === 'molecular' ? this.text(t, 'name', path, { optional: true }) : undefined
    const sampledAt = this.instant(t, 'sampledAt', path)
    const rawResult = this.text(t, 'result', path)
    if (rawResult !== undefined && rawResult !== 'negative' && rawResult !== 'positive') {
      this.add(`${path}/result`, 'FORMAT', 'result must be negative or positive')
    }
    const centre = this.text(t, 'centre', path, { optional: true })
    const country = this.country(t, path)
    if (type === undefined || sample === undefined || sampledAt === undefined || country === undefined) return undefined
    if (rawResult !== 'negative' && rawResult !== 'positive') return undefined
    return {
      type,
      sample,
      ...(circumstance === undefined || sample !== 'saliva' ? {} : { salivaCircumstance: circumstance }),
      ...(device === undefined ? {} : { device }),
      ...(name === undefined ? {} : { name }),
      sampledAt,
      result: rawResult,
      ...(centre === undefined ? {} : { centre }),
      country,
    }
  }

  private recovery(input: unknown, path: string): RecoveryEvent['recovery'] | undefined {
    const r = this.object(input, path)
    if (r === undefined) return undefined
    const firstPositive = this.date(r, 'firstPositive', path)
    const clearedOn = this.date(r, 'clearedOn', path)
    const country = this.country(r, path)
    if (firstPositive !== undefined && clearedOn !== undefined) {
      const fr = parseDate(firstPositive) as CalendarDay
      const cleared = parseDate(clearedOn) as CalendarDay
      if (cleared < fr) {
        this.add(`${path}/clearedOn`, 'DATE_ORDER', 'clearedOn cannot precede firstPositive')
      } else if (cleared > fr + RECOVERY_DAYS) {
        this.add(`${path}/clearedOn`, 'RECOVERY_TOO_LATE', `clearedOn is more than ${RECOVERY_DAYS} days after fr`)
      }
    }
    if (firstPositive === undefined || clearedOn === undefined || country === undefined) return undefined
    return { firstPositive, clearedOn, country }
  }

  private object(input: unknown, path: string): Record<string, unknown> | undefined {
    if (input === undefined) {
      this.add(path, 'REQUIRED', `${path || 'the event'} is required`)
      return undefined
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      this.add(path, 'NOT_AN_OBJECT', `${path || 'the event'} must be an object`)
      return undefined
    }
    return input as Record<string, unknown>
  }

  private text(
    object: Record<string, unknown>,
    key: string,
    path: string,
    options: { optional?: boolean; max?: number; pattern?: RegExp; what?: string } = {},
  ): string | undefined {
    const value = object[key]
    const at = `${path}/${key}`
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (options.optional !== true) this.add(at, 'REQUIRED', `${key} is required`)
      return undefined
    }
    if (typeof value !== 'string') {
      this.add(at, 'NOT_A_STRING', `${key} must be a string`)
      return undefined
    }
    const text = value.trim()
    const max = options.max ?? MAX_TEXT
    if (text.length > max) {
      this.add(at, 'TOO_LONG', `${key} is longer than ${max} characters`)
      return undefined
    }
    if (options.pattern !== undefined && !options.pattern.test(text)) {
      this.add(at, 'FORMAT', `${key} must be ${options.what ?? 'well formed'}`)
      return undefined
    }
    return text
  }

  private date(
    object: Record<string, unknown>,
    key: string,
    path: string,
    options: { future?: boolean } = {},
  ): string | undefined {
    const text = this.text(object, key, path, { pattern: /^\d{4}-\d{2}-\d{2}$/, what: 'a date YYYY-MM-DD' })
    if (text === undefined) return undefined
    const day = parseDate(text)
    if (day === undefined) {
      this.add(`${path}/${key}`, 'FORMAT', `${key} is not a calendar date`)
      return undefined
    }
    if (options.future !== true && day > this.#today) {
      this.add(`${path}/${key}`, 'DATE_IN_FUTURE', `${key} is after today (Europe/Rome)`)
      return undefined
    }
    return text
  }

  private instant(object: Record<string, unknown>, key: string, path: string): string | undefined {
    // RFC 3339 with an explicit offset: a sampling time without one would be read in an arbitrary zone.
    const text = this.text(object, key, path, {
      pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i,
      what: 'a date-time with an offset, e.g. 2021-12-28T10:15:00+01:00',
    })
    if (text === undefined) return undefined
    const time = parseInstant(text)
    if (time === undefined) {
      this.add(`${path}/${key}`, 'FORMAT', `${key} is not a valid date-time`)
      return undefined
    }
    if (time > this.#at.getTime()) {
      this.add(`${path}/${key}`, 'DATE_IN_FUTURE', `${key} is after the intake instant`)
      return undefined
    }
    return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z')
  }

  private coded(object: Record<string, unknown>, key: string, path: string, valueSet: ValueSetId): string | undefined {
    const code = this.text(object, key, path)
    if (code === undefined) return undefined
    if (valueSetEntry(this.#valueSets[valueSet], code) === undefined) {
      this.add(`${path}/${key}`, 'NOT_IN_VALUE_SET', `${code} is not in the value set ${valueSet}`)
      return undefined
    }
    return code
  }

  private country(object: Record<string, unknown>, path: string): string | undefined {
    if (object['country'] === undefined) return 'IT'
    return this.coded(object, 'country', path, 'country-2-codes')
  }

  private add(path: string, code: string, message: string): void {
    this.problems.push({ path, code, message })
  }
}
