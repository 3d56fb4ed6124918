import { parentPort, workerData } from 'node:worker_threads'
import { createTrustStore, importDsc } from '@greenpass/hcert'
import { parseSettings, ScanMode } from '@greenpass/rules'
import { verifyCertificate } from '@greenpass/verifier'

// One worker of the all-cores figure: warms up, then counts verifications for `ms` and reports ops/s.
const { hc1, dscDer, settingsRows, at, ms } = workerData as {
  hc1: string
  dscDer: Uint8Array
  settingsRows: unknown
  at: string
  ms: number
}
const data = { trustStore: createTrustStore([importDsc(dscDer)]), settings: parseSettings(settingsRows) }
const options = { mode: ScanMode.BASE, at: new Date(at) }
for (let i = 0; i < 2000; i++) verifyCertificate(hc1, data, options)
let n = 0
const start = performance.now()
while (performance.now() - start < ms) {
  for (let i = 0; i < 32; i++) verifyCertificate(hc1, data, options)
  n += 32
}
parentPort?.postMessage((n * 1000) / (performance.now() - start))
