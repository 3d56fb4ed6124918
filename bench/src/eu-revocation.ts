import { randomBytes, randomFillSync } from 'node:crypto'
import { euRevocationHashes } from '@greenpass/rules'
import { EuRevocationLists, RevocationHashSet } from '@greenpass/verifier'
import { type BenchRow, compareOpsPerSecond } from './measure.ts'

/**
 * The EU revocation figures of issue 18: 10 million foreign hashes (16 bytes each) in a verifier, over 850 DSCs as
 * the EU trust list holds, then the cost of a lookup next to its floor — one random read in an array of the same size
 * (a lookup in any in-memory set of 160 MB pays at least that cache miss) — and next to a `Set<string>` of hex.
 */
const ENTRIES = 10_000_000
const KIDS = 850
const SAMPLES = 100_000
const NAIVE_ENTRIES = 2_000_000

export async function benchEuRevocation(): Promise<BenchRow[]> {
  const perKid = Math.ceil(ENTRIES / KIDS)
  const records = new Uint8Array(ENTRIES * 16)
  randomFillSync(records)
  const started = performance.now()
  const lists = new EuRevocationLists(
    Array.from({ length: KIDS }, (_, k) => ({
      kid: `kid-${k}`,
      hashTypes: ['SIGNATURE', 'UCI', 'COUNTRYCODEUCI'] as const,
      hashes: RevocationHashSet.fromRecords(
        records.subarray(k * perKid * 16, Math.min(ENTRIES, (k + 1) * perKid) * 16),
      ),
    })),
  )
  const buildSeconds = (performance.now() - started) / 1000
  const whole = RevocationHashSet.fromRecords(records)
  if (lists.size !== ENTRIES || whole.size !== ENTRIES) throw new Error('EU revocation bench: entries lost')

  const hits = Array.from({ length: SAMPLES }, () => {
    const offset = Math.floor(Math.random() * ENTRIES) * 16
    return records.slice(offset, offset + 16)
  })
  const misses = Array.from({ length: SAMPLES }, () => new Uint8Array(randomBytes(16)))
  const certificates = Array.from({ length: SAMPLES }, (_, i) => ({
    kid: `kid-${i % KIDS}`,
    hashes: euRevocationHashes({ uvci: `URN:UVCI:01:DE:${i}`, country: 'DE', signature: randomBytes(64), alg: -7 }),
  }))
  // Filled, so that the floor measures reads of mapped memory, not first-touch page faults.
  const memory = new Uint32Array(ENTRIES * 4)
  randomFillSync(memory)
  const reads = Uint32Array.from({ length: SAMPLES }, () => Math.floor(Math.random() * memory.length))
  const naive = new Set<string>()
  for (let o = 0; o < NAIVE_ENTRIES * 16; o += 16) naive.add(Buffer.from(records.buffer, o, 16).toString('hex'))
  const naiveMisses = misses.map((hash) => Buffer.from(hash).toString('hex'))

  let i = 0
  let sink = 0
  const [floor = 0, setMiss = 0, miss = 0, hit = 0, listsMiss = 0] = await compareOpsPerSecond([
    () => void (sink += memory[reads[i++ % SAMPLES] as number] as number),
    () => void (naive.has(naiveMisses[i++ % SAMPLES] as string) && sink++),
    () => void (whole.has(misses[i++ % SAMPLES] as Uint8Array) && sink++),
    () => void (whole.has(hits[i++ % SAMPLES] as Uint8Array) && sink++),
    () => {
      const certificate = certificates[i++ % SAMPLES] as (typeof certificates)[number]
      if (lists.isRevoked(certificate.kid, certificate.hashes)) sink++
    },
  ])
  const us = (opsPerSec: number) => `${(1e6 / opsPerSec).toFixed(3)} µs`
  const group = `EU revocation lookup, ${ENTRIES.toLocaleString('en-US')} foreign hashes (target ≤ 1 µs)`
  return [
    { group, name: 'floor: one random read in 160 MB', opsPerSec: floor, note: us(floor) },
    {
      group,
      name: `Set<string> of hex, miss (naive, ${NAIVE_ENTRIES.toLocaleString('en-US')} entries)`,
      opsPerSec: setMiss,
      note: us(setMiss),
    },
    {
      group,
      name: 'RevocationHashSet.has, miss',
      opsPerSec: miss,
      note: `${us(miss)}; ${(whole.byteLength / whole.size).toFixed(1)} B/entry`,
    },
    { group, name: 'RevocationHashSet.has, hit', opsPerSec: hit, note: us(hit) },
    {
      group,
      name: `EuRevocationLists.isRevoked (${KIDS} kids, 3 hash types), miss`,
      opsPerSec: listsMiss,
      note: `${us(listsMiss)}; hashes computed beforehand`,
    },
    {
      group: 'EU revocation lists, build',
      name: `${KIDS} sets from ${ENTRIES.toLocaleString('en-US')} unsorted records, entries/s`,
      opsPerSec: ENTRIES / buildSeconds,
      note: `${buildSeconds.toFixed(1)} s (sink ${sink > 0 ? '✓' : '0'})`,
    },
  ]
}
