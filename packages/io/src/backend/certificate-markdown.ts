import { type Dcc, type Recovery, type Test, VALUE_SETS, type Vaccination, valueSetEntry } from '@greenpass/hcert'
import type { ValueSetId } from '@greenpass/hcert'
import type { CertificateLanguage } from './language.ts'

/**
 * The texts IO shows with a certificate, built from the decoded DCC as IO's bridge builds them (issuance-and-io.md
 * §2.3): the header, the info markdown (name, date of birth, UVCI and a link that copies it) and the detail markdown
 * (every field, labelled, by certificate type), in Italian, English or German. Dates are Europe/Rome days.
 */
export interface HeaderInfo {
  readonly title: string
  readonly subtitle: string
  readonly logo_id: string
}

export const HEADER: Readonly<Record<CertificateLanguage, HeaderInfo>> = {
  it: { title: 'Certificazione verde COVID-19', subtitle: '', logo_id: 'greenpass' },
  en: { title: 'EU Digital COVID-19 Certificate', subtitle: '', logo_id: 'greenpass' },
  de: { title: 'Grünes COVID-19-Zertifikat', subtitle: '', logo_id: 'greenpass' },
}

type Labels = Record<
  | 'name'
  | 'dob'
  | 'uvci'
  | 'copy'
  | 'tg'
  | 'vp'
  | 'mp'
  | 'ma'
  | 'dose'
  | 'dt'
  | 'co'
  | 'is'
  | 'tt'
  | 'nm'
  | 'tma'
  | 'sc'
  | 'tr'
  | 'tc'
  | 'fr'
  | 'df'
  | 'du'
  | 'vTitle'
  | 'tTitle'
  | 'rTitle'
  | 'booster'
  | 'complete'
  | 'partial'
  | 'molecular'
  | 'rapid'
  | 'recovery'
  | 'recoveryBis'
  | 'travel'
  | 'pdf'
  | 'ministry',
  string
>

