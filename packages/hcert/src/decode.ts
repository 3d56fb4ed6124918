import { decodeBase45 } from './base45.ts'
import { type CoseSign1, parseCoseSign1 } from './cose/parse.ts'
import { type Cwt, parseCwt } from './cwt.ts'
import { stripHc1Prefix } from './prefix.ts'
import { inflate } from './zlib.ts'

export interface DecodeOptions {
  /** Whether the `HC1:` prefix must be present (default true). */
  readonly requirePrefix?: boolean
}

/**
 * `HC1:` text → the COSE_Sign1 message it carries (prefix, Base45, zlib, COSE), without reading the payload.
 *
 * @example const message = decodeHc1ToCose(qrText)
 */
export function decodeHc1ToCose(text: string, options: DecodeOptions = {}): CoseSign1 {
  return parseCoseSign1(inflate(decodeBase45(stripHc1Prefix(text, options.requirePrefix ?? true))))
}

/** A decoded but not verified certificate. */
export interface DecodedHc1 {
  readonly cose: CoseSign1
  readonly cwt: Cwt
}

/**
 * Decodes an `HC1:` text down to its claims and DCC **without checking the signature**: for display and diagnostics
 * only. Anything a decision rests on must come from `verifyHc1`.
 *
 * @example decodeHc1(qrText).cwt.dcc.nam.fn
 */
export function decodeHc1(text: string, options: DecodeOptions = {}): DecodedHc1 {
  const cose = decodeHc1ToCose(text, options)
  return { cose, cwt: parseCwt(cose.payload) }
}
