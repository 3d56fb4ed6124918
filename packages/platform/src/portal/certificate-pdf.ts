/**
 * The printable certificate: one A4 page with the QR code large enough to scan from paper (about 90 mm), the data in
 * the chosen language, the validity in Italy and the EU notice that the certificate is not a travel document.
 *
 * The QR is drawn from the stored `HC1:` by hcert's own renderer, the same that makes the PNG download, so both carry
 * byte-identical content.
 */
import type { Dcc } from '@greenpass/hcert'
import { renderQrPng } from '@greenpass/hcert'
import { PDFDocument, type PDFFont, rgb, StandardFonts } from 'pdf-lib'
import { certificateFields, certificateKindTitle } from './certificate-fields.ts'
import type { Language } from './language.ts'
import { TEXTS } from './texts.ts'

export interface CertificatePdfInput {
  readonly hc1: string
  readonly dcc: Dcc
  readonly language: Language
  /** Sentences about the validity in Italy, already in `language`. */
  readonly validity: readonly string[]
  /** The document's creation date (passed in: no clock is read here). */
  readonly at: Date
}

const A4: [number, number] = [595.28, 841.89]
const MARGIN = 50
const QR_SIDE = 255 // points: 90 mm
const INK = rgb(0.09, 0.2, 0.3)

/**
 * @example const pdf = await certificatePdf({ hc1, dcc, language: 'en', validity, at: now })
 */
export async function certificatePdf(input: CertificatePdfInput): Promise<Uint8Array> {
  const t = TEXTS[input.language]
  const document = await PDFDocument.create({ updateMetadata: false })
  const kind = certificateKindTitle(input.dcc, input.language)
  document.setTitle(`${t.pdfHeading} — ${kind}`)
  document.setLanguage(input.language)
  document.setProducer('greenpass')
  document.setCreator('greenpass citizen portal')
  document.setCreationDate(input.at)
  document.setModificationDate(input.at)

  const regular = await document.embedFont(StandardFonts.Helvetica)
  const bold = await document.embedFont(StandardFonts.HelveticaBold)
  const page = document.addPage(A4)
  const [width, height] = A4
  const textWidth = width - 2 * MARGIN
  let y = height - MARGIN

  const line = (text: string, font: PDFFont, size: number, x = MARGIN) => {
    y -= size * 1.3
    page.drawText(printable(text, font), { x, y, size, font, color: INK })
  }
  const centred = (text: string, font: PDFFont, size: number) => {
    const safe = printable(text, font)
    line(safe, font, size, (width - font.widthOfTextAtSize(safe, size)) / 2)
  }
  const paragraph = (text: string, font: PDFFont, size: number) => {
    for (const row of wrap(printable(text, font), font, size, textWidth)) line(row, font, size)
  }

  centred(t.pdfHeading, bold, 20)
  centred(t.pdfSubheading, regular, 11)
  y -= 6
  centred(kind, bold, 13)

  const qr = await document.embedPng(renderQrPng(input.hc1, { ecc: 'Q', scale: 8, margin: 4 }))
  y -= QR_SIDE + 12
  page.drawImage(qr, { x: (width - QR_SIDE) / 2, y, width: QR_SIDE, height: QR_SIDE })
  centred(t.pdfScanHint, regular, 9)
  y -= 10

  line(t.dataTitle, bold, 12)
  y -= 2
  for (const field of certificateFields(input.dcc, input.language)) {
    const label = printable(`${field.label}:`, bold)
    y -= 10 * 1.45
    page.drawText(label, { x: MARGIN, y, size: 10, font: bold, color: INK })
    const valueX = MARGIN + 190
    const rows = wrap(printable(field.value, regular), regular, 10, textWidth - 190)
    page.drawText(rows[0] ?? '', { x: valueX, y, size: 10, font: regular, color: INK })
    for (const row of rows.slice(1)) {
      y -= 10 * 1.3
      page.drawText(row, { x: valueX, y, size: 10, font: regular, color: INK })
    }
  }
  y -= 8
  line(t.validityTitle, bold, 12)
  for (const sentence of input.validity) paragraph(sentence, regular, 10)

  // The EU notice sits at the foot of the page, whatever the length of the data above.
  const notice = wrap(printable(t.pdfNotice, regular), regular, 8.5, textWidth)
  y = MARGIN + notice.length * 8.5 * 1.3
  for (const row of notice) line(row, regular, 8.5)

  return document.save({ useObjectStreams: false })
}

/** `text` split into rows no wider than `maxWidth` at `size`, at spaces (a word longer than a row stays whole). */
function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const rows: string[] = []
  let current = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = current === '' ? word : `${current} ${word}`
    if (current !== '' && font.widthOfTextAtSize(candidate, size) > maxWidth) {
      rows.push(current)
      current = word
    } else current = candidate
  }
  if (current !== '') rows.push(current)
  return rows
}

/**
 * `text` in characters the standard PDF fonts can draw (WinAnsi): letters outside it lose their diacritics (a Polish
 * "Ł" would otherwise stop the whole PDF), and anything still missing becomes "?".
 */
function printable(text: string, font: PDFFont): string {
  let out = ''
  for (const character of text) {
    if (canDraw(font, character)) out += character
    else {
      const base = STROKED[character] ?? character.normalize('NFD').replace(/\p{M}/gu, '')
      out += base !== '' && [...base].every((c) => canDraw(font, c)) ? base : '?'
    }
  }
  return out
}

// Letters with a stroke do not decompose into a base letter and a mark.
const STROKED: Readonly<Record<string, string>> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i' }

function canDraw(font: PDFFont, character: string): boolean {
  try {
    font.encodeText(character)
    return true
  } catch {
    return false
  }
}