const LABELS: Readonly<Record<CertificateLanguage, Labels>> = {
  it: {
    name: 'Cognome e nome',
    dob: 'Data di nascita',
    uvci: 'Identificativo univoco del certificato',
    copy: "copia l'identificativo",
    tg: 'Malattia o agente bersaglio',
    vp: 'Tipo di vaccino',
    mp: 'Denominazione del vaccino',
    ma: 'Produttore o titolare AIC del vaccino',
    dose: 'Numero della dose / numero totale dosi',
    dt: 'Data della vaccinazione',
    co: 'Stato membro',
    is: 'Emesso da',
    tt: 'Tipo di test',
    nm: 'Nome del test',
    tma: 'Produttore del test',
    sc: 'Data e ora del prelievo',
    tr: 'Risultato del test',
    tc: 'Centro o struttura',
    fr: 'Data del primo test positivo',
    df: 'Certificato valido dal',
    du: 'Certificato valido fino al',
    vTitle: 'Certificato di vaccinazione',
    tTitle: 'Certificato di test',
    rTitle: 'Certificato di guarigione',
    booster:
      'Valida dalla data dell’ultima somministrazione senza necessità di ulteriori dosi; un nuovo QR code può essere emesso dopo 540 giorni.',
    complete: 'Valida 180 giorni (6 mesi) dalla data dell’ultima somministrazione.',
    partial: 'Valida dal 15° giorno successivo alla somministrazione fino alla data prevista per la dose successiva.',
    molecular: 'Valido 72 ore dall’ora del prelievo.',
    rapid: 'Valido 48 ore dall’ora del prelievo.',
    recovery: 'Valido nell’Unione europea fino alla data indicata; in Italia 180 giorni dalla data di inizio validità.',
    recoveryBis:
      'Guarigione dopo la vaccinazione: valida nell’UE fino alla data indicata, in Italia senza necessità di ulteriori dosi.',
    travel: 'Questo certificato non è un documento di viaggio. Informazioni sui viaggi: https://reopen.europa.eu',
    pdf: 'Per scaricare il certificato in formato PDF stampabile vai su www.dgc.gov.it',
    ministry: 'Ministero della Salute',
  },
  en: {
    name: 'Surname and name',
    dob: 'Date of birth',
    uvci: 'Unique certificate identifier',
    copy: 'copy the identifier',
    tg: 'Disease or agent targeted',
    vp: 'Vaccine or prophylaxis',
    mp: 'Vaccine medicinal product',
    ma: 'Vaccine marketing authorisation holder or manufacturer',
    dose: 'Number in a series of doses / overall number of doses',
    dt: 'Date of vaccination',
    co: 'Member State',
    is: 'Certificate issuer',
    tt: 'Type of test',
    nm: 'Test name',
    tma: 'Test manufacturer',
    sc: 'Date and time of the test sample collection',
    tr: 'Result of the test',
    tc: 'Testing centre or facility',
    fr: 'Date of first positive test result',
    df: 'Certificate valid from',
    du: 'Certificate valid until',
    vTitle: 'Vaccination certificate',
    tTitle: 'Test certificate',
    rTitle: 'Recovery certificate',
    booster:
      'Valid from the date of the last administration without further doses; a new QR code may be issued after 540 days.',
    complete: 'Valid 180 days (6 months) from the date of the last administration.',
    partial: 'Valid from the 15th day after administration up to the date of the next dose.',
    molecular: 'Valid 72 hours from the time of sampling.',
    rapid: 'Valid 48 hours from the time of sampling.',
    recovery: 'Valid in the European Union until the date shown; in Italy 180 days from the start of validity.',
    recoveryBis: 'Recovery after vaccination: valid in the EU until the date shown, in Italy without further doses.',
    travel: 'This certificate is not a travel document. Travel information: https://reopen.europa.eu',
    pdf: 'To download the certificate in printable PDF format go to www.dgc.gov.it',
    ministry: 'Ministry of Health',
  },
  de: {
    name: 'Nachname und Vorname',
    dob: 'Geburtsdatum',
    uvci: 'Eindeutige Zertifikatkennung',
    copy: 'Kennung kopieren',
    tg: 'Zielkrankheit oder -erreger',
    vp: 'Impfstoff oder Prophylaxe',
    mp: 'Impfstoffprodukt',
    ma: 'Zulassungsinhaber oder Hersteller des Impfstoffs',
    dose: 'Nummer der Dosis / Gesamtzahl der Dosen',
    dt: 'Datum der Impfung',
    co: 'Mitgliedstaat',
    is: 'Zertifikataussteller',
    tt: 'Art des Tests',
    nm: 'Testname',
    tma: 'Testhersteller',
    sc: 'Datum und Uhrzeit der Probenahme',
    tr: 'Testergebnis',
    tc: 'Testzentrum oder -einrichtung',
    fr: 'Datum des ersten positiven Testergebnisses',
    df: 'Zertifikat gültig ab',
    du: 'Zertifikat gültig bis',
    vTitle: 'Impfzertifikat',
    tTitle: 'Testzertifikat',
    rTitle: 'Genesungszertifikat',
    booster:
      'Gültig ab dem Datum der letzten Verabreichung ohne weitere Dosen; nach 540 Tagen kann ein neuer QR-Code ausgestellt werden.',
    complete: 'Gültig 180 Tage (6 Monate) ab dem Datum der letzten Verabreichung.',
    partial: 'Gültig ab dem 15. Tag nach der Verabreichung bis zum Datum der nächsten Dosis.',
    molecular: 'Gültig 72 Stunden ab dem Zeitpunkt der Probenahme.',
    rapid: 'Gültig 48 Stunden ab dem Zeitpunkt der Probenahme.',
    recovery: 'In der Europäischen Union gültig bis zum angegebenen Datum; in Italien 180 Tage ab Gültigkeitsbeginn.',
    recoveryBis:
      'Genesung nach der Impfung: in der EU gültig bis zum angegebenen Datum, in Italien ohne weitere Dosen.',
    travel: 'Dieses Zertifikat ist kein Reisedokument. Reiseinformationen: https://reopen.europa.eu',
    pdf: 'Um das Zertifikat als druckbares PDF herunterzuladen, besuchen Sie www.dgc.gov.it',
    ministry: 'Gesundheitsministerium',
  },
}

/** The UVCI of the certificate's (single) entry. */
export function uvciOf(dcc: Dcc): string | undefined {
  return (dcc.v?.[0] ?? dcc.t?.[0] ?? dcc.r?.[0])?.ci
}

/**
 * The info markdown: holder, date of birth, UVCI, and `iohandledlink://copy:<uvci>`, which the app turns into a copy
 * button.
 */
