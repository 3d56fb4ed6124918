import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { isHcertError } from '../src/errors.ts'
import {
  checkUvciShape,
  describeUvci,
  hasValidLuhnModN,
  italianUvciCheckDigit,
  luhnModNCheckCharacter,
  makeEuUvci,
  makeItalianUvci,
  parseUvci,
} from '../src/uvci.ts'

// The repository root is three levels up from packages/hcert/test; shared/ sits beside it.
const CORPUS = fileURLToPath(new URL('../../../../shared/testdata/dgc-testdata/', import.meta.url))

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:'
const ITALIAN_SHAPE = /^01IT[0-9A-F]{32}#[0-9]$/

const throwsUvci = (fn: () => unknown) => assert.throws(fn, (error: unknown) => isHcertError(error, 'UVCI'))

describe('Luhn mod N', () => {
  test('the worked examples of the guideline', () => {
    assert.equal(luhnModNCheckCharacter('URN:UVCI:01:NL:187/37512422923'), 'Z')
    assert.equal(hasValidLuhnModN('URN:UVCI:01:NL:187/37512422923#Z'), true)
    assert.equal(hasValidLuhnModN('URN:UVCI:01:SE:EHM/V12916227TFJJ#Q'), true)
    assert.equal(luhnModNCheckCharacter('URN:UVCI:01:SE:EHM/V12916227TFJJ'), 'Q')
  })

  test('real issuers whose check characters are Luhn mod N (DK, SM, FR, common)', () => {
    for (const uvci of [
      'URN:UVCI:01:DK:B986830007345F99AE898FB82C6C61F2#A',
      'URN:UVCI:01:SM:112#N',
      'URN:UVCI:01:FR:GGD81AAH16AZ#8',
      'URN:UVCI:01:AT:B5921A35D6A0D696421B3E2462178297#I',
    ]) {
      assert.equal(hasValidLuhnModN(uvci), true, uvci)
    }
  })

  test('rejects wrong, missing or malformed check characters without throwing', () => {
    assert.equal(hasValidLuhnModN('URN:UVCI:01:SE:EHM/V12916227TFJJ#R'), false)
    assert.equal(hasValidLuhnModN('URN:UVCI:01:SE:EHM/V12916227TFJJ'), false)
    assert.equal(hasValidLuhnModN('URN:UVCI:01:SE:EHM/V12916227TFJJ#QQ'), false)
    assert.equal(hasValidLuhnModN('URN:UVCI:01:SE:EHM/V12916227TFJJ#'), false)
    assert.equal(hasValidLuhnModN('urn:uvci:01:SE:EHM/V12916227TFJJ#Q'), false)
    assert.equal(hasValidLuhnModN('#A'), true) // the empty body: sum 0, check character A
    assert.equal(hasValidLuhnModN(''), false)
  })

  test('the check character needs the 38-character set', () => {
    throwsUvci(() => luhnModNCheckCharacter('urn:uvci:01'))
    throwsUvci(() => luhnModNCheckCharacter('URN:UVCI:01:IT:1#'))
    throwsUvci(() => luhnModNCheckCharacter('URN:UVCI:01:IT:Ä'))
  })

  test('detects every single-character substitution (property)', () => {
    const body = fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 1, maxLength: 40 })
    fc.assert(
      fc.property(body, fc.nat(), fc.integer({ min: 1, max: ALPHABET.length - 1 }), (text, at, shift) => {
        const uvci = `${text}#${luhnModNCheckCharacter(text)}`
        assert.equal(hasValidLuhnModN(uvci), true)
        const plain = text + luhnModNCheckCharacter(text)
        const position = at % plain.length
        const replaced = ALPHABET.charAt((ALPHABET.indexOf(plain.charAt(position)) + shift) % ALPHABET.length)
        const altered = plain.slice(0, position) + replaced + plain.slice(position + 1)
        assert.equal(hasValidLuhnModN(`${altered.slice(0, -1)}#${altered.slice(-1)}`), false, altered)
      }),
      { numRuns: 1000 },
    )
  })
})

