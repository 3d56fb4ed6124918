/**
 * A certificate's data in readable form, in one language: the labels from the portal texts, value-set codes turned
 * into their names, dates as each language writes them (Europe/Rome for instants). The same rows fill the certificate
 * page and the PDF.
 */
import { type Dcc, VALUE_SETS, type ValueSetId, valueSetEntry } from '@greenpass/hcert'
import { formatDate, formatInstant, type Language } from './language.ts'
import { format, TEXTS } from './texts.ts'

export interface CertificateField {
  readonly label: string
  readonly value: string
}

/** The rows, in the order the IO detail texts use (issuance-and-io.md §2.3). */
export function certificateFields(dcc: Dcc, language: Language): CertificateField[] {
  const t = TEXTS[language]
  const name = [dcc.nam.fn ?? dcc.nam.fnt, dcc.nam.gn ?? dcc.nam.gnt].filter(Boolean).join(' ')
  const rows: [string, string | undefined][] = [
    [t.fieldName, name],
    [t.fieldDob, formatDate(dcc.dob, language)],
  ]
  const issuer = (is: string) => (/Ministero della Salute/i.test(is) ? t.issuerIT : is)
  const vaccination = dcc.v?.[0]
  const test = dcc.t?.[0]
  const recovery = dcc.r?.[0]
  if (vaccination) {
    rows.push(
      [t.fieldDisease, named('disease-agent-targeted', vaccination.tg)],
      [t.fieldVaccine, named('vaccines-covid-19-names', vaccination.mp)],
      [t.fieldVaccineType, named('sct-vaccines-covid-19', vaccination.vp)],
      [t.fieldManufacturer, named('vaccines-covid-19-auth-holders', vaccination.ma)],
      [t.fieldDose, format(t.fieldDoseValue, { dn: vaccination.dn, sd: vaccination.sd })],
      [t.fieldVaccinationDate, formatDate(vaccination.dt, language)],
      [t.fieldCountry, vaccination.co],
      [t.fieldIssuer, issuer(vaccination.is)],
      [t.fieldUvci, vaccination.ci],
    )
  } else if (test) {
    const sampled = new Date(test.sc)
    rows.push(
      [t.fieldDisease, named('disease-agent-targeted', test.tg)],
      [t.fieldTestType, named('covid-19-lab-test-type', test.tt)],
      [t.fieldTestName, test.nm],
      [
        t.fieldTestDevice,
        test.ma === undefined ? undefined : named('covid-19-lab-test-manufacturer-and-name', test.ma),
      ],
      [t.fieldSampledAt, Number.isNaN(sampled.getTime()) ? test.sc : formatInstant(sampled, language)],
      [t.fieldTestResult, named('covid-19-lab-result', test.tr)],
      [t.fieldTestCentre, test.tc],
      [t.fieldCountry, test.co],
      [t.fieldIssuer, issuer(test.is)],
      [t.fieldUvci, test.ci],
    )
  } else if (recovery) {
    rows.push(
      [t.fieldDisease, named('disease-agent-targeted', recovery.tg)],
      [t.fieldFirstPositive, formatDate(recovery.fr, language)],
      [t.fieldValidFrom, formatDate(recovery.df, language)],
      [t.fieldValidUntil, formatDate(recovery.du, language)],
      [t.fieldCountry, recovery.co],
      [t.fieldIssuer, issuer(recovery.is)],
      [t.fieldUvci, recovery.ci],
    )
  }
  return rows
    .filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '')
    .map(([label, value]) => ({
      label,
      value,
    }))
}

/** The kind's title (vaccination, test, recovery certificate). */
export function certificateKindTitle(dcc: Dcc, language: Language): string {
  const t = TEXTS[language]
  if (dcc.v?.length) return t.certificateKindVaccination
  if (dcc.t?.length) return t.certificateKindTest
  return t.certificateKindRecovery
}

/** A value-set code's (English) name, or the code itself when the set does not know it. */
function named(valueSet: ValueSetId, code: string): string {
  return valueSetEntry(VALUE_SETS[valueSet], code)?.display ?? code
}
