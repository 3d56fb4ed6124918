import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ActivityCategory } from '@greenpass/rules'
import { CodeType } from '../../src/domain/index.ts'
import { formatDate, LANGUAGES, parseLanguage } from '../../src/portal/language.ts'
import { format, TEXTS } from '../../src/portal/texts.ts'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('portal texts: it, en and de complete', () => {
  it('every key exists, non-empty, in every language, with the same placeholders', () => {
    const keys = Object.keys(TEXTS.it).sort()
    for (const language of LANGUAGES) {
      assert.deepEqual(Object.keys(TEXTS[language]).sort(), keys, language)
      for (const key of keys) {
        const text = TEXTS[language][key as keyof (typeof TEXTS)['it']]
        assert.ok(text.trim().length > 0, `${language}.${key}`)
        assert.deepEqual(
          placeholders(text),
          placeholders(TEXTS.it[key as keyof (typeof TEXTS)['it']]),
          `${language}.${key}`,
        )
      }
    }
  })

  it('names every code type, requirement category, level and status the pages look up', () => {
    const needed = [
      ...Object.values(CodeType).map((type) => `codeType${type}`),
      ...Object.values(ActivityCategory).map((category) => `category${category}`),
      ...['BASE', 'RAFFORZATA', 'BOOSTER'].map((level) => `level${level}`),
      ...['VALID', 'NOT_VALID_YET', 'EXPIRED', 'NOT_VALID', 'REVOKED', 'TEST_NEEDED', 'NOT_EU_DCC'].map(
        (s) => `status${s}`,
      ),
    ]
    for (const key of needed) assert.ok(key in TEXTS.it, key)
  })

  it('the PDF notice says, in each language, that the certificate is not a travel document', () => {
    assert.match(TEXTS.it.pdfNotice, /non è un documento di viaggio/)
    assert.match(TEXTS.en.pdfNotice, /not a travel document/)
    assert.match(TEXTS.de.pdfNotice, /kein Reisedokument/)
  })

  it('formats placeholders and dates', () => {
    assert.equal(format('{a} and {b} and {c}', { a: 1, b: 'x' }), '1 and x and {c}')
    assert.equal(formatDate('2022-01-10', 'it'), '10-01-2022')
    assert.equal(formatDate('2022-01-10', 'en'), '2022-01-10')
    assert.equal(formatDate('1980', 'it'), '1980')
    assert.equal(parseLanguage('de'), 'de')
    assert.equal(parseLanguage('fr'), undefined)
  })
})
