/**
 * Where a COVID-19 green certificate was required in Italy, and at which level, day by day: the dated table the
 * citizen portal shows and the verifier uses to choose its scan mode for an activity on a given day.
 *
 * Each row is one level for one activity over one period. An activity whose level changed over time has several rows
 * with the same `id` and non-overlapping periods; a day between two periods (or after the last one) needed no
 * certificate. Days are Europe/Rome calendar days, `from` and `until` inclusive.
 *
 * Sources: the decree-laws named in `legalBasis` (DL 52/2021 art. 9 and its later articles 9-bis … 9-septies, as
 * amended by DL 105/2021, 111/2021, 127/2021, 139/2021, 172/2021, 221/2021, 229/2021, 1/2022, 5/2022, 24/2022 and
 * 162/2022). Obligations to be vaccinated (health and school staff) are not in the table: they were checked against
 * the vaccination registries, not by scanning a certificate.
 */
import { parseDate } from './calendar.ts'
import { RulesError } from './errors.ts'
import { ScanMode } from './scan-mode.ts'

/** The families of activities the decrees grouped their lists into. */
export const ActivityCategory = Object.freeze({
  WORK: 'WORK',
  TRANSPORT: 'TRANSPORT',
  SCHOOL_UNIVERSITY: 'SCHOOL_UNIVERSITY',
  HEALTH_CARE: 'HEALTH_CARE',
  ACTIVITIES_SERVICES: 'ACTIVITIES_SERVICES',
})
export type ActivityCategory = (typeof ActivityCategory)[keyof typeof ActivityCategory]

/** A text in the portal's three languages. */
export interface LocalizedText {
  readonly it: string
  readonly en: string
  readonly de: string
}

/** One level required for one activity over one period. */
export interface CertificateRequirement {
  /** Stable identifier of the activity, e.g. `transport.long-distance`; shared by the rows of its successive levels. */
  readonly id: string
  readonly category: ActivityCategory
  readonly activity: LocalizedText
  /** BASE: vaccination, recovery or test; RAFFORZATA: vaccination or recovery; BOOSTER: booster, or both plus a test. */
  readonly level: 'BASE' | 'RAFFORZATA' | 'BOOSTER'
  /** The verifier mode that checks this level (BASE → 3G, RAFFORZATA → 2G or SCHOOL, BOOSTER → BOOSTER). */
  readonly mode: ScanMode
  /** First Europe/Rome day the rule applied, `YYYY-MM-DD`. */
  readonly from: string
  /** Last day it applied (inclusive), `YYYY-MM-DD`; null while open-ended. */
  readonly until: string | null
  readonly legalBasis: string
  readonly note?: LocalizedText
}

const BASE = { level: 'BASE', mode: ScanMode.BASE } as const
const RAFFORZATA = { level: 'RAFFORZATA', mode: ScanMode.STRENGTHENED } as const
const BOOSTER = { level: 'BOOSTER', mode: ScanMode.BOOSTER } as const

