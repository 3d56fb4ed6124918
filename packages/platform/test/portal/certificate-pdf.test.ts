import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, it } from 'node:test'
import { exampleVaccinationDcc } from '@greenpass/hcert'
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { certificatePdf } from '../../src/portal/certificate-pdf.ts'

const STANDARD_FONTS = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`
const AT = new Date('2026-03-01T10:00:00Z')
const HC1 = `HC1:${'6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N'.repeat(12)}`

async function pageText(bytes: Uint8Array): Promise<string> {
  const document = await getDocument({ data: bytes.slice(), standardFontDataUrl: STANDARD_FONTS }).promise
  const content = await (await document.getPage(1)).getTextContent()
  await document.destroy()
  return content.items.map((item) => ('str' in item ? item.str : '')).join(' ')
}

describe('certificate PDF (pdf-lib), read back with pdf-lib and pdf.js', () => {
  it('one A4 page with metadata, a large QR image, the data in the language, the validity and the EU notice', async () => {
    const dcc = exampleVaccinationDcc()
    const bytes = await certificatePdf({
      hc1: HC1,
      dcc,
      language: 'de',
      validity: ['Basiszertifikat: gültig.'],
      at: AT,
    })
    const document = await PDFDocument.load(bytes, { updateMetadata: false })
    assert.equal(document.getPageCount(), 1)
    const { width, height } = document.getPage(0).getSize()
    assert.deepEqual([Math.round(width), Math.round(height)], [595, 842])
    assert.equal(document.getTitle(), 'Grünes COVID-19-Zertifikat — Impfzertifikat')
    assert.equal(document.getCreationDate()?.toISOString(), AT.toISOString())
    const images = document.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter(
        (object) => object instanceof PDFRawStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'),
      )
    assert.equal(images.length, 1, 'the QR code')

    const text = await pageText(bytes)
    assert.match(text, /Grünes COVID-19-Zertifikat/)
    assert.match(text, /Rossi Maria Lucia/)
    assert.match(text, /Dosis:\s+2 von 2/)
    assert.match(text, /Basiszertifikat: gültig\./)
    assert.match(text, /kein Reisedokument/)
    assert.match(text, new RegExp(dcc.v?.[0]?.ci.replace(/[#]/g, '.') ?? 'none'))
  })

  it('draws names outside the PDF fonts\u2019 character set without failing', async () => {
    const dcc = exampleVaccinationDcc({ nam: { fn: 'Łukasiewicz', fnt: 'LUKASIEWICZ', gn: 'Zoë 李', gnt: 'ZOE' } })
    const bytes = await certificatePdf({ hc1: HC1, dcc, language: 'it', validity: [], at: AT })
    const text = await pageText(bytes)
    assert.match(text, /Lukasiewicz Zoë \?/)
    assert.match(text, /non è un documento di viaggio/)
  })
})
