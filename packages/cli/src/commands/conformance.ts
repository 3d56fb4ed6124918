import { resolve } from 'node:path'
import { Command } from 'commander'
import { type FlagResult, runConformanceCase } from '../conformance/run-case.ts'
import { findTestFiles, readTestCase } from '../conformance/walk.ts'

/**
 * `greenpass conformance <dir> [--json]`: runs a dgc-testdata tree. Text output: one line per failing (and known)
 * file and flag, then `N passed, N failed` as the last line. JSON output: one object per file per line, then the
 * summary object. Exit code 0 only when nothing failed (and at least one test file was found).
 */
export function conformanceCommand(): Command {
  return new Command('conformance')
    .description('Run the EU DCC conformance corpus (dgc-testdata layout) through the hcert library')
    .argument('<dir>', 'root of a dgc-testdata tree (e.g. ../shared/testdata/dgc-testdata)')
    .option('--json', 'print one JSON object per file, then a summary object')
    .action(async (dir: string, options: { json?: boolean }) => {
      process.exitCode = await runConformance(resolve(dir), options.json === true, (line) => console.log(line))
    })
}

export interface ConformanceSummary {
  passed: number
  failed: number
  known: number
  skipped: number
  files: number
}

/** Runs the corpus under `root`, writing lines through `print`; returns the process exit code. */
export async function runConformance(root: string, json: boolean, print: (line: string) => void): Promise<number> {
  let files: string[]
  try {
    files = await findTestFiles(root)
  } catch (error) {
    print(json ? JSON.stringify({ error: String(error) }) : `error: cannot read ${root}: ${(error as Error).message}`)
    return 2
  }
  if (files.length === 0) {
    print(json ? JSON.stringify({ error: 'no test files' }) : `error: no */2DCode/raw/*.json test files under ${root}`)
    return 2
  }
  const summary: ConformanceSummary = { passed: 0, failed: 0, known: 0, skipped: 0, files: files.length }
  // The clock for cases without VALIDATIONCLOCK: read once, here at the edge.
  const context = { now: new Date() }
  for (const file of files) {
    let results: FlagResult[]
    try {
      results = await runConformanceCase(file, await readTestCase(resolve(root, file)), context)
    } catch (error) {
      results = [{ flag: 'FILE', expected: true, actual: false, outcome: 'failed', detail: (error as Error).message }]
    }
    for (const result of results) summary[result.outcome]++
    if (json) {
      print(JSON.stringify({ file, results: Object.fromEntries(results.map(({ flag, ...rest }) => [flag, rest])) }))
      continue
    }
    for (const r of results) {
      if (r.outcome === 'failed') print(`FAIL ${file} ${r.flag}: expected ${r.expected}, got ${r.actual}${suffix(r)}`)
      if (r.outcome === 'known') print(`KNOWN ${file} ${r.flag}: expected ${r.expected}, got ${r.actual}${suffix(r)}`)
    }
  }
  if (json) print(JSON.stringify({ summary }))
  else {
    print(`${summary.files} files, ${summary.known} known, ${summary.skipped} skipped (inputs missing)`)
    print(`${summary.passed} passed, ${summary.failed} failed`)
  }
  return summary.failed === 0 ? 0 : 1
}

const suffix = (result: FlagResult): string => (result.detail ? ` (${result.detail})` : '')
