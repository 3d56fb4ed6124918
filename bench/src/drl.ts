import { randomBytes, randomFillSync } from 'node:crypto'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { type DrlStore, encodeDrlHash, syncVerifier, VerifierStore } from '@greenpass/verifier'
import { type BenchRow, compareOpsPerSecond } from './measure.ts'

/**
 * The DRL figures of issue 3: a full sync of 10 million entries (1,000 chunks of 10,000, as the Italian server
 * chunks them) from a loopback server into a verifier data folder, then bytes per entry in memory and on disk and
 * the cost of a lookup, next to a naive `Set<string>` of the same entries.
 *
 * The server runs in a worker thread (the machine has 2 cores) and prepares its 1,000 chunk bodies before the clock
 * starts, so the figure is the client's: HTTP, JSON parsing, base64 decoding, insertion, and the fsynced commit of
 * every chunk and of the final 320 MB file.
 */
const ENTRIES = 10_000_000
const CHUNK = 10_000
const CHUNKS = ENTRIES / CHUNK
const SAMPLES = 100_000

if (!isMainThread && (workerData as { role?: string } | null)?.role === 'drl-bench-server') startServer()

export async function benchDrl(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'greenpass-bench-drl-'))
  const server = new Worker(new URL(import.meta.url), { workerData: { role: 'drl-bench-server' } })
  try {
    const port = await new Promise<number>((resolve, reject) => {
      server.once('message', (message: { port: number }) => resolve(message.port))
      server.once('error', reject)
    })
    const store = await VerifierStore.open(dir)
    const started = performance.now()
    const report = await syncVerifier(store, {
      baseUrl: `http://127.0.0.1:${port}/v1/dgc/`,
      now: new Date(),
      timeoutMs: 120_000,
    })
    const syncSeconds = (performance.now() - started) / 1000
    if (!report.ok || store.drl.size !== ENTRIES) {
      throw new Error(`DRL bench sync failed: ${JSON.stringify(report.errors)}, ${store.drl.size} entries`)
    }
    const memoryPerEntry = store.drl.byteLength / store.drl.size
    const base = join(dir, `drl-${store.drlState().base}.bin`)
    const diskPerEntry = (await stat(base)).size / store.drl.size

    const openStarted = performance.now()
    const reopened = await VerifierStore.open(dir)
    const openSeconds = (performance.now() - openStarted) / 1000
    if (reopened.drl.size !== ENTRIES) throw new Error('DRL bench: the reopened store lost entries')

    const drl = store.drl
    const hits = sampleEntries(drl)
    const misses = Array.from({ length: SAMPLES }, () => randomBytes(32).toString('base64'))
    const missDigests = misses.map((hash) => Buffer.from(hash, 'base64'))

    const naive = naiveSet(hits)
    let i = 0
    let found = 0
    const [setMiss = 0, drlMiss = 0, drlHit = 0, digestMiss = 0] = await compareOpsPerSecond([
      () => void (naive.set.has(misses[i++ % SAMPLES] as string) && found++),
      () => void (drl.has(misses[i++ % SAMPLES] as string) && found++),
      () => void (drl.has(hits[i++ % SAMPLES] as string) && found++),
      () => void (drl.hasDigest(missDigests[i++ % SAMPLES] as Buffer) && found++),
    ])
    const us = (opsPerSec: number) => `${(1e6 / opsPerSec).toFixed(2)} µs per lookup`
    const group = `DRL lookup, ${ENTRIES.toLocaleString('en-US')} entries (target ≤ 1 µs, ≤ 40 B/entry)`
    return [
      {
        group,
        name: `Set<string>.has, miss (naive reference, ${naive.size.toLocaleString('en-US')} entries)`,
        opsPerSec: setMiss,
        note: `${us(setMiss)}; ~${naive.bytesPerEntry.toFixed(0)} B/entry of heap`,
      },
      {
        group,
        name: 'DrlStore.has(base64), miss',
        opsPerSec: drlMiss,
        note: `${us(drlMiss)}; ${memoryPerEntry.toFixed(1)} B/entry in memory, ${diskPerEntry.toFixed(1)} on disk`,
      },
      { group, name: 'DrlStore.has(base64), hit', opsPerSec: drlHit, note: us(drlHit) },
      { group, name: 'DrlStore.hasDigest(32 bytes), miss', opsPerSec: digestMiss, note: us(digestMiss) },
      {
        group: `DRL sync, ${CHUNKS.toLocaleString('en-US')} chunks of ${CHUNK.toLocaleString('en-US')} from loopback (target ≤ 60 s)`,
        name: 'full sync into a data folder, entries/s',
        opsPerSec: ENTRIES / syncSeconds,
        note: `${syncSeconds.toFixed(1)} s; every chunk committed (fsync) as it arrives`,
      },
      {
        group: `DRL sync, ${CHUNKS.toLocaleString('en-US')} chunks of ${CHUNK.toLocaleString('en-US')} from loopback (target ≤ 60 s)`,
        name: 'open the data folder (load the 320 MB base file), entries/s',
        opsPerSec: ENTRIES / openSeconds,
        note: `${openSeconds.toFixed(1)} s`,
      },
    ]
  } finally {
    await server.terminate()
    await rm(dir, { recursive: true, force: true })
  }
}

