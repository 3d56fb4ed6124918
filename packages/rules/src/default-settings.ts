import type { SettingRow } from './settings.ts'

/**
 * A complete settings table with the values Italy served from April 2022 (italian-verification-rules.md §7.2), for
 * a platform that starts empty: every window key the rules read, the EMA list, an empty blacklist, the apps' minimum
 * versions and the Italian texts the apps display (§7.1–7.2). Operators edit the table afterwards; the rules never
 * fall back to these values on their own.
 */
/** Where the apps' FAQ links lead (the verification section of the national FAQ page). */
const FAQ_LINK = 'https://www.dgc.gov.it/web/faq.html#verifica19'

export const DEFAULT_SETTINGS: readonly SettingRow[] = Object.freeze([
  ...perProduct({
    'EU/1/20/1528': [15, 42, 0, 180],
    'EU/1/20/1507': [15, 42, 0, 180],
    'EU/1/21/1618': [15, 42, 0, 180],
    'EU/1/21/1529': [15, 84, 0, 180],
    Covishield: [15, 84, 0, 180],
    'R-COVI': [15, 84, 0, 180],
    'Covid-19-recombinant': [15, 84, 0, 180],
    'Sputnik-V': [15, 21, 0, 180],
    'EU/1/20/1525': [15, 180, 15, 180],
  }),
  ...generic({
    vaccine_start_day_complete_IT: 0,
    vaccine_end_day_complete_IT: 180,
    vaccine_start_day_booster_IT: 0,
    vaccine_end_day_booster_IT: 540,
    vaccine_start_day_complete_NOT_IT: 0,
    vaccine_end_day_complete_NOT_IT: 270,
    vaccine_start_day_booster_NOT_IT: 0,
    vaccine_end_day_booster_NOT_IT: 540,
    vaccine_end_day_complete_extended_EMA: 270,
    vaccine_end_day_complete_under_18: 540,
    vaccine_complete_under_18_offset: 0,
    vaccine_end_day_school: 120,
    recovery_cert_end_day_school: 120,
    recovery_cert_start_day: 0,
    recovery_cert_end_day: 180,
    recovery_cert_start_day_IT: 0,
    recovery_cert_end_day_IT: 180,
    recovery_cert_start_day_NOT_IT: 0,
    recovery_cert_end_day_NOT_IT: 180,
    recovery_pv_cert_start_day: 0,
    recovery_pv_cert_end_day: 540,
    rapid_test_start_hours: 0,
    rapid_test_end_hours: 48,
    molecular_test_start_hours: 0,
    molecular_test_end_hours: 72,
  }),
  {
    name: 'EMA_vaccines',
    type: 'GENERIC',
    value: 'EU/1/20/1525;EU/1/20/1507;EU/1/20/1528;EU/1/21/1529;Covishield;R-COVI;Covid-19-recombinant;EU/1/21/1618',
  },
  { name: 'black_list_uvci', type: 'black_list_uvci', value: '' },
  { name: 'DRL_SYNC_ACTIVE', type: 'GENERIC', value: 'true' },
  { name: 'MAX_RETRY', type: 'GENERIC', value: '1' },
  // The verifier apps refuse to run below these versions (type APP_MIN_VERSION, one row per platform).
  { name: 'android', type: 'APP_MIN_VERSION', value: '1.2.9' },
  { name: 'ios', type: 'APP_MIN_VERSION', value: '1.2.9' },
  ...italianTexts({
    '3G_scan_mode_description':
      'Verifica BASE: sono valide le certificazioni di vaccinazione, guarigione, test negativo ed esenzione.',
    '2G_scan_mode_description':
      'Verifica RAFFORZATA (non più in uso): erano valide le certificazioni di vaccinazione, guarigione ed esenzione.',
    booster_scan_mode_description:
      'Verifica VISITATORI RSA (non più in uso): erano valide la dose di richiamo, o il ciclo primario o la guarigione con un test negativo.',
    work_scan_mode_description:
      'Verifica LAVORO (non più in uso): dai 50 anni erano valide vaccinazione, guarigione ed esenzione; sotto i 50 anche il test negativo.',
    italy_entry_scan_mode_description:
      "Verifica INGRESSO IT (non più in uso): per l'ingresso in Italia dall'estero, secondo le regole europee di circolazione.",
    school_scan_mode_description:
      'Verifica SCUOLA (non più in uso): erano validi richiamo, esenzione, e ciclo primario o guarigione da meno di 120 giorni.',
    info_scan_mode_popup:
      '<p>La Certificazione verde COVID-19 si verifica in modalità <b>BASE</b>: sono valide vaccinazione, guarigione, test negativo ed esenzione.</p>',
    error_scan_mode_popup: '<p>Per procedere alla scansione scegli la tipologia di verifica: <b>BASE</b>.</p>',
    valid_faq_text: 'Che cosa attesta una Certificazione verde COVID-19 valida?',
    valid_faq_link: FAQ_LINK,
    not_valid_faq_text: 'Per quali motivi una certificazione non è valida?',
    not_valid_faq_link: FAQ_LINK,
    verification_needed_faq_text: 'Perché serve anche un test negativo?',
    verification_needed_faq_link: FAQ_LINK,
    not_valid_yet_faq_text: 'Da quando è valida una certificazione?',
    not_valid_yet_faq_link: FAQ_LINK,
    not_eu_dgc_faq_text: 'Quale QR code va inquadrato?',
    not_eu_dgc_faq_link: FAQ_LINK,
    privacy_policy_link: 'https://www.dgc.gov.it/web/',
  }),
])

function perProduct(table: Record<string, readonly [number, number, number, number]>): SettingRow[] {
  const names = [
    'vaccine_start_day_not_complete',
    'vaccine_end_day_not_complete',
    'vaccine_start_day_complete',
    'vaccine_end_day_complete',
  ]
  return Object.entries(table).flatMap(([product, values]) =>
    names.map((name, i) => ({ name, type: product, value: String(values[i]) })),
  )
}

function generic(table: Record<string, number>): SettingRow[] {
  return Object.entries(table).map(([name, value]) => ({ name, type: 'GENERIC', value: String(value) }))
}

/** UI texts the apps display as they come (type `IT`; popups are HTML). */
function italianTexts(table: Record<string, string>): SettingRow[] {
  return Object.entries(table).map(([name, value]) => ({ name, type: 'IT', value }))
}
