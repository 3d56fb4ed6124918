import {
  cborToJson,
  checkCwtValidity,
  createTrustStore,
  type Dsc,
  dccTypeOf,
  decodeBase45,
  decodeCbor,
  encodeCbor,
  findSigner,
  HC1_PREFIX,
  importDsc,
  inflate,
  isDccSchemaVersion,
  keyUsageAllows,
  parseCoseSign1,
  parseCwt,
  readQr,
  stripHc1Prefix,
  validateDccSchema,
  validateDccSchemaVersion,
} from '@greenpass/hcert'
import { parseInstant } from './instant.ts'
import { sameJson } from './same-json.ts'

/** A corpus file in the dgc-testdata "RAW content" format (hcert-format.md §12.3). */
export interface TestCase {
  JSON?: unknown
  CBOR?: string
  COSE?: string
  COMPRESSED?: string
  BASE45?: string
  PREFIX?: string
  '2DCODE'?: string
  TESTCTX?: { CERTIFICATE?: string; VALIDATIONCLOCK?: string; SCHEMA?: string }
  EXPECTEDRESULTS?: Record<string, unknown>
}

export interface StepContext {
  /** The instant used when a case has no VALIDATIONCLOCK. */
  readonly now: Date
}

/**
 * One conformance step: the fields it needs (absent → the flag is skipped) and the check, which returns whether the
 * step succeeded; a thrown error also means it did not.
 */
export interface Step {
  readonly needs: (testCase: TestCase) => string | undefined
  readonly run: (testCase: TestCase, context: StepContext) => boolean | Promise<boolean>
}

const hex = (text: string): Uint8Array => Buffer.from(text, 'hex')
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0

function missing(testCase: TestCase, ...fields: string[]): string | undefined {
  const absent = fields.filter((field) => {
    if (field === 'CERTIFICATE') return !testCase.TESTCTX?.CERTIFICATE
    const value = (testCase as Record<string, unknown>)[field]
    return value === undefined || value === null || value === ''
  })
  return absent.length ? `${absent.join(', ')} missing` : undefined
}

const dscOf = (testCase: TestCase): Dsc => importDsc(testCase.TESTCTX?.CERTIFICATE as string)
const coseOf = (testCase: TestCase) => parseCoseSign1(hex(testCase.COSE as string))
const dccOfCose = (testCase: TestCase) => parseCwt(coseOf(testCase).payload).dcc

/** The DCC held in the CBOR field, which carries either the DCC alone or the whole claims map (key -260). */
function dccOfCborField(testCase: TestCase): unknown {
  const item = decodeCbor(hex(testCase.CBOR as string))
  const hcert = item instanceof Map ? item.get(-260) : undefined
  return cborToJson(hcert instanceof Map ? (hcert.get(1) ?? null) : item)
}

/** The steps by flag, with the semantics hcert-format.md §12.4 gives a harness. */
export const STEPS: Readonly<Record<string, Step>> = {
  EXPECTEDPICTUREDECODE: {
    needs: (c) => missing(c, '2DCODE', 'PREFIX'),
    run: async (c) => (await readQr(Buffer.from(c['2DCODE'] as string, 'base64'))) === c.PREFIX,
  },
  EXPECTEDUNPREFIX: {
    needs: (c) => missing(c, 'BASE45', 'PREFIX'),
    run: (c) => (c.PREFIX as string).startsWith(HC1_PREFIX) && stripHc1Prefix(c.PREFIX as string) === c.BASE45,
  },
  EXPECTEDB45DECODE: {
    needs: (c) => missing(c, 'BASE45', 'COMPRESSED'),
    run: (c) => sameBytes(decodeBase45(c.BASE45 as string), hex(c.COMPRESSED as string)),
  },
  EXPECTEDCOMPRESSION: {
    needs: (c) => missing(c, 'COSE', 'COMPRESSED'),
    run: (c) => sameBytes(inflate(hex(c.COMPRESSED as string)), hex(c.COSE as string)),
  },
  EXPECTEDVERIFY: {
    needs: (c) => missing(c, 'COSE', 'CERTIFICATE'),
    // The kid must match the DSC's and the signature verify under its key: exactly the trust-store lookup.
    run: (c) => findSigner(coseOf(c), createTrustStore([dscOf(c)])) !== undefined,
  },
  EXPECTEDEXPIRATIONCHECK: {
    needs: (c) => missing(c, 'COSE', 'CERTIFICATE'),
    run: (c, context) => {
      const clockText = c.TESTCTX?.VALIDATIONCLOCK
      const clock = clockText ? parseInstant(clockText) : context.now
      if (!clock) throw new Error(`Unreadable VALIDATIONCLOCK ${clockText}`)
      checkCwtValidity(parseCwt(coseOf(c).payload), clock, dscOf(c))
      return true
    },
  },
  EXPECTEDKEYUSAGE: {
    needs: (c) => missing(c, 'COSE', 'CERTIFICATE'),
    run: (c) => {
      const type = dccTypeOf(dccOfCose(c))
      return type !== undefined && keyUsageAllows(dscOf(c).keyUsage, type)
    },
  },
  EXPECTEDDECODE: {
    needs: (c) =>
      missing(c, 'COSE') ?? (c.JSON === undefined && c.CBOR === undefined ? 'JSON and CBOR missing' : undefined),
    run: (c) => {
      const cose = coseOf(c)
      const dcc = parseCwt(cose.payload).dcc
      if (c.JSON !== undefined && !sameJson(dcc, c.JSON)) return false
      if (c.CBOR === undefined) return true
      const field = decodeCbor(hex(c.CBOR))
      if (field instanceof Map && field.has(-260))
        return sameJson(cborToJson(field), cborToJson(decodeCbor(cose.payload)))
      return sameJson(cborToJson(field), dcc)
    },
  },
  EXPECTEDVALIDJSON: {
    needs: (c) => missing(c, 'CBOR', 'JSON'),
    run: (c) => sameJson(dccOfCborField(c), c.JSON),
  },
  EXPECTEDSCHEMAVALIDATION: {
    needs: (c) => missing(c, 'COSE'),
    run: (c) => validateDccSchema(dccOfCose(c)).length === 0,
  },
  EXPECTEDVALIDOBJECT: {
    needs: (c) => missing(c, 'JSON'),
    run: (c) => {
      const version = c.TESTCTX?.SCHEMA
      const violations = isDccSchemaVersion(version)
        ? validateDccSchemaVersion(c.JSON, version)
        : validateDccSchema(c.JSON)
      return violations.length === 0
    },
  },
  EXPECTEDENCODE: {
    needs: (c) => missing(c, 'JSON', 'CBOR'),
    run: (c) => sameJson(cborToJson(decodeCbor(encodeCbor(c.JSON as never))), dccOfCborField(c)),
  },
}