describe('makeEuUvci', () => {
  test('the NL worked example', () => {
    assert.equal(
      makeEuUvci({ country: 'NL', issuer: '187', opaque: '37512422923' }),
      'URN:UVCI:01:NL:187/37512422923#Z',
    )
    assert.equal(
      makeEuUvci({ country: 'se', issuer: 'ehm', opaque: 'v12916227tfjj' }),
      'URN:UVCI:01:SE:EHM/V12916227TFJJ#Q',
    )
  })

  test('without an issuer', () => {
    const uvci = makeEuUvci({ country: 'IT', opaque: 'ABC123' })
    assert.match(uvci, /^URN:UVCI:01:IT:ABC123#[A-Z0-9/:]$/)
    assert.equal(hasValidLuhnModN(uvci), true)
  })

  test('refuses characters, countries and lengths outside the rules', () => {
    throwsUvci(() => makeEuUvci({ country: 'ITA', opaque: 'ABC' }))
    throwsUvci(() => makeEuUvci({ country: 'I1', opaque: 'ABC' }))
    throwsUvci(() => makeEuUvci({ country: 'IT', opaque: 'AB-C' }))
    throwsUvci(() => makeEuUvci({ country: 'IT', opaque: 'AB:C' }))
    throwsUvci(() => makeEuUvci({ country: 'IT', opaque: '' }))
    throwsUvci(() => makeEuUvci({ country: 'IT', opaque: 'A//B' }))
    throwsUvci(() => makeEuUvci({ country: 'IT', issuer: 'A#B', opaque: 'C' }))
    // `URN:UVCI:01:IT:` + opaque + `#X`: 63 characters of opaque make 80.
    throwsUvci(() => makeEuUvci({ country: 'IT', opaque: 'A'.repeat(64) }))
    assert.equal(makeEuUvci({ country: 'IT', opaque: 'A'.repeat(63) }).length, 80)
  })

  test('every generated UVCI validates and parses back (property)', () => {
    const component = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: 1 })
    const parts = fc.record(
      {
        country: fc.string({
          unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'),
          minLength: 2,
          maxLength: 2,
        }),
        issuer: fc.array(component, { minLength: 1, maxLength: 2 }).map((c) => c.join('/')),
        opaque: fc.array(component, { minLength: 1, maxLength: 3 }).map((c) => c.join('/')),
      },
      { requiredKeys: ['country', 'opaque'] },
    )
    fc.assert(
      fc.property(parts, (input) => {
        let uvci: string
        try {
          uvci = makeEuUvci(input)
        } catch (error) {
          // Only a result over 80 characters may be refused.
          assert.ok(isHcertError(error, 'UVCI'))
          assert.ok(`URN:UVCI:01:XX:${input.issuer ?? ''}/${input.opaque}#X`.length > 80)
          return
        }
        assert.equal(hasValidLuhnModN(uvci), true)
        const parsed = checkUvciShape(uvci, 'eu')
        assert.equal(parsed.country, input.country.toUpperCase())
        const payload = input.issuer === undefined ? input.opaque : `${input.issuer}/${input.opaque}`
        assert.equal(parsed.payload, payload.toUpperCase())
        assert.equal(parsed.checksum, 'valid')
        assert.deepEqual(describeUvci(uvci), {
          prefix: true,
          country: input.country.toUpperCase(),
          checksum: 'valid',
          italianShape: false,
        })
      }),
      { numRuns: 500 },
    )
  })
})

