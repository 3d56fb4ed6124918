import { createRequire } from 'node:module'
import { qrMatrix, readQr, renderQrPng } from '@greenpass/hcert'
import jsQRModule from 'jsqr'
import QRCode from 'qrcode'
import { Bench } from 'tinybench'
import type { BenchRow } from './measure.ts'

export type { BenchRow } from './measure.ts'

// jsqr is CommonJS with an `exports.default`: under nodenext typing the callable is `.default`.
const jsQR = jsQRModule.default
// pngjs ships no types; jsQR needs RGBA pixels, which is what a user of it decodes a PNG into first.
const { PNG } = createRequire(import.meta.url)('pngjs') as {
  PNG: { sync: { read(data: Uint8Array): { width: number; height: number; data: Uint8Array } } }
}

/** Time per task, in ms (tinybench also warms each task up first). */
const TIME_MS = 1500

/** Runs the tasks one after the other on this thread; ops/s is 1000 / mean latency (ms). */
async function measure(tasks: Record<string, () => unknown>): Promise<Map<string, number>> {
  const bench = new Bench({ time: TIME_MS })
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn)
  await bench.run()
  const out = new Map<string, number>()
  for (const task of bench.tasks) {
    const result = task.result
    if (result.state !== 'completed') {
      throw new Error(`bench task ${task.name} ${result.state}${'error' in result ? `: ${result.error.message}` : ''}`)
    }
    out.set(task.name, 1000 / result.period)
  }
  return out
}

function opsOf(results: Map<string, number>, name: string): number {
  return results.get(name) ?? Number.NaN
}

/**
 * PNG rendering of one HC1 string at ECC Q, 4 px per module, 4-module quiet zone: ours against the `qrcode` package
 * given the same explicit alphanumeric segment. Both outputs are read back (and must give `hc1`) before timing.
 *
 * @example
 * const rows = await benchQrRender(hc1) // [{ group: 'QR render …', name: 'greenpass renderQrPng', opsPerSec: … }, …]
 */
export async function benchQrRender(hc1: string): Promise<BenchRow[]> {
  const group = 'QR render: HC1 → PNG, ECC Q, 4 px/module (1 core)'
  const segments = [{ data: hc1, mode: 'alphanumeric' as const }]
  const qrcodeOptions = { type: 'png' as const, errorCorrectionLevel: 'Q' as const, scale: 4, margin: 4 }
  const ours = renderQrPng(hc1, { ecc: 'Q', scale: 4, margin: 4 })
  const theirs = await QRCode.toBuffer(segments, qrcodeOptions)
  for (const [who, png] of [
    ['greenpass', ours],
    ['qrcode', theirs],
  ] as const) {
    if ((await readQr(png)) !== hc1) throw new Error(`${who} PNG does not read back as the HC1 string`)
  }
  const { version } = qrMatrix(hc1, { ecc: 'Q' })
  const results = await measure({
    ours: () => renderQrPng(hc1, { ecc: 'Q', scale: 4, margin: 4 }),
    theirs: () => QRCode.toBuffer(segments, qrcodeOptions),
    oursMatrix: () => qrMatrix(hc1, { ecc: 'Q' }),
    theirsMatrix: () => QRCode.create(segments, { errorCorrectionLevel: 'Q' }),
  })
  return [
    {
      group,
      name: 'greenpass renderQrPng',
      opsPerSec: opsOf(results, 'ours'),
      note: `${hc1.length} chars, version ${version}, ${ours.length} B 1-bit PNG`,
    },
    {
      group,
      name: 'qrcode toBuffer (PNG, alphanumeric segment)',
      opsPerSec: opsOf(results, 'theirs'),
      note: `${theirs.length} B RGBA PNG`,
    },
    { group, name: 'greenpass qrMatrix (encode + mask choice, no image)', opsPerSec: opsOf(results, 'oursMatrix') },
    { group, name: 'qrcode create (encode + mask choice, no image)', opsPerSec: opsOf(results, 'theirsMatrix') },
  ]
}

/**
 * Reading a QR code from PNG bytes, as a user does (bytes in, text out): ours (zxing-wasm, PNG decoded inside the
 * WASM module) against jsQR, whose timed loop includes the PNG → RGBA decode with pngjs it needs first.
 *
 * @example
 * const rows = await benchQrRead(renderQrPng(hc1, { scale: 4, margin: 4 }))
 */
export async function benchQrRead(png404: Uint8Array): Promise<BenchRow[]> {
  const group = 'QR read: PNG bytes → text (1 core)'
  // pngjs wants a Buffer: a view on the same bytes, as readFile would give (no copy).
  const buffer = Buffer.from(png404.buffer, png404.byteOffset, png404.byteLength)
  const withJsQr = (): string | undefined => {
    const img = PNG.sync.read(buffer)
    const rgba = new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.byteLength)
    return jsQR(rgba, img.width, img.height)?.data
  }
  const expected = await readQr(png404)
  if (withJsQr() !== expected) throw new Error('jsQR does not read the benchmark PNG as zxing does')
  const { width } = PNG.sync.read(buffer)
  const results = await measure({ ours: () => readQr(png404), theirs: withJsQr })
  return [
    {
      group,
      name: 'greenpass readQr (zxing-wasm)',
      opsPerSec: opsOf(results, 'ours'),
      note: `${width} px square, ${png404.length} B`,
    },
    {
      group,
      name: 'jsQR + pngjs decode',
      opsPerSec: opsOf(results, 'theirs'),
      note: 'PNG → RGBA with pngjs inside the timed loop',
    },
  ]
}
