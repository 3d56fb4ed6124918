import { qrMatrix, readQr, renderQrPng } from '@greenpass/hcert'
import QRCode from 'qrcode'
import { type BenchRow, compareOpsPerSecond } from './measure.ts'
import { loadPeers } from './peers.ts'

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
  const oursPng = renderQrPng(hc1, { ecc: 'Q', scale: 4, margin: 4 })
  const theirsPng = await QRCode.toBuffer(segments, qrcodeOptions)
  for (const [who, png] of [
    ['greenpass', oursPng],
    ['qrcode', theirsPng],
  ] as const) {
    if ((await readQr(png)) !== hc1) throw new Error(`${who} PNG does not read back as the HC1 string`)
  }
  const { version } = qrMatrix(hc1, { ecc: 'Q' })
  const [ours, theirs, oursMatrix, theirsMatrix] = await compareOpsPerSecond([
    () => renderQrPng(hc1, { ecc: 'Q', scale: 4, margin: 4 }),
    () => QRCode.toBuffer(segments, qrcodeOptions),
    () => qrMatrix(hc1, { ecc: 'Q' }),
    () => QRCode.create(segments, { errorCorrectionLevel: 'Q' }),
  ])
  return [
    {
      group,
      name: 'greenpass renderQrPng',
      opsPerSec: ours as number,
      note: `${hc1.length} chars, version ${version}, ${oursPng.length} B 1-bit PNG`,
    },
    {
      group,
      name: 'qrcode toBuffer (PNG, alphanumeric segment)',
      opsPerSec: theirs as number,
      note: `${theirsPng.length} B RGBA PNG`,
    },
    { group, name: 'greenpass qrMatrix (encode + mask choice, no image)', opsPerSec: oursMatrix as number },
    { group, name: 'qrcode create (encode + mask choice, no image)', opsPerSec: theirsMatrix as number },
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
  const jsQr = (await loadPeers())?.prepareJsQrRead()
  const expected = await readQr(png404)
  if (jsQr && jsQr.read(buffer) !== expected) throw new Error('jsQR does not read the benchmark PNG as zxing does')
  const [ours, theirs] = await compareOpsPerSecond([() => readQr(png404), ...(jsQr ? [() => jsQr.read(buffer)] : [])])
  // The PNG's width, from its IHDR chunk (bytes 16–19, big-endian).
  const width = Buffer.from(png404).readUInt32BE(16)
  const rows: BenchRow[] = [
    {
      group,
      name: 'greenpass readQr (zxing-wasm)',
      opsPerSec: ours as number,
      note: `${width} px square, ${png404.length} B`,
    },
  ]
  if (jsQr) {
    rows.push({
      group,
      name: 'jsQR + pngjs decode',
      opsPerSec: theirs as number,
      note: 'PNG → RGBA with pngjs inside the timed loop',
    })
  }
  return rows
}