describe('makeItalianUvci', () => {
  test('01IT + 32 upper-case hex of the bytes + # + our Luhn-10 digit', () => {
    const bytes = Uint8Array.from({ length: 16 }, (_, i) => i * 17)
    const uvci = makeItalianUvci(bytes)
    assert.equal(uvci.slice(0, 37), '01IT00112233445566778899AABBCCDDEEFF#')
    assert.match(uvci, ITALIAN_SHAPE)
    assert.equal(uvci.slice(-1), italianUvciCheckDigit('01IT00112233445566778899AABBCCDDEEFF'))
  })

  test('the check digit is Luhn over the base-36 expansion (worked by hand)', () => {
    // 01IT + 32 zeros → digits 0 1 18 29 0…0; from the right, doubling the rightmost: 9→18→9, 2, 8→16→7, 1, 1→2.
    // Sum 21, check digit 9.
    assert.equal(italianUvciCheckDigit(`01IT${'0'.repeat(32)}`), '9')
    assert.equal(makeItalianUvci(new Uint8Array(16)), `01IT${'0'.repeat(32)}#9`)
    // Standard Luhn on a plain digit string: 7992739871 → 3.
    assert.equal(italianUvciCheckDigit('7992739871'), '3')
    throwsUvci(() => italianUvciCheckDigit('01it'))
  })

  test('refuses anything but 16 bytes', () => {
    for (const length of [0, 15, 17, 32]) throwsUvci(() => makeItalianUvci(new Uint8Array(length)))
  })

  test('always has the Italian shape and parses back (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const uvci = makeItalianUvci(bytes)
        assert.match(uvci, ITALIAN_SHAPE)
        const parsed = checkUvciShape(uvci, 'italian')
        assert.equal(parsed.random, Buffer.from(bytes).toString('hex').toUpperCase())
        assert.equal(parsed.checkDigit, italianUvciCheckDigit(`01IT${parsed.random}`))
        assert.deepEqual(describeUvci(uvci), {
          prefix: false,
          country: 'IT',
          checksum: 'unverifiable',
          italianShape: true,
        })
      }),
    )
  })
})

describe('parseUvci and checkUvciShape', () => {
  test('read the EU shape', () => {
    assert.deepEqual(parseUvci('URN:UVCI:01:NL:187/37512422923#Z'), {
      kind: 'eu',
      prefixed: true,
      version: '01',
      country: 'NL',
      payload: '187/37512422923',
      checkCharacter: 'Z',
      checksum: 'valid',
    })
    assert.deepEqual(parseUvci('01:AT:10807843F94AEE0EE5093FBC254BD813'), {
      kind: 'eu',
      prefixed: false,
      version: '01',
      country: 'AT',
      payload: '10807843F94AEE0EE5093FBC254BD813',
      checkCharacter: undefined,
      checksum: 'absent',
    })
    const finnish = parseUvci('URN:UVCI:01:FI:BS5E258GC587BNUV3E9E8E3FV#/')
    assert.equal(finnish.kind === 'eu' && finnish.checksum, 'invalid')
  })

  test('read the Italian shape', () => {
    assert.deepEqual(parseUvci('01ITE7300E1AB2A84C719004F103DCB1F70A#6'), {
      kind: 'italian',
      version: '01',
      country: 'IT',
      random: 'E7300E1AB2A84C719004F103DCB1F70A',
      checkDigit: '6',
    })
  })

  test('refuse other texts', () => {
    for (const text of [
      '',
      'urn:uvci:01:BG:UFR5PLGKU8WDSZK7#0',
      'URN:UVCI:01/PT/MS/TRC01234567890123456#1',
      '01ES10V778A77BC630DCE6AD3EEA#5',
      '01ITe7300e1ab2a84c719004f103dcb1f70a#6',
      '01ITE7300E1AB2A84C719004F103DCB1F70A',
      '01ITE7300E1AB2A84C719004F103DCB1F70A#A',
      'URN:UVCI:01:NL:187//3#Z',
    ]) {
      throwsUvci(() => parseUvci(text))
    }
  })

  test('checkUvciShape requires the shape asked for', () => {
    throwsUvci(() => checkUvciShape('01ITE7300E1AB2A84C719004F103DCB1F70A#6', 'eu'))
    throwsUvci(() => checkUvciShape('URN:UVCI:01:NL:187/37512422923#Z', 'italian'))
    // Our EU UVCIs always carry the prefix.
    throwsUvci(() => checkUvciShape('01:NL:187/37512422923#Z', 'eu'))
    assert.equal(checkUvciShape('URN:UVCI:01:NL:187/37512422923#Y', 'eu').checksum, 'invalid')
  })
})

