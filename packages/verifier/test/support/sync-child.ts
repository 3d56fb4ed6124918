/**
 * A sync in a process of its own, so that a test can kill it (SIGKILL) mid-sync as a crash would.
 * Usage: node sync-child.ts <store dir> <base URL> <ISO instant>
 */
import { syncVerifier, VerifierStore } from '../../src/index.ts'

const [dir, baseUrl, now] = process.argv.slice(2)
if (!dir || !baseUrl || !now) throw new Error('usage: sync-child.ts <dir> <baseUrl> <now>')
const report = await syncVerifier(await VerifierStore.open(dir), { baseUrl, now: new Date(now) })
process.stdout.write(`${JSON.stringify(report.errors)}\n`)
