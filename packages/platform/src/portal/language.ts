/** The portal's languages: Italian (default), English and German (the languages of the certificate texts). */
export const LANGUAGES = ['it', 'en', 'de'] as const

export type Language = (typeof LANGUAGES)[number]

export const DEFAULT_LANGUAGE: Language = 'it'

/** `value` when it names a portal language, otherwise undefined. */
export function parseLanguage(value: unknown): Language | undefined {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value) ? (value as Language) : undefined
}

/**
 * A calendar date (`YYYY-MM-DD`, or the partial `YYYY-MM`, `YYYY` a DCC date of birth may be) as each language writes
 * it on the certificate texts: Italian `DD-MM-YYYY`, English and German `YYYY-MM-DD` (as the IO certificate texts do).
 */
export function formatDate(day: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!match || language !== 'it') return day
  return `${match[3]}-${match[2]}-${match[1]}`
}

const ROME_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})
const ROME_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit' })

/** The Europe/Rome calendar day of an instant, `YYYY-MM-DD`. */
export function romeDate(at: Date): string {
  return ROME_DAY.format(at)
}

/** An instant as a Europe/Rome date and time (`DD-MM-YYYY HH:mm` in Italian, `YYYY-MM-DD HH:mm` otherwise). */
export function formatInstant(at: Date, language: Language): string {
  return `${formatDate(romeDate(at), language)} ${ROME_TIME.format(at)}`
}
