import { type CborMap, CborTag, type CborValue, decodeCbor } from '../cbor.ts'
import { HcertError } from '../errors.ts'

/** A COSE_Sign1 message as received: the exact protected-header bytes are kept, since they are what was signed. */
export interface CoseSign1 {
  readonly protectedBytes: Uint8Array
  readonly protectedHeader: CborMap
  readonly unprotectedHeader: CborMap
  readonly payload: Uint8Array
  readonly signature: Uint8Array
  /** `alg` (label 1) from the protected header, else from the unprotected one. */
  readonly alg: number | undefined
  /** `kid` (label 4) from the protected header, else from the unprotected one — never mixed. */
  readonly kid: Uint8Array | undefined
}

const COSE_SIGN1_TAG = 18
const CWT_TAG = 61
const ALG = 1
const KID = 4

/**
 * Parses a COSE_Sign1 message. Accepts the three forms issuers emit: tag 18, `61(18(…))`, and an untagged array.
 * CBOR that is not a COSE_Sign1 is a `COSE` error; malformed CBOR is a `CBOR` error.
 */
export function parseCoseSign1(bytes: Uint8Array): CoseSign1 {
  let item: CborValue = decodeCbor(bytes)
  if (item instanceof CborTag && item.tag === CWT_TAG) item = item.value
  if (item instanceof CborTag && item.tag === COSE_SIGN1_TAG) item = item.value
  if (item instanceof CborTag) throw new HcertError('COSE', `CBOR tag ${item.tag} is not a COSE_Sign1`)
  if (!Array.isArray(item) || item.length !== 4) throw new HcertError('COSE', 'COSE_Sign1 must be an array of 4 items')
  const [protectedBytes, unprotectedHeader, payload, signature] = item
  if (!(protectedBytes instanceof Uint8Array))
    throw new HcertError('COSE', 'COSE protected header is not a byte string')
  if (!(unprotectedHeader instanceof Map)) throw new HcertError('COSE', 'COSE unprotected header is not a map')
  if (!(payload instanceof Uint8Array)) throw new HcertError('COSE', 'COSE payload is missing or not a byte string')
  if (!(signature instanceof Uint8Array)) throw new HcertError('COSE', 'COSE signature is not a byte string')
  const protectedHeader = protectedBytes.length === 0 ? new Map() : decodeCbor(protectedBytes)
  if (!(protectedHeader instanceof Map)) throw new HcertError('COSE', 'COSE protected header is not a map')

  const alg = protectedHeader.has(ALG) ? protectedHeader.get(ALG) : unprotectedHeader.get(ALG)
  if (alg !== undefined && typeof alg !== 'number') throw new HcertError('COSE', 'COSE alg is not an integer')
  const kid = protectedHeader.has(KID) ? protectedHeader.get(KID) : unprotectedHeader.get(KID)
  if (kid !== undefined && !(kid instanceof Uint8Array)) throw new HcertError('COSE', 'COSE kid is not a byte string')
  return { protectedBytes, protectedHeader, unprotectedHeader, payload, signature, alg, kid }
}