const WORKERS_UNDER_50: LocalizedText = {
  it: 'Luoghi di lavoro pubblici e privati (lavoratori sotto i 50 anni)',
  en: 'Public and private workplaces (workers under 50)',
  de: 'Öffentliche und private Arbeitsstätten (Beschäftigte unter 50 Jahren)',
}
const WORKERS_50_PLUS: LocalizedText = {
  it: 'Luoghi di lavoro pubblici e privati (lavoratori dai 50 anni)',
  en: 'Public and private workplaces (workers aged 50 and over)',
  de: 'Öffentliche und private Arbeitsstätten (Beschäftigte ab 50 Jahren)',
}
const LONG_DISTANCE: LocalizedText = {
  it: 'Aerei, treni a lunga percorrenza (Intercity, Alta Velocità), navi e traghetti, autobus interregionali e a noleggio',
  en: 'Planes, long-distance trains (Intercity, high speed), ships and ferries, interregional and chartered buses',
  de: 'Flugzeuge, Fernzüge (Intercity, Hochgeschwindigkeit), Schiffe und Fähren, überregionale Busse und Reisebusse',
}
const LOCAL_TRANSPORT: LocalizedText = {
  it: 'Trasporto pubblico locale e regionale (autobus, tram, metropolitane, treni regionali)',
  en: 'Local and regional public transport (buses, trams, underground, regional trains)',
  de: 'Öffentlicher Nah- und Regionalverkehr (Busse, Straßenbahnen, U-Bahnen, Regionalzüge)',
}
const SCHOOL_VISITORS: LocalizedText = {
  it: 'Accesso a scuole e università di chiunque non sia studente (personale, genitori, fornitori)',
  en: 'Entering schools and universities for anyone but pupils (staff, parents, suppliers)',
  de: 'Betreten von Schulen und Universitäten für alle außer Schülern (Personal, Eltern, Lieferanten)',
}
const UNIVERSITY_STUDENTS: LocalizedText = {
  it: 'Studenti universitari (lezioni ed esami in presenza)',
  en: 'University students (lectures and exams in person)',
  de: 'Studierende (Lehrveranstaltungen und Prüfungen in Präsenz)',
}
const SCHOOL_CASES: LocalizedText = {
  it: 'Studenti delle scuole secondarie in classi con casi positivi (didattica in presenza)',
  en: 'Secondary-school pupils in classes with positive cases (staying in class)',
  de: 'Schüler weiterführender Schulen in Klassen mit positiven Fällen (Präsenzunterricht)',
}
const CARE_HOME_VISITS: LocalizedText = {
  it: 'Visite a RSA, hospice e strutture residenziali socio-sanitarie',
  en: 'Visits to care homes (RSA), hospices and residential care facilities',
  de: 'Besuche in Pflegeheimen (RSA), Hospizen und stationären Pflegeeinrichtungen',
}
const HOSPITAL_WARD_VISITS: LocalizedText = {
  it: 'Visite e accompagnatori nei reparti di degenza e nelle sale d’attesa dei pronto soccorso',
  en: 'Visitors and companions in hospital wards and emergency waiting rooms',
  de: 'Besucher und Begleitpersonen auf Krankenstationen und in Notaufnahme-Wartebereichen',
}
const RESTAURANTS_INDOOR: LocalizedText = {
  it: 'Bar e ristoranti al chiuso (consumo al tavolo, poi anche al banco)',
  en: 'Bars and restaurants indoors (at tables, later also at the counter)',
  de: 'Bars und Restaurants in Innenräumen (am Tisch, später auch an der Theke)',
}
const RESTAURANTS_OUTDOOR: LocalizedText = {
  it: 'Bar e ristoranti all’aperto',
  en: 'Bars and restaurants outdoors',
  de: 'Bars und Restaurants im Freien',
}
const SHOWS_EVENTS: LocalizedText = {
  it: 'Spettacoli, cinema, teatri, concerti, musei, eventi e competizioni sportive al chiuso',
  en: 'Shows, cinemas, theatres, concerts, museums, indoor events and sports competitions',
  de: 'Aufführungen, Kinos, Theater, Konzerte, Museen, Veranstaltungen und Sportwettkämpfe in Innenräumen',
}
const GYMS_POOLS: LocalizedText = {
  it: 'Palestre, piscine, centri benessere e sport di squadra al chiuso',
  en: 'Gyms, swimming pools, spas and indoor team sports',
  de: 'Fitnessstudios, Schwimmbäder, Wellnesszentren und Mannschaftssport in Innenräumen',
}
const DISCOS: LocalizedText = {
  it: 'Discoteche e sale da ballo',
  en: 'Nightclubs and dance halls',
  de: 'Diskotheken und Tanzlokale',
}
const HOTELS: LocalizedText = {
  it: 'Alberghi e strutture ricettive',
  en: 'Hotels and other accommodation',
  de: 'Hotels und andere Beherbergungsbetriebe',
}
const FAIRS_CONGRESSES: LocalizedText = {
  it: 'Fiere, convegni e congressi; centri culturali, sociali e ricreativi; sale giochi, bingo e casinò',
  en: 'Fairs, conferences and congresses; cultural, social and leisure centres; gaming halls, bingo and casinos',
  de: 'Messen, Tagungen und Kongresse; Kultur-, Sozial- und Freizeitzentren; Spielhallen, Bingo und Kasinos',
}
const PERSONAL_SERVICES: LocalizedText = {
  it: 'Servizi alla persona (parrucchieri, barbieri, centri estetici)',
  en: 'Personal services (hairdressers, barbers, beauty salons)',
  de: 'Persönliche Dienstleistungen (Friseure, Barbiere, Kosmetikstudios)',
}
const OFFICES_BANKS_SHOPS: LocalizedText = {
  it: 'Uffici pubblici, poste, banche e servizi finanziari, negozi (esclusi quelli per esigenze essenziali)',
  en: 'Public offices, post offices, banks and financial services, shops (except those for essential needs)',
  de: 'Ämter, Postämter, Banken und Finanzdienste, Geschäfte (außer solchen für den Grundbedarf)',
}
const PUBLIC_COMPETITIONS: LocalizedText = {
  it: 'Concorsi pubblici',
  en: 'Public-sector recruitment exams',
  de: 'Öffentliche Auswahlverfahren',
}

