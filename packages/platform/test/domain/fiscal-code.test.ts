import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  decodeOmocodia,
  fiscalCodeProblems,
  hashFiscalCode,
  isDomainError,
  isFiscalCode,
  parseFiscalCode,
  sha256Hex,
} from '../../src/domain/index.ts'

describe('codice fiscale', () => {
  it('accepts the documented valid vectors, trimmed and upper-cased', () => {
    assert.equal(parseFiscalCode('RSSMRA85T10A562S'), 'RSSMRA85T10A562S')
    assert.equal(parseFiscalCode('PRVPRV25A01H501B'), 'PRVPRV25A01H501B')
    assert.equal(parseFiscalCode('  rssmra85t10a562s '), 'RSSMRA85T10A562S')
    // A woman: day + 40.
    assert.equal(isFiscalCode('BNCLRA70M55F205J'), true)
  })

  it('accepts omocodia substitutions, the check character computed on the code as written', () => {
    assert.equal(isFiscalCode('RSSMRA85T10A56NH'), true)
    assert.equal(isFiscalCode('RSSMRA85T1LA562V'), true)
    assert.equal(isFiscalCode('RSSMRAURTMLARSNL'), true)
    assert.equal(decodeOmocodia('RSSMRAURTMLARSNL'), 'RSSMRA85T10A562L')
  })

  it('refuses each kind of invalid code with its own problem code', () => {
    const cases: [unknown, string][] = [
      [42, 'FISCAL_CODE_TYPE'],
      ['RSSMRA85T10A562', 'FISCAL_CODE_LENGTH'],
      ['RSSMRA85T10A562SX', 'FISCAL_CODE_LENGTH'],
      ['RSSMRA85Z10A562S', 'FISCAL_CODE_SHAPE'], // Z is no month
      ['RSSMRA85T1AA562S', 'FISCAL_CODE_SHAPE'], // A is no omocodia letter
      ['RSSMRA85T35A562S', 'FISCAL_CODE_DAY'],
      ['RSSMRA85T00A562S', 'FISCAL_CODE_DAY'],
      ['SPNDNL80R13C555X', 'FISCAL_CODE_CHECK_CHARACTER'], // IO's documentation example
      ['RSSMRA85T10A562T', 'FISCAL_CODE_CHECK_CHARACTER'],
    ]
    for (const [input, code] of cases) {
      assert.deepEqual(
        fiscalCodeProblems(input).map((p) => p.code),
        [code],
        String(input),
      )
      assert.throws(
        () => parseFiscalCode(input),
        (error) => isDomainError(error, 'FISCAL_CODE_INVALID') && error.problems[0]?.code === code,
      )
    }
  })

  it('hashes deterministically, keyed by the pepper', () => {
    const cf = parseFiscalCode('RSSMRA85T10A562S')
    assert.equal(hashFiscalCode(cf, 'pepper-1'), hashFiscalCode(cf, 'pepper-1'))
    assert.notEqual(hashFiscalCode(cf, 'pepper-1'), hashFiscalCode(cf, 'pepper-2'))
    assert.match(hashFiscalCode(cf, 'pepper-1'), /^[0-9a-f]{64}$/)
    assert.throws(
      () => hashFiscalCode(cf, ''),
      (e) => isDomainError(e, 'PEPPER_INVALID'),
    )
  })

  it('gives the plain SHA-256 the IO bridge sends', () => {
    // sha256("abc"), FIPS 180-2 vector.
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })
})
