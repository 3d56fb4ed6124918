import { verify } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { createTrustStore, decodeHc1ToCose, importDsc, readQr, renderQrPng, sigStructure } from '@greenpass/hcert'
import { parseSettings, ScanMode } from '@greenpass/rules'
import { verifyCertificate } from '@greenpass/verifier'
import { createFixture } from './fixture.ts'
import { type BenchRow, compareOpsPerSecond } from './measure.ts'
import { loadPeers } from './peers.ts'
import { rawToDerSignature } from '../../packages/hcert/src/cose/ecdsa-signature.ts'

const SETTINGS = new URL('../../../shared/testdata/verificac19/responses/settings.json', import.meta.url)

/**
 * HC1 → final 3G status (decode, signature, CWT, blacklist, DRL, rules) with the settings of the VerificaC19
 * fixture: on one core next to the ECDSA floor and the peers (which stop at the signature: they have no Italian
 * rules), on every core with worker threads, and from a 404 px PNG.
 */
export async function benchVerify(): Promise<BenchRow[]> {
  const fixture = await createFixture()
  const settingsRows: unknown = JSON.parse(readFileSync(SETTINGS, 'utf8'))
  const dsc = importDsc(fixture.dscDer)
  const revoked = new Set<string>()
  const data = {
    trustStore: createTrustStore([dsc]),
    settings: parseSettings(settingsRows),
    isRevoked: (h: string) => revoked.has(h),
  }
  const options = { mode: ScanMode.BASE, at: fixture.at }
  const once = () => verifyCertificate(fixture.hc1, data, options)
  if (once().status !== 'VALID')
    throw new Error(`the fixture is ${once().status}, not VALID: the benchmark would be meaningless`)

  const cose = decodeHc1ToCose(fixture.hc1)
  const signed = sigStructure(cose.protectedBytes, cose.payload)
  // The cheapest call node:crypto offers: a bare KeyObject and the signature already in DER (COSE's raw r‖s converted
  // once, outside the loop; the dsaEncoding option would cost ~25 µs a call).
  const derSignature = rawToDerSignature(cose.signature)
  const floor = () => verify('sha256', signed, dsc.publicKey, derSignature)
  const png = renderQrPng(fixture.hc1, { scale: 4, margin: 4 })
  const fromImage = async () => verifyCertificate(await readQr(png), data, options)

  const group = 'HC1 → final 3G status'
  // The image path allocates far more (PNG decode in WASM): measured apart so its garbage does not slow the others.
  const [floorOps, ours] = await compareOpsPerSecond([floor, once])
  const [imageOps] = await compareOpsPerSecond([fromImage])
  const rows: BenchRow[] = [
    { group, name: 'floor: node:crypto verify of the Sig_structure (1 core)', opsPerSec: floorOps as number },
    { group, name: 'greenpass verifyCertificate (1 core)', opsPerSec: ours as number },
    {
      group,
      name: 'greenpass readQr + verifyCertificate, 404 px PNG (1 core)',
      opsPerSec: imageOps as number,
      note: `${png.length} B PNG`,
    },
  ]
  const threads = availableParallelism()
  rows.push({
    group,
    name: `greenpass verifyCertificate (${threads} worker threads)`,
    opsPerSec: await allCores(threads, fixture.hc1, fixture.dscDer, settingsRows, fixture.at),
  })
  const installed = await loadPeers()
  if (!installed) return rows
  const peers = [await installed.prepareDccUtilsKeysList(fixture), await installed.preparePathcheckDccSdk(fixture)]
  for (const peer of peers) if (!(await peer.verifyOnce())) throw new Error(`${peer.name} does not verify the fixture`)
  const [floor2, ...peerOps] = await compareOpsPerSecond([floor, ...peers.map((p) => p.verifyOnce)])
  for (const [i, peer] of peers.entries()) {
    const measured = peerOps[i] as number
    rows.push({
      group,
      name: `${peer.name} (signature only, 1 core)`,
      opsPerSec: (measured * (floorOps as number)) / (floor2 as number),
      note: `${Math.round(measured)}/s beside a floor of ${Math.round(floor2 as number)}/s; scaled`,
    })
  }
  return rows
}

/** Every worker verifies for the same wall-clock second; the figure is their sum. */
async function allCores(threads: number, hc1: string, dscDer: Uint8Array, settingsRows: unknown, at: Date) {
  const workerUrl = new URL('./verify-worker.ts', import.meta.url)
  const counts = await Promise.all(
    Array.from({ length: threads }, () => {
      const worker = new Worker(workerUrl, {
        workerData: { hc1, dscDer, settingsRows, at: at.toISOString(), ms: 2000 },
      })
      return new Promise<number>((resolve, reject) => {
        worker.once('message', resolve)
        worker.once('error', reject)
      })
    }),
  )
  return counts.reduce((sum, n) => sum + n, 0)
}