const ROWS: CertificateRequirement[] = [
  // WORK: every worker from 15 October 2021 (DL 127/2021); from 15 February 2022 the over-50s needed the
  // rafforzato level (DL 1/2022: the verifier's WORK mode applied 2G from 50, 3G below), relaxed back to base from
  // 25 March 2022 (DL 24/2022, in force that day); no certificate at work from 1 May 2022.
  {
    id: 'work.under-50',
    category: ActivityCategory.WORK,
    activity: WORKERS_UNDER_50,
    ...BASE,
    from: '2021-10-15',
    until: '2022-04-30',
    legalBasis: 'DL 127/2021 artt. 1 e 3; DL 24/2022 art. 6',
  },
  {
    id: 'work.50-plus',
    category: ActivityCategory.WORK,
    activity: WORKERS_50_PLUS,
    ...BASE,
    from: '2021-10-15',
    until: '2022-02-14',
    legalBasis: 'DL 127/2021 artt. 1 e 3',
  },
  {
    id: 'work.50-plus',
    category: ActivityCategory.WORK,
    activity: WORKERS_50_PLUS,
    ...RAFFORZATA,
    from: '2022-02-15',
    until: '2022-03-24',
    legalBasis: 'DL 1/2022 art. 1',
    note: {
      it: 'Per chi aveva compiuto 50 anni era anche obbligatoria la vaccinazione (dall’8 gennaio 2022).',
      en: 'People aged 50 and over were also required to be vaccinated (from 8 January 2022).',
      de: 'Für Personen ab 50 Jahren galt zudem eine Impfpflicht (ab 8. Januar 2022).',
    },
  },
  {
    id: 'work.50-plus',
    category: ActivityCategory.WORK,
    activity: WORKERS_50_PLUS,
    ...BASE,
    from: '2022-03-25',
    until: '2022-04-30',
    legalBasis: 'DL 24/2022 art. 8',
  },

  // TRANSPORT: long-distance from 1 September 2021 (DL 111/2021), local public transport from 6 December 2021
  // (DL 172/2021); rafforzato for both from 10 January 2022 (DL 229/2021); base again in April 2022 (DL 24/2022).
  {
    id: 'transport.long-distance',
    category: ActivityCategory.TRANSPORT,
    activity: LONG_DISTANCE,
    ...BASE,
    from: '2021-09-01',
    until: '2022-01-09',
    legalBasis: 'DL 111/2021 art. 2',
    note: {
      it: 'Esclusi i collegamenti nello Stretto di Messina.',
      en: 'Except the ferries across the Strait of Messina.',
      de: 'Ausgenommen die Fähren über die Straße von Messina.',
    },
  },
  {
    id: 'transport.long-distance',
    category: ActivityCategory.TRANSPORT,
    activity: LONG_DISTANCE,
    ...RAFFORZATA,
    from: '2022-01-10',
    until: '2022-03-31',
    legalBasis: 'DL 229/2021 art. 1',
  },
  {
    id: 'transport.long-distance',
    category: ActivityCategory.TRANSPORT,
    activity: LONG_DISTANCE,
    ...BASE,
    from: '2022-04-01',
    until: '2022-04-30',
    legalBasis: 'DL 24/2022 art. 6',
    note: {
      it: 'Dal 1° maggio 2022 la certificazione non è più richiesta; la mascherina FFP2 è rimasta obbligatoria.',
      en: 'No certificate from 1 May 2022; FFP2 masks remained compulsory.',
      de: 'Ab 1. Mai 2022 kein Zertifikat mehr; FFP2-Masken blieben Pflicht.',
    },
  },
  {
    id: 'transport.local',
    category: ActivityCategory.TRANSPORT,
    activity: LOCAL_TRANSPORT,
    ...BASE,
    from: '2021-12-06',
    until: '2022-01-09',
    legalBasis: 'DL 172/2021 art. 5',
  },
  {
    id: 'transport.local',
    category: ActivityCategory.TRANSPORT,
    activity: LOCAL_TRANSPORT,
    ...RAFFORZATA,
    from: '2022-01-10',
    until: '2022-03-31',
    legalBasis: 'DL 229/2021 art. 1',
  },
  {
    id: 'transport.local',
    category: ActivityCategory.TRANSPORT,
    activity: LOCAL_TRANSPORT,
    ...BASE,
    from: '2022-04-01',
    until: '2022-04-30',
    legalBasis: 'DL 24/2022 art. 6',
  },

  // SCHOOL AND UNIVERSITY
  {
    id: 'school.visitors',
    category: ActivityCategory.SCHOOL_UNIVERSITY,
    activity: SCHOOL_VISITORS,
    ...BASE,
    from: '2021-09-11',
    until: '2022-03-31',
    legalBasis: 'DL 122/2021 art. 1 (DL 52/2021 art. 9-ter.1); DL 24/2022',
  },
  {
    id: 'university.students',
    category: ActivityCategory.SCHOOL_UNIVERSITY,
    activity: UNIVERSITY_STUDENTS,
    ...BASE,
    from: '2021-09-01',
    until: '2022-04-30',
    legalBasis: 'DL 111/2021 art. 1 (DL 52/2021 art. 9-ter); DL 24/2022 art. 9',
  },
  {
    // The verifier's SCHOOL mode: rafforzato with shorter windows (120 days from the end of the primary cycle or
    // from recovery), no tests.
    id: 'school.students-with-cases',
    category: ActivityCategory.SCHOOL_UNIVERSITY,
    activity: SCHOOL_CASES,
    level: 'RAFFORZATA',
    mode: ScanMode.SCHOOL,
    from: '2022-02-05',
    until: '2022-03-31',
    legalBasis: 'DL 5/2022 art. 6',
    note: {
      it: 'Ciclo primario concluso o guarigione da meno di 120 giorni, oppure dose di richiamo.',
      en: 'Primary cycle completed or recovered less than 120 days before, or a booster dose.',
      de: 'Grundimmunisierung oder Genesung vor weniger als 120 Tagen, oder eine Auffrischungsimpfung.',
    },
  },

  // HEALTH AND CARE: visits to care homes were the first use of the certificate and the last to end.
  {
    id: 'health.care-home-visits',
    category: ActivityCategory.HEALTH_CARE,
    activity: CARE_HOME_VISITS,
    ...BASE,
    from: '2021-06-01',
    until: '2021-12-29',
    legalBasis: 'DL 44/2021 art. 1-bis (L. 76/2021)',
  },
  {
    id: 'health.care-home-visits',
    category: ActivityCategory.HEALTH_CARE,
    activity: CARE_HOME_VISITS,
    ...BOOSTER,
    from: '2021-12-30',
    until: '2022-12-31',
    legalBasis: 'DL 221/2021 art. 7; DL 24/2022 art. 7; DL 162/2022 art. 7',
    note: {
      it: 'Dose di richiamo, oppure ciclo primario o guarigione insieme a un test negativo.',
      en: 'A booster dose, or a primary cycle or recovery together with a negative test.',
      de: 'Eine Auffrischungsimpfung, oder Grundimmunisierung oder Genesung zusammen mit einem negativen Test.',
    },
  },
  {
    id: 'health.hospital-visits',
    category: ActivityCategory.HEALTH_CARE,
    activity: HOSPITAL_WARD_VISITS,
    ...BASE,
    from: '2021-10-15',
    until: '2021-12-29',
    legalBasis: 'DL 52/2021 art. 2-bis (DL 127/2021)',
  },
  {
    id: 'health.hospital-visits',
    category: ActivityCategory.HEALTH_CARE,
    activity: HOSPITAL_WARD_VISITS,
    ...RAFFORZATA,
    from: '2021-12-30',
    until: '2022-12-31',
    legalBasis: 'DL 221/2021 art. 7; DL 24/2022 art. 7',
  },

  // ACTIVITIES AND SERVICES: base from 6 August 2021 (DL 105/2021); rafforzato for leisure from 6 December 2021
  // (DL 172/2021) and for most of the rest from 10 January 2022 (DL 229/2021); outdoor and minor services freed on
  // 1 April 2022, the rest on 1 May 2022 (DL 24/2022).
  {
    id: 'activities.restaurants-indoor',
    category: ActivityCategory.ACTIVITIES_SERVICES,
    activity: RESTAURANTS_INDOOR,
    ...BASE,
    from: '2021-08-06',
    until: '2021-12-05',
    legalBasis: 'DL 105/2021 art. 3 (DL 52/2021 art. 9-bis)',
  },
  {
    id: 'activities.restaurants-indoor',
    category: ActivityCategory.ACTIVITIES_SERVICES,
    activity: RESTAURANTS_INDOOR,
    ...RAFFORZATA,
    from: '2021-12-06',
    until: '2022-04-30',
    legalBasis: 'DL 172/2021 art. 5; DL 24/2022 art. 7',
  },
  {
    id: 'activities.restaurants-outdoor',
    category: ActivityCategory.ACTIVITIES_SERVICES,
    activity: RESTAURANTS_OUTDOOR,
    ...RAFFORZATA,
    from: '2022-01-10',
    until: '2022-03-31',
    legalBasis: 'DL 229/2021 art. 1',
  },
  {
    id: 'activities.shows-events',
    category: ActivityCategory.ACTIVITIES_SERVICES,
    activity: SHOWS_EVENTS,
    ...BASE,
    from: '2021-08-06',
    until: '2021-12-05',
    legalBasis: 'DL 105/2021 art. 3 (DL 52/2021 art. 9-bis)',
  },
  {
    id: 'activities.shows-events',
    category: ActivityCategory.ACTIVITIES_SERVICES,
    activity: SHOWS_EVENTS,
    ...RAFFORZATA,
    from: '2021-12-06',
    until: '2022-04-30',
    legalBasis: 'DL 172/2021 art. 5; DL 24/2022 art. 7',
  },
  {
    id: 'activities.gyms-pools',
    category: ActivityCategory.ACTIVITIES_SERVICES,
    activity: GYMS_POOLS,
    ...BASE,
    from: '2021-08-06',
    until: '2022-01-09',
    legalBasis: 'DL 105/2021 art. 3 (DL 52/2021 art. 9-bis)',
  },
  {
    id: 'activities.gyms-pools',
    category: ActivityCategory.ACTIVITIES_SERVICES,
    activity: GYMS_POOLS,
    ...RAFFORZATA,
    from: '2022-01-10',
    until: '2022-04-30',
    legalBasis: 'DL 229/2021 art. 1; DL 24/2022 art. 7',
  },
  {
    id: 'activities.discos',
    category: ActivityCategory.ACTIVITIES_SERVICES,
    activity: DISCOS,
    ...BASE,
    from: '2021-10-11',
    until: '2021-12-05',
    legalBasis: 'DL 139/2021 art. 1',
  },
  {
    id: 'activities.discos',
    category: ActivityCategory.ACTIVITIES_SERVICES,
    activity: DISCOS,
    ...RAFFORZATA,
    from: '2021-12-06',
    until: '2022-04-30',
    legalBasis: 'DL 172/2021 art. 5; DL 24/2022 art. 7',
    note: {
      it: 'Chiuse dal 25 dicembre 2021 al 10 febbraio 2022 (DL 221/2021 art. 6).',
      en: 'Closed from 25 December 2021 to 10 February 2022 (DL 221/2021 art. 6).',
      de: 'Vom 25. Dezember 2021 bis 10. Februar 2022 geschlossen (DL 221/2021 Art. 6).',
    },
  },
  {
    id: 'activities.hotels',
    category: ActivityCategory.ACTIVITIES_SERVICES,
    activity: HOTELS,
    ...BASE,
    from: '2021-12-06',
    until: '2022-01-09',
    legalBasis: 'DL 172/2021 art. 5',
  },
  {
    id: 'activities.hotels',
    category: ActivityCategory.ACTIVITIES_SERVICES,
    activity: HOTELS,
    ...RAFFORZATA,
    from: '2022-01-10',
    until: '2022-03-31',
    legalBasis: 'DL 229/2021 art. 1',
  },
  {
    id: 'activities.fairs-congresses',
    category: ActivityCategory.ACTIVITIES_SERVICES,
    activity: FAIRS_CONGRESSES,
    ...BASE,
    from: '2021-08-06',
    until: '2022-01-09',
    legalBasis: 'DL 105/2021 art. 3 (DL 52/2021 art. 9-bis)',
  },
  {
    id: 'activities.fairs-congresses',
    category: ActivityCategory.ACTIVITIES_SERVICES,
    activity: FAIRS_CONGRESSES,
    ...RAFFORZATA,
    from: '2022-01-10',
    until: '2022-04-30',
    legalBasis: 'DL 229/2021 art. 1; DL 24/2022 art. 7',
  },
  {
    id: 'activities.personal-services',
    category: ActivityCategory.ACTIVITIES_SERVICES,
    activity: PERSONAL_SERVICES,
    ...BASE,
    from: '2022-01-20',
    until: '2022-03-31',
    legalBasis: 'DL 1/2022 art. 3',
  },
  {
    id: 'activities.offices-banks-shops',
    category: ActivityCategory.ACTIVITIES_SERVICES,
    activity: OFFICES_BANKS_SHOPS,
    ...BASE,
    from: '2022-02-01',
    until: '2022-03-31',
    legalBasis: 'DL 1/2022 art. 3; DPCM 21 gennaio 2022',
    note: {
      it: 'Esclusi alimentari, farmacie, carburante e gli altri negozi per esigenze essenziali.',
      en: 'Except food shops, pharmacies, fuel and the other shops for essential needs.',
      de: 'Ausgenommen Lebensmittelgeschäfte, Apotheken, Tankstellen und andere Geschäfte des Grundbedarfs.',
    },
  },
  {
    id: 'activities.public-competitions',
    category: ActivityCategory.ACTIVITIES_SERVICES,
    activity: PUBLIC_COMPETITIONS,
    ...BASE,
    from: '2021-08-06',
    until: '2022-04-30',
    legalBasis: 'DL 105/2021 art. 3 (DL 52/2021 art. 9-bis); DL 24/2022 art. 6',
  },
]

