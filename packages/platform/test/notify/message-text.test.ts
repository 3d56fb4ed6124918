import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { emailText, smsText } from '../../src/notify/index.ts'

const NOTICE = {
  maskedName: 'MA* R*',
  codeType: 'CUN',
  code: '9988776655',
  portalUrl: 'https://www.dgc.example/',
} as const

describe('notification texts', () => {
  it('say whose certificate, the code type and code, and where to use it, in two SMS segments at most', () => {
    for (const text of [smsText(NOTICE), smsText(NOTICE, 'en')]) {
      assert.match(text, /MA\* R\*/)
      assert.match(text, /CUN 9988776655/)
      assert.match(text, /https:\/\/www\.dgc\.example\//)
      assert.match(text, /IO/)
      // "È" is outside GSM-7, so the Italian SMS is UCS-2: 2 segments hold 134 characters.
      assert.ok(text.length <= 134, `${text.length} characters`)
    }
  })

  it('make a bilingual email naming the code', () => {
    const { subject, text } = emailText({ ...NOTICE, codeType: 'AUTHCODE' })
    assert.match(subject, /MA\* R\*/)
    assert.match(text, /codice di autorizzazione \(vaccinazione\): AUTHCODE 9988776655/)
    assert.match(text, /authorisation code \(vaccination\): AUTHCODE 9988776655/)
    assert.match(text, /app IO/)
  })
})
