/**
 * `dccDateOfBirth` (specification "Extract date of birth"): the DCC `dob` field as a date-time, partial dates
 * included.
 *
 * The schema lets an issuer write only what it knows of a birth date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. A partial
 * date becomes the last day it can stand for (`1998` → 31 December 1998, `2004-02` → 29 February 2004), so the
 * holder is never taken for older than they can be: an age threshold ("at least 18") is met only once it is met for
 * every possible birthday.
 */
import { daysInMonth, fromUtcFields } from './date-time.ts'
import { CertLogicError } from './errors.ts'

const DOB = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/
// Schema versions before 1.3 let some issuers write a date-time into `dob`; the birth date is its date part.
const DOB_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{1,2}(?::?\d{2})?)?$/

/**
 * Midnight UTC of the birth date `dob` stands for, the last possible one for a partial date. Throws
 * `CertLogicError('CERTLOGIC_OPERAND')` for an empty or malformed `dob` and for dates not in the calendar.
 *
 * @example
 * dccDateOfBirth('1998-02-26').toISOString() // '1998-02-26T00:00:00.000Z'
 * dccDateOfBirth('2004-02').toISOString() // '2004-02-29T00:00:00.000Z'
 * dccDateOfBirth('1998').toISOString() // '1998-12-31T00:00:00.000Z'
 */
export function dccDateOfBirth(dob: string): Date {
  const match = DOB.exec(dob) ?? DOB_DATE_TIME.exec(dob)
  if (match === null) {
    throw new CertLogicError('CERTLOGIC_OPERAND', `not a DCC date of birth: ${JSON.stringify(dob)}`)
  }
  const year = Number(match[1])
  const month = match[2] === undefined ? 12 : Number(match[2])
  if (month < 1 || month > 12) throw new CertLogicError('CERTLOGIC_OPERAND', `not a calendar date: ${dob}`)
  const lastDay = daysInMonth(year, month)
  const day = match[3] === undefined ? lastDay : Number(match[3])
  if (day < 1 || day > lastDay) throw new CertLogicError('CERTLOGIC_OPERAND', `not a calendar date: ${dob}`)
  return fromUtcFields(year, month, day)
}
