/**
 * Names as the DCC standardises them (`fnt`, `gnt`: `^[A-Z<]*$`, ICAO Doc 9303 Part 3; hcert-format.md §9.2).
 */

// The ICAO transliterations that are not "drop the accent".
const SPECIAL: Readonly<Record<string, string>> = {
  ß: 'SS',
  Æ: 'AE',
  Ø: 'OE',
  Œ: 'OE',
  Þ: 'TH',
  Đ: 'D',
  Ł: 'L',
  Ħ: 'H',
}

/**
 * The ICAO-standardised form of a name, at most 80 characters: upper case, accents dropped, `Ä Ö Ü` as `AE OE UE`,
 * spaces and hyphens as `<`, apostrophes and every other character dropped.
 *
 * @example standardiseName("D'Alessio Bianchi") // 'DALESSIO<BIANCHI'
 * @example standardiseName('Müller-Lüdenscheidt') // 'MUELLER<LUEDENSCHEIDT'
 */
export function standardiseName(name: string): string {
  let result = ''
  for (const character of name.trim().toUpperCase()) {
    if (character === 'Ä' || character === 'Ö' || character === 'Ü') {
      result += `${character.normalize('NFD').charAt(0)}E`
    } else if (SPECIAL[character] !== undefined) {
      result += SPECIAL[character]
    } else if (/[\s-]/.test(character)) {
      // Runs of separators collapse into one filler.
      if (!result.endsWith('<') && result.length > 0) result += '<'
    } else {
      result += character.normalize('NFD').replace(/[^A-Z]/g, '')
    }
  }
  return result.replace(/<+$/, '').slice(0, 80)
}