/** The table, grouped by activity; within an activity, rows in date order. */
export const CERTIFICATE_REQUIREMENTS: readonly CertificateRequirement[] = Object.freeze(
  ROWS.map((row) => Object.freeze(row)),
)

/**
 * The rules in force on a Europe/Rome day (`YYYY-MM-DD`), in table order. A day that is not a `YYYY-MM-DD` date is
 * `RulesError('INSTANT_INVALID')`.
 *
 * @example requirementsOn('2022-02-01').map((rule) => rule.id) // ['work.under-50', 'work.50-plus', …]
 */
export function requirementsOn(day: string): CertificateRequirement[] {
  const checked = checkDay(day)
  // ISO dates compare correctly as strings.
  return CERTIFICATE_REQUIREMENTS.filter((row) => row.from <= checked && (row.until === null || checked <= row.until))
}

/**
 * The scan mode required for one activity on that day, or undefined when no certificate was required.
 *
 * @example requiredModeOn('transport.long-distance', '2022-01-10') // '2G'
 */
export function requiredModeOn(requirementId: string, day: string): ScanMode | undefined {
  return requirementsOn(day).find((row) => row.id === requirementId)?.mode
}

function checkDay(day: string): string {
  if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day) || parseDate(day) === undefined) {
    throw new RulesError('INSTANT_INVALID', `Not a YYYY-MM-DD day: ${JSON.stringify(day)}`)
  }
  return day
}
