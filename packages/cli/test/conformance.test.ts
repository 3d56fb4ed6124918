import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { runConformance } from '../src/commands/conformance.ts'
import { parseInstant } from '../src/conformance/instant.ts'

const CORPUS = fileURLToPath(new URL('../../../../shared/testdata/dgc-testdata', import.meta.url))
const CLI = fileURLToPath(new URL('../bin/greenpass.js', import.meta.url))

function corpus(): string {
  if (!existsSync(CORPUS))
    throw new Error(`The shared test data is missing at ${CORPUS}: put shared/ beside the repository`)
  return CORPUS
}

async function run(root: string, json = false): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = []
  const code = await runConformance(root, json, (line) => lines.push(line))
  return { code, lines }
}

describe('greenpass conformance', () => {
  it('passes the whole public corpus with 0 failures', async () => {
    const { code, lines } = await run(corpus())
    const last = lines.at(-1) ?? ''
    assert.match(last, /^\d+ passed, 0 failed$/, lines.filter((l) => l.startsWith('FAIL')).join('\n'))
    assert.equal(code, 0)
    // Every runnable flag of the 495 files (hcert-format.md §12.5) is exercised, not skipped.
    assert.ok(Number(last.split(' ')[0]) >= 4300, last)
    assert.match(lines.at(-2) ?? '', /^495 files, /)
  })

  it('fails, names the file and flag, and exits 1 when a flag does not hold — in a layout it has never seen', async () => {
    const root = mkdtempSync(join(tmpdir(), 'conformance-'))
    const source = JSON.parse(readFileSync(join(corpus(), 'IT/2DCode/raw/1.json'), 'utf8'))
    mkdirSync(join(root, 'XX/9.9.9/2DCode/Raw'), { recursive: true })
    mkdirSync(join(root, 'YY/2DCode/raw'), { recursive: true })
    const wrong = { ...source, EXPECTEDRESULTS: { ...source.EXPECTEDRESULTS, EXPECTEDVERIFY: false } }
    writeFileSync(join(root, 'XX/9.9.9/2DCode/Raw/case.json'), `\uFEFF${JSON.stringify(wrong)}`)
    writeFileSync(join(root, 'YY/2DCode/raw/good.json'), JSON.stringify(source))
    writeFileSync(join(root, 'YY/not-a-test.json'), '{}')
    const { code, lines } = await run(root)
    assert.equal(code, 1)
    assert.deepEqual(
      lines.filter((l) => l.startsWith('FAIL')),
      ['FAIL XX/9.9.9/2DCode/Raw/case.json EXPECTEDVERIFY: expected false, got true'],
    )
    assert.match(lines.at(-2) ?? '', /^2 files, /)
    assert.match(lines.at(-1) ?? '', /^\d+ passed, 1 failed$/)
  })

  it('prints one JSON object per file, then the summary, with --json', async () => {
    const root = mkdtempSync(join(tmpdir(), 'conformance-'))
    mkdirSync(join(root, 'ZZ/2DCode/raw'), { recursive: true })
    const source = readFileSync(join(corpus(), 'common/2DCode/raw/CO5.json'), 'utf8')
    writeFileSync(join(root, 'ZZ/2DCode/raw/CO5.json'), source)
    const { code, lines } = await run(root, true)
    assert.equal(code, 0)
    const [file, summary] = lines.map((l) => JSON.parse(l))
    assert.equal(file.file, 'ZZ/2DCode/raw/CO5.json')
    assert.deepEqual(file.results.EXPECTEDVERIFY, {
      expected: false,
      actual: false,
      outcome: 'passed',
      detail: 'SIGNATURE: The signature does not verify with any DSC of its kid',
    })
    assert.equal(summary.summary.failed, 0)
    assert.equal(summary.summary.files, 1)
  })

  it('refuses a folder without test files (exit 2) instead of passing vacuously', async () => {
    assert.equal((await run(mkdtempSync(join(tmpdir(), 'empty-')))).code, 2)
    assert.equal((await run('/nonexistent/folder')).code, 2)
  })

  it('is the greenpass command, with --help', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, '--help'])
    assert.match(stdout, /conformance/)
    assert.match(stdout, /demo/)
  })
})

describe('validation clock parsing', () => {
  it('reads every corpus format; no offset means UTC', () => {
    const cases: [string, string][] = [
      ['2021-05-30T13:38:49.822623', '2021-05-30T13:38:49.823Z'],
      ['2021-05-21T12:33:44.691+02:00', '2021-05-21T10:33:44.691Z'],
      ['2021-06-08T10:00:00+0200', '2021-06-08T08:00:00.000Z'],
      ['2021-06-08T10:00:00.1234567Z', '2021-06-08T10:00:00.123Z'],
      ['2021-06-08T10:00Z', '2021-06-08T10:00:00.000Z'],
      ['2021-06-08', '2021-06-08T00:00:00.000Z'],
    ]
    for (const [input, iso] of cases) assert.equal(parseInstant(input)?.toISOString(), iso, input)
    assert.equal(parseInstant('yesterday'), undefined)
  })
})
