/** The languages the certificate texts come in (issuance-and-io.md §2.3): IO's preferred-language codes map to these. */
export type CertificateLanguage = 'it' | 'en' | 'de'

const IO_LANGUAGES: Readonly<Record<string, CertificateLanguage>> = { it_IT: 'it', en_GB: 'en', de_DE: 'de' }

/**
 * The first recognised language of a citizen's list; English when none is (as IO's bridge does).
 *
 * @example certificateLanguage(['fr_FR', 'de_DE']) // 'de'
 */
export function certificateLanguage(preferred: readonly string[] | undefined): CertificateLanguage {
  for (const language of preferred ?? []) {
    const known = IO_LANGUAGES[language]
    if (known) return known
  }
  return 'en'
}
