import type { Cwt } from './cwt.ts'
import type { Dsc } from './dsc/import.ts'
import { HcertError } from './errors.ts'

/**
 * Checks the certificate's time window at instant `at`: DSC.notBefore ≤ iat ≤ at ≤ exp ≤ DSC.notAfter (hcert spec
 * §2 and the conformance corpus). Too early → `CWT_NOT_YET_VALID`; too late, or a certificate outliving its DSC →
 * `CWT_EXPIRED`. Both claims are required.
 */
export function checkCwtValidity(cwt: Cwt, at: Date, dsc?: Pick<Dsc, 'notBefore' | 'notAfter'>): void {
  if (cwt.iat === undefined || cwt.exp === undefined) throw new HcertError('CWT', 'CWT lacks iat or exp')
  const now = at.getTime() / 1000
  if (cwt.iat > now) throw new HcertError('CWT_NOT_YET_VALID', `Issued at ${iso(cwt.iat)}, after ${at.toISOString()}`)
  if (now > cwt.exp) throw new HcertError('CWT_EXPIRED', `Expired at ${iso(cwt.exp)}`)
  if (dsc?.notBefore && cwt.iat < dsc.notBefore.getTime() / 1000) {
    throw new HcertError('CWT_NOT_YET_VALID', `Issued at ${iso(cwt.iat)}, before its DSC was valid`)
  }
  if (dsc?.notAfter && cwt.exp > dsc.notAfter.getTime() / 1000) {
    throw new HcertError('CWT_EXPIRED', `Expires at ${iso(cwt.exp)}, after its DSC's notAfter`)
  }
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString()
}