export function infoMarkdown(dcc: Dcc, language: CertificateLanguage, uvci: string | undefined): string {
  const l = LABELS[language]
  const name = [dcc.nam.fn ?? dcc.nam.fnt, dcc.nam.gn ?? dcc.nam.gnt].filter(Boolean).join(' ')
  const lines = [`${l.name}:`, `**${name}**`, '', `${l.dob}:`, `**${day(dcc.dob, language)}**`]
  if (uvci) lines.push('', `${l.uvci}:`, `**${uvci}**`, '', `[${l.copy}](iohandledlink://copy:${uvci})`)
  return lines.join('\n')
}

/** The detail markdown: the validity sentence of the certificate's type and every field with its label. */
export function detailMarkdown(dcc: Dcc, language: CertificateLanguage, fglTipoDgc?: string): string {
  const l = LABELS[language]
  const issuer = (is: string) => (/^Ministero della Salute$/i.test(is) || is === 'IT' ? l.ministry : is)
  const field = (label: string, value: string | undefined) => (value ? [`${label}:`, `**${value}**`, ''] : [])
  const body: string[] = []
  const v: Vaccination | undefined = dcc.v?.[0]
  const t: Test | undefined = dcc.t?.[0]
  const r: Recovery | undefined = dcc.r?.[0]
  if (v) {
    const booster = v.dn === 3 || (v.dn === 2 && v.sd === 1) || (v.dn === 4 && v.sd === 4)
    body.push(`# ${l.vTitle}`, '', booster ? l.booster : v.dn >= v.sd ? l.complete : l.partial, '')
    body.push(
      ...field(l.tg, label('disease-agent-targeted', v.tg)),
      ...field(l.vp, label('sct-vaccines-covid-19', v.vp)),
      ...field(l.mp, label('vaccines-covid-19-names', v.mp)),
      ...field(l.ma, label('vaccines-covid-19-auth-holders', v.ma)),
      ...field(l.dose, `${v.dn}/${v.sd}`),
      ...field(l.dt, day(v.dt, language)),
      ...field(l.co, v.co),
      ...field(l.is, issuer(v.is)),
      ...field(l.uvci, v.ci),
    )
  } else if (t) {
    body.push(`# ${l.tTitle}`, '', t.tt === 'LP6464-4' ? l.molecular : l.rapid, '')
    body.push(
      ...field(l.tg, label('disease-agent-targeted', t.tg)),
      ...field(l.tt, label('covid-19-lab-test-type', t.tt)),
      ...field(l.nm, t.nm),
      ...field(l.tma, t.ma ? label('covid-19-lab-test-manufacturer-and-name', t.ma) : undefined),
      ...field(l.sc, instant(t.sc, language)),
      ...field(l.tr, label('covid-19-lab-result', t.tr)),
      ...field(l.tc, t.tc),
      ...field(l.co, t.co),
      ...field(l.is, issuer(t.is)),
      ...field(l.uvci, t.ci),
    )
  } else if (r) {
    body.push(`# ${l.rTitle}`, '', fglTipoDgc === 'cbis' ? l.recoveryBis : l.recovery, '')
    body.push(
      ...field(l.tg, label('disease-agent-targeted', r.tg)),
      ...field(l.fr, day(r.fr, language)),
      ...field(l.co, r.co),
      ...field(l.is, issuer(r.is)),
      ...field(l.df, day(r.df, language)),
      ...field(l.du, day(r.du, language)),
      ...field(l.uvci, r.ci),
    )
  }
  body.push(l.travel, '', l.pdf)
  return body.join('\n')
}

function label(valueSet: ValueSetId, code: string): string {
  // An unknown code is shown as it is: the certificate is still the citizen's, only its label is missing.
  return valueSetEntry(VALUE_SETS[valueSet], code)?.display ?? code
}

/** A DCC date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, possibly with a time) as the language writes it. */
function day(value: string, language: CertificateLanguage): string {
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value)
  if (!match) return value
  const [, y, m, d] = match
  if (language !== 'it') return [y, m, d].filter(Boolean).join('-')
  return [d, m, y].filter(Boolean).join('-')
}

/** An instant as a Europe/Rome date and time in the language's order. */
function instant(value: string, language: CertificateLanguage): string {
  const at = new Date(value)
  if (Number.isNaN(at.getTime())) return value
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Rome',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>
  const date =
    language === 'it' ? `${parts.day}-${parts.month}-${parts.year}` : `${parts.year}-${parts.month}-${parts.day}`
  return `${date} ${parts.hour}:${parts.minute}`
}
