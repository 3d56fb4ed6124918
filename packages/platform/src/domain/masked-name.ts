/**
 * The masked name the SMS and the email carry ("Certificazione verde COVID-19 di MA* R* disponibile"): enough for a
 * family sharing one phone to tell whose certificate it is, too little to identify anyone (issuance-and-io.md §4).
 */

/**
 * The first two letters of the given name, then `*`; a space; the first letter of the family name, then `*`.
 *
 * Decisions the seeds leave open:
 * - letters only count: spaces, apostrophes and hyphens are skipped (`D'Amico` → `D*`, `Anna Maria` → `AN*`);
 * - upper case (Italian locale), accents kept (`Élodie` → `ÉL*`): it is read by a person, not matched;
 * - a given name of one letter gives that letter (`A*`); an empty part is left out with its space (`R*`), and a
 *   person with neither gives `*`.
 *
 * @example maskName('Maria', 'Rossi') // 'MA* R*'
 * @example maskName('lu', "d'Alessio") // 'LU* D*'
 */
export function maskName(givenName: string, familyName: string): string {
  const given = letters(givenName).slice(0, 2).join('')
  const family = letters(familyName).slice(0, 1).join('')
  const parts = [given, family].filter((part) => part.length > 0).map((part) => `${part}*`)
  return parts.length === 0 ? '*' : parts.join(' ')
}

// Code points, so a letter outside the BMP or a precomposed accented letter is one letter.
function letters(name: string): string[] {
  return Array.from(name.normalize('NFC').toLocaleUpperCase('it')).filter((character) => /\p{L}/u.test(character))
}
