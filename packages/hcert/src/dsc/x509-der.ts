import { HcertError } from '../errors.ts'

/**
 * The few fields of an X.509 certificate a verifier needs, read from DER without a crypto library: the browser has
 * no `X509Certificate`, and a DSC's subject public key, validity and extended key usage are all it uses. Node keeps
 * using `X509Certificate` (`importDsc`); this reader serves the browser build (`importWebDsc`).
 */
export interface X509Fields {
  /** The DER SubjectPublicKeyInfo, as WebCrypto imports it (`spki`). */
  readonly spki: Uint8Array<ArrayBuffer>
  /** `ec` with its curve, or `rsa`. */
  readonly keyType: 'ec' | 'rsa'
  /** For `ec`: `P-256`, `P-384` or `P-521`. */
  readonly namedCurve: string | undefined
  readonly notBefore: Date
  readonly notAfter: Date
  /** The extended key usage OIDs; undefined when the extension is absent. */
  readonly extendedKeyUsage: readonly string[] | undefined
}

const SEQUENCE = 0x30
const OID = 0x06
const BIT_STRING = 0x03
const OCTET_STRING = 0x04
const UTC_TIME = 0x17
const GENERALIZED_TIME = 0x18
const VERSION_TAG = 0xa0
const EXTENSIONS_TAG = 0xa3
const EXTENDED_KEY_USAGE = '2.5.29.37'
const EC_PUBLIC_KEY = '1.2.840.10045.2.1'
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1'
const RSASSA_PSS = '1.2.840.113549.1.1.10'
const CURVES: Readonly<Record<string, string>> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
}

interface Element {
  readonly tag: number
  /** Offsets in the whole input: the element (header included) and its contents. */
  readonly start: number
  readonly contentStart: number
  readonly end: number
}

const bad = (why: string): HcertError => new HcertError('KEY', `Not an X.509 certificate: ${why}`)

/** The DER element at `at`, within `limit`. Only definite lengths (DER). */
function element(der: Uint8Array, at: number, limit: number): Element {
  if (at + 2 > limit) throw bad('truncated element')
  const tag = der[at] as number
  let length = der[at + 1] as number
  let contentStart = at + 2
  if (length & 0x80) {
    const bytes = length & 0x7f
    if (bytes === 0 || bytes > 4 || contentStart + bytes > limit) throw bad('invalid length')
    length = 0
    for (let i = 0; i < bytes; i++) length = length * 256 + (der[contentStart + i] as number)
    contentStart += bytes
  }
  const end = contentStart + length
  if (end > limit) throw bad('element runs past its container')
  return { tag, start: at, contentStart, end }
}

/** The elements inside a constructed element, in order. */
function children(der: Uint8Array, parent: Element): Element[] {
  const list: Element[] = []
  for (let at = parent.contentStart; at < parent.end;) {
    const child = element(der, at, parent.end)
    list.push(child)
    at = child.end
  }
  return list
}

function expect(item: Element | undefined, tag: number, what: string): Element {
  if (item?.tag !== tag) throw bad(`${what} missing`)
  return item
}

function oidText(der: Uint8Array, item: Element): string {
  const arcs: number[] = []
  let value = 0
  for (let i = item.contentStart; i < item.end; i++) {
    const byte = der[i] as number
    value = value * 128 + (byte & 0x7f)
    if (byte & 0x80) continue
    if (arcs.length === 0) arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80)
    else arcs.push(value)
    value = 0
  }
  return arcs.join('.')
}

function time(der: Uint8Array, item: Element | undefined): Date {
  if (item === undefined || (item.tag !== UTC_TIME && item.tag !== GENERALIZED_TIME)) throw bad('validity time')
  const text = new TextDecoder().decode(der.subarray(item.contentStart, item.end))
  const match = (
    item.tag === UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/
  ).exec(text)
  if (!match) throw bad(`validity time ${JSON.stringify(text)}`)
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number]
  // RFC 5280 §4.1.2.5.1: a two-digit year below 50 is 20YY.
  const year = item.tag === UTC_TIME ? (y < 50 ? 2000 + y : 1900 + y) : y
  return new Date(Date.UTC(year, mo - 1, d, h, mi, s))
}

/**
 * Reads the public key, validity and extended key usage of a DER certificate. Anything that is not a certificate
 * of that shape is a `KEY` error.
 *
 * @example readX509Fields(der).extendedKeyUsage // ['1.3.6.1.4.1.1847.2021.1.3']
 */
export function readX509Fields(der: Uint8Array): X509Fields {
  const certificate = expect(element(der, 0, der.length), SEQUENCE, 'Certificate')
  if (certificate.end !== der.length) throw bad('bytes after the certificate')
  const tbs = children(der, expect(children(der, certificate)[0], SEQUENCE, 'TBSCertificate'))
  // version [0] is optional; then serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo.
  const fields = tbs[0]?.tag === VERSION_TAG ? tbs.slice(1) : tbs
  const validity = children(der, expect(fields[3], SEQUENCE, 'validity'))
  const spkiElement = expect(fields[5], SEQUENCE, 'subjectPublicKeyInfo')
  const [algorithm, key] = children(der, spkiElement)
  expect(key, BIT_STRING, 'subjectPublicKey')
  const [algorithmOid, parameters] = children(der, expect(algorithm, SEQUENCE, 'key algorithm'))
  const keyOid = oidText(der, expect(algorithmOid, OID, 'key algorithm OID'))
  let keyType: 'ec' | 'rsa'
  let namedCurve: string | undefined
  if (keyOid === EC_PUBLIC_KEY) {
    keyType = 'ec'
    namedCurve = CURVES[oidText(der, expect(parameters, OID, 'named curve'))]
    if (namedCurve === undefined) throw bad('unsupported elliptic curve')
  } else if (keyOid === RSA_ENCRYPTION || keyOid === RSASSA_PSS) keyType = 'rsa'
  else throw bad(`unsupported key algorithm ${keyOid}`)

  let extendedKeyUsage: string[] | undefined
  const extensions = fields.find((item) => item.tag === EXTENSIONS_TAG)
  if (extensions) {
    const list = expect(children(der, extensions)[0], SEQUENCE, 'extensions')
    for (const extension of children(der, list)) {
      const parts = children(der, extension)
      if (oidText(der, expect(parts[0], OID, 'extension id')) !== EXTENDED_KEY_USAGE) continue
      const value = expect(parts[parts.length - 1], OCTET_STRING, 'extension value')
      const usages = expect(element(der, value.contentStart, value.end), SEQUENCE, 'extended key usage')
      extendedKeyUsage = children(der, usages).map((oid) => oidText(der, expect(oid, OID, 'key purpose')))
    }
  }
  return {
    spki: der.slice(spkiElement.start, spkiElement.end),
    keyType,
    namedCurve,
    notBefore: time(der, validity[0]),
    notAfter: time(der, validity[1]),
    extendedKeyUsage,
  }
}