describe('describeUvci', () => {
  test('describes without judging', () => {
    assert.deepEqual(describeUvci('urn:uvci:01:BG:UFR5PLGKU8WDSZK7#0'), {
      prefix: true,
      country: 'BG',
      checksum: 'invalid',
      italianShape: false,
    })
    assert.deepEqual(describeUvci('URN:UVCI:01/PT/MS/TRC01234567890123456#1'), {
      prefix: true,
      country: 'PT',
      checksum: 'invalid',
      italianShape: false,
    })
    assert.deepEqual(describeUvci('01ES10V778A77BC630DCE6AD3EEA#5'), {
      prefix: false,
      country: 'ES',
      checksum: 'invalid',
      italianShape: false,
    })
    assert.deepEqual(describeUvci('urn:uvci:01:NL:e616ea9bde374c98b2c1770faf70058d'), {
      prefix: true,
      country: 'NL',
      checksum: 'absent',
      italianShape: false,
    })
    assert.equal(describeUvci('dgci:V1:FR:ME8M4JGYO2UKFHKKMQO8KW9QP:36').country, 'FR')
    assert.deepEqual(describeUvci(''), { prefix: false, country: undefined, checksum: 'absent', italianShape: false })
    assert.deepEqual(describeUvci('hello#'), {
      prefix: false,
      country: undefined,
      checksum: 'invalid',
      italianShape: false,
    })
  })

  test('never throws (fuzz)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(...`${ALPHABET}#urnvci`) })), (text) => {
        const description = describeUvci(text)
        assert.equal(description.italianShape, ITALIAN_SHAPE.test(text))
      }),
      { numRuns: 1000 },
    )
  })

  test('every UVCI of the corpus is described, with the country of its folder', () => {
    if (!existsSync(CORPUS)) assert.fail(`shared test data missing at ${CORPUS}`)
    const uvcis: [folder: string, uvci: string][] = []
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir).sort()) {
        const path = join(dir, entry)
        if (statSync(path).isDirectory()) walk(path)
        else if (entry.endsWith('.json') && /\/2DCode\/raw\//i.test(path)) {
          const content = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as { JSON?: unknown }
          const folder = relative(CORPUS, path).split('/')[0] ?? ''
          for (const ci of collectCi(content.JSON)) uvcis.push([folder, ci])
        }
      }
    }
    walk(CORPUS)
    assert.ok(uvcis.length >= 460, `only ${uvcis.length} UVCIs found`)
    for (const [folder, uvci] of uvcis) {
      const description = describeUvci(uvci)
      if (folder !== 'common') assert.equal(description.country, folder, uvci)
      assert.equal(description.italianShape, folder === 'IT', uvci)
    }
    const italian = uvcis.filter(([folder]) => folder === 'IT').map(([, uvci]) => uvci)
    assert.ok(italian.includes('01ITE7300E1AB2A84C719004F103DCB1F70A#6'))
    assert.equal(italian.length, 4)
    for (const uvci of italian) {
      assert.match(uvci, ITALIAN_SHAPE)
      assert.equal(checkUvciShape(uvci, 'italian').country, 'IT')
      assert.equal(describeUvci(uvci).checksum, 'unverifiable')
    }
  })

  test('the Italian UVCIs of issuance-and-io.md §6.2 are Italian-shaped', () => {
    for (const uvci of [
      '01ITA65E2BD36C9E4900B0273D2E7C92EEB9#1',
      '01IT053059F7676042D9BEE9F874C4901F9B#3',
      '01ITE7300E1AB2A84C719004F103DCB1F70A#6',
    ]) {
      assert.equal(describeUvci(uvci).italianShape, true, uvci)
      assert.equal(parseUvci(uvci).kind, 'italian')
    }
  })
})

function collectCi(dcc: unknown): string[] {
  if (typeof dcc !== 'object' || dcc === null) return []
  const found: string[] = []
  for (const group of ['v', 't', 'r']) {
    const entries = (dcc as Record<string, unknown>)[group]
    if (!Array.isArray(entries)) continue
    for (const entry of entries) {
      const ci = (entry as Record<string, unknown> | null)?.ci
      if (typeof ci === 'string') found.push(ci)
    }
  }
  return found
}
