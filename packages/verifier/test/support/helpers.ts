import assert from 'node:assert/strict'
import { hash } from 'node:crypto'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type SyncReport, syncVerifier, VerifierStore } from '../../src/index.ts'
import type { VerifierServer } from './verifier-server.ts'

export const NOW = new Date('2022-01-15T08:00:00Z')

/** Distinct, deterministic DRL entries: base64 SHA-256 of made-up UVCIs. */
export function uvciHashes(from: number, count: number, tag = 'uvci'): string[] {
  return Array.from({ length: count }, (_, i) => hash('sha256', `URN:UVCI:01:IT:${tag}${from + i}#X`, 'base64'))
}

export async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'greenpass-verifier-'))
  try {
    return await run(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export function sync(store: VerifierStore, server: VerifierServer, now = NOW): Promise<SyncReport> {
  return syncVerifier(store, { baseUrl: server.baseUrl, now })
}

/** The store holds exactly `expected` (size and membership), and so does the same folder opened afresh. */
export async function assertDrlIs(store: VerifierStore, expected: Iterable<string>, what: string): Promise<void> {
  const entries = [...expected]
  for (const candidate of [store, await VerifierStore.open(store.dir)]) {
    assert.equal(candidate.drl.size, entries.length, `${what}: size`)
    for (const entry of entries) assert.ok(candidate.drl.has(entry), `${what}: ${entry} missing`)
  }
}

/** The persisted state equals the in-memory one: what a restarted process would see. */
export async function assertReopensSame(store: VerifierStore): Promise<VerifierStore> {
  const reopened = await VerifierStore.open(store.dir)
  assert.deepEqual(reopened.drlState(), store.drlState())
  assert.deepEqual(reopened.trustListState(), store.trustListState())
  assert.deepEqual(reopened.settingsState(), store.settingsState())
  assert.deepEqual([...reopened.drl.hashes()], [...store.drl.hashes()])
  return reopened
}

export async function filesOf(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort()
}

/** The one issue of a report, for the part given. */
export function issueOf(report: SyncReport, part: 'settings' | 'trustList' | 'drl') {
  const issue = report.errors.find((error) => error.part === part)
  assert.ok(issue, `expected an error for ${part}, got ${JSON.stringify(report.errors)}`)
  return issue
}
