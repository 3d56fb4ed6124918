import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { renderQrPng } from '@greenpass/hcert'
import { benchDecodeVerify } from './hcert.ts'
import type { BenchRow } from './measure.ts'
import { benchQrRead, benchQrRender } from './qr.ts'
import { benchVerify } from './verify.ts'
import { benchDrl } from './drl.ts'
import { benchCertLogic } from './certlogic.ts'
import { benchIssue } from './issue.ts'
import { benchEuRevocation } from './eu-revocation.ts'
import { installPeers } from './peers.ts'

/**
 * `npm run bench -- hcert`: every figure of the format library next to its floor and its peers, measured in the same
 * run on one core, printed as one table and written to bench/results/hcert.json.
 */
const SUITES: Record<string, () => Promise<BenchRow[]>> = {
  async hcert() {
    const { rows, fixture } = await benchDecodeVerify()
    rows.push(...(await benchQrRender(fixture.hc1)))
    // The QR image a phone camera frame or a saved screenshot gives: about 404 px square.
    rows.push(...(await benchQrRead(renderQrPng(fixture.hc1, { scale: 4, margin: 4 }))))
    return rows
  },
  certlogic: benchCertLogic,
  issue: benchIssue,
  revocation: benchEuRevocation,
  async verify() {
    return [...(await benchVerify()), ...(await benchDrl())]
  },
}

const name = process.argv[2] ?? 'hcert'
if (name === 'peers') {
  installPeers()
  console.log('peers installed in bench/peers: `npm run bench -- hcert|verify|certlogic` now times them too')
  process.exit(0)
}
const suite = SUITES[name]
if (!suite) {
  console.error(`Unknown benchmark ${name}; choose one of: ${Object.keys(SUITES).join(', ')}, or peers (installs them)`)
  process.exit(2)
}
const rows = await suite()
printTable(rows)
const results = new URL('../results/', import.meta.url)
mkdirSync(results, { recursive: true })
const file = new URL(`${name}.json`, results)
writeFileSync(
  file,
  `${JSON.stringify({ suite: name, date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, rows }, null, 2)}\n`,
)
console.log(`\nwritten to ${file.pathname}`)

/** One table; within each group, every row is also given as a multiple of the group's first row (its reference). */
function printTable(all: BenchRow[]): void {
  const groups = Map.groupBy(all, (row) => row.group)
  for (const [group, rowsOfGroup] of groups) {
    const reference = rowsOfGroup[0] as BenchRow
    console.log(`\n${group}`)
    for (const row of rowsOfGroup) {
      const ratio = (row.opsPerSec / reference.opsPerSec).toFixed(2)
      const ops = Math.round(row.opsPerSec).toLocaleString('en-US').padStart(10)
      console.log(`  ${row.name.padEnd(58)} ${ops}/s  ${ratio.padStart(7)}×${row.note ? `  (${row.note})` : ''}`)
    }
  }
}