/** Entries spread over the whole set, as base64, shuffled (lookups should not walk the table in order). */
function sampleEntries(drl: DrlStore): string[] {
  const stride = Math.floor(drl.size / SAMPLES) * 32
  const sample: string[] = []
  let skip = 0
  for (const block of drl.sortedBytes()) {
    for (let o = skip; o < block.length && sample.length < SAMPLES; o += stride) sample.push(encodeDrlHash(block, o))
    skip = (((skip - block.length) % stride) + stride) % stride
  }
  for (let k = sample.length - 1; k > 0; k--) {
    const j = Math.floor(Math.random() * (k + 1))
    ;[sample[k], sample[j]] = [sample[j] as string, sample[k] as string]
  }
  return sample
}

/** What a straightforward verifier would keep: the base64 strings in a Set (same entry count, random strings). */
function naiveSet(seed: readonly string[]): { set: Set<string>; size: number; bytesPerEntry: number } {
  const gc = exposeGc()
  gc()
  const before = process.memoryUsage().heapUsed
  const set = new Set<string>(seed)
  const bytes = Buffer.alloc(32 * 65_536)
  while (set.size < ENTRIES) {
    randomFillSync(bytes)
    for (let o = 0; o < bytes.length && set.size < ENTRIES; o += 32) set.add(bytes.toString('base64', o, o + 32))
  }
  gc()
  return { set, size: set.size, bytesPerEntry: (process.memoryUsage().heapUsed - before) / set.size }
}

function exposeGc(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

/** The worker: the verifier-facing API with an empty trust list and settings, and a 10 M snapshot as version 1. */
function startServer(): void {
  const bodies: Buffer[] = []
  const raw = Buffer.alloc(32 * CHUNK)
  for (let chunk = 1; chunk <= CHUNKS; chunk++) {
    randomFillSync(raw)
    const hashes: string[] = []
    for (let o = 0; o < raw.length; o += 32) hashes.push(raw.toString('base64', o, o + 32))
    bodies.push(
      Buffer.from(
        JSON.stringify({
          id: 'bench',
          version: 1,
          chunk,
          lastChunk: CHUNKS,
          revokedUcvi: hashes,
          firstElementInChunk: hashes[0],
          lastElementInChunk: hashes.at(-1),
          sizeSingleChunkInByte: CHUNK * 51,
          totalNumberUCVI: ENTRIES,
        }),
      ),
    )
  }
  const check = (version: number) =>
    JSON.stringify({
      id: 'bench',
      fromVersion: version,
      version: 1,
      chunk: 1,
      totalChunk: CHUNKS,
      numDiAdd: version === 1 ? 0 : ENTRIES,
      totalNumberUCVI: ENTRIES,
      sizeSingleChunkInByte: CHUNK * 51,
      totalSizeInByte: version === 1 ? 0 : CHUNKS * CHUNK * 51,
    })
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const path = url.pathname.replace(/^\/v1\/dgc\//, '')
    const version = Number(url.searchParams.get('version') ?? '0')
    const send = (body: string | Buffer, status = 200) => {
      response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) })
      response.end(body)
    }
    if (path === 'settings' || path === 'signercertificate/status') return send('[]')
    if (path === 'signercertificate/update') return void response.writeHead(204).end()
    if (path === 'drl/check') return send(check(version))
    const body = bodies[Number(url.searchParams.get('chunk') ?? '1') - 1]
    if (path === 'drl' && version === 0 && body) return send(body)
    send('{"code":"0x004"}', 400)
  })
  server.listen(0, '127.0.0.1', () => parentPort?.postMessage({ port: (server.address() as AddressInfo).port }))
}
