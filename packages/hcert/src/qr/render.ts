/**
 * QR code output: the module matrix, a 1-bit PNG, or an SVG.
 */
import { constants, crc32, deflateSync } from 'node:zlib'
import { HcertError } from '../errors.ts'
import { encodeQr, type QrEcc, type QrMatrix } from './encode.ts'

export type { QrEcc, QrMatrix } from './encode.ts'

export interface QrRenderOptions {
  /** Error correction level, default `'Q'` (what the EU DCC specification recommends). */
  ecc?: QrEcc
  /** Pixels per module (PNG) or output units per module (SVG `width`/`height`): an integer 1–32, default 4. */
  scale?: number
  /** Quiet zone around the symbol, in modules: an integer 0–64, default 4 (the minimum ISO/IEC 18004 asks). */
  margin?: number
}

interface Resolved {
  ecc: QrEcc
  scale: number
  margin: number
}

function resolve(options: QrRenderOptions | undefined): Resolved {
  const { ecc = 'Q', scale = 4, margin = 4 } = options ?? {}
  if (ecc !== 'L' && ecc !== 'M' && ecc !== 'Q' && ecc !== 'H') {
    throw new HcertError('QR_RENDER', `ecc must be 'L', 'M', 'Q' or 'H', got ${String(ecc)}`)
  }
  if (!Number.isInteger(scale) || scale < 1 || scale > 32) {
    throw new HcertError('QR_RENDER', `scale must be an integer from 1 to 32, got ${String(scale)}`)
  }
  if (!Number.isInteger(margin) || margin < 0 || margin > 64) {
    throw new HcertError('QR_RENDER', `margin must be an integer from 0 to 64, got ${String(margin)}`)
  }
  return { ecc, scale, margin }
}

/**
 * Encodes `text` and returns the bare module matrix (no quiet zone), e.g. to draw it in a terminal.
 * Only `ecc` of the options matters here.
 *
 * @example
 * const { size, modules } = qrMatrix('HC1:6BF...')
 * const dark = modules[row * size + col] === 1
 */
export function qrMatrix(text: string, options?: QrRenderOptions): QrMatrix {
  return encodeQr(text, resolve(options).ecc)
}

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, data.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(data, 8)
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)))
  return out
}

/** Clears pixels [from, to) of the packed scanline at `line`: whole bytes at once, bit masks at the two ends. */
function clearBits(raw: Uint8Array, line: number, from: number, to: number): void {
  const first = from >> 3
  const last = (to - 1) >> 3
  const head = 0xff >> (from & 7) // bits from `from` to the end of its byte
  const tail = (0xff00 >> (((to - 1) & 7) + 1)) & 0xff // bits from the start of the byte to `to - 1`
  if (first === last) {
    raw[line + first] = (raw[line + first] as number) & ~(head & tail)
    return
  }
  raw[line + first] = (raw[line + first] as number) & ~head
  raw.fill(0, line + first + 1, line + last)
  raw[line + last] = (raw[line + last] as number) & ~tail
}

/**
 * Renders `text` as a QR code PNG: 1-bit greyscale, black on white, `(size + 2·margin)·scale` pixels square.
 * Throws `HcertError('QR_RENDER')` on bad options or text that does not fit version 40.
 *
 * @example
 * writeFileSync('dcc.png', renderQrPng(hc1, { ecc: 'Q', scale: 4 }))
 */
export function renderQrPng(text: string, options?: QrRenderOptions): Uint8Array {
  const { ecc, scale, margin } = resolve(options)
  const { size, modules } = encodeQr(text, ecc)
  const side = (size + 2 * margin) * scale
  const stride = 1 + ((side + 7) >> 3) // filter-type byte + packed pixels

  // Every module row yields `scale` identical scanlines. Only the first of them is stored as is (filter 0, bit 1 =
  // white); the repeats use the PNG "Up" filter (2), which turns them into zeros. With run-length deflate
  // (Z_RLE) that compresses about 4× faster than default deflate of the plain lines, for a file ~10 % larger.
  const raw = new Uint8Array(stride * side)
  for (let y = 0; y < side; y++) raw[y * stride] = 2
  const white = (y: number): void => {
    raw[y * stride] = 0
    raw.fill(0xff, y * stride + 1, (y + 1) * stride)
  }
  const quiet = margin * scale
  if (quiet > 0) white(0)
  for (let r = 0; r < size; r++) {
    const y = quiet + r * scale
    white(y)
    const line = y * stride + 1
    const rowStart = r * size
    for (let c = 0; c < size;) {
      if (modules[rowStart + c] === 0) {
        c++
        continue
      }
      const start = c
      while (c < size && modules[rowStart + c] === 1) c++
      clearBits(raw, line, quiet + start * scale, quiet + c * scale)
    }
  }
  if (quiet > 0) white(quiet + size * scale)

  const ihdr = new Uint8Array(13)
  const view = new DataView(ihdr.buffer)
  view.setUint32(0, side)
  view.setUint32(4, side)
  ihdr[8] = 1 // bit depth
  ihdr[9] = 0 // colour type: greyscale
  // Compression, filter and interlace methods: all 0.
  const parts = [
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { strategy: constants.Z_RLE })),
    chunk('IEND', new Uint8Array(0)),
  ]
  const png = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const p of parts) {
    png.set(p, offset)
    offset += p.length
  }
  return png
}

/**
 * Renders `text` as a standalone SVG document: a white background and one `<path>` of dark modules, adjacent dark
 * modules of a row merged into one rectangle. The viewBox is in modules (quiet zone included); `width` and
 * `height` are `scale` units per module.
 *
 * @example
 * const svg = renderQrSvg(hc1, { margin: 2 }) // '<svg xmlns=... viewBox="0 0 101 101" ...'
 */
export function renderQrSvg(text: string, options?: QrRenderOptions): string {
  const { ecc, scale, margin } = resolve(options)
  const { size, modules } = encodeQr(text, ecc)
  const side = size + 2 * margin
  const d: string[] = []
  for (let r = 0; r < size; r++) {
    const rowStart = r * size
    for (let c = 0; c < size;) {
      if (modules[rowStart + c] === 0) {
        c++
        continue
      }
      const start = c
      while (c < size && modules[rowStart + c] === 1) c++
      const len = c - start
      d.push(`M${start + margin} ${r + margin}h${len}v1h-${len}z`)
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="${side * scale}" ` +
    `height="${side * scale}" shape-rendering="crispEdges">` +
    `<rect width="${side}" height="${side}" fill="#fff"/>` +
    `<path fill="#000" d="${d.join('')}"/></svg>`
  )
}
