import type { SettingRow } from './settings.ts'

/**
 * A complete settings table with the values Italy served from April 2022 (italian-verification-rules.md §7.2), for
 * a platform that starts empty: every window key the rules read, the EMA list, an empty blacklist. Operators edit
 * the table afterwards; the rules never fall back to these values on their own.
 */
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
