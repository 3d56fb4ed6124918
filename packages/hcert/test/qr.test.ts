/**
 * QR render (our encoder, PNG and SVG writers) and read (zxing-wasm), cross-checked against the `qrcode` encoder,
 * the jsQR decoder, pngjs, and the public DCC test corpus in ../shared/testdata/dgc-testdata.
 */
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import jsQRModule from 'jsqr'
import QRCode from 'qrcode'
import { isHcertError } from '../src/errors.ts'
import { alignmentPositions, dataCodewords, encodeQr, type QrEcc, totalCodewords } from '../src/qr/encode.ts'
import { penaltyScore } from '../src/qr/penalty.ts'
import { readQr } from '../src/qr/read.ts'
import { qrMatrix, renderQrPng, renderQrSvg } from '../src/qr/render.ts'

// jsqr is CommonJS with an `exports.default`: under nodenext typing the callable is `.default`.
const jsQR = jsQRModule.default
const require = createRequire(import.meta.url)
// pngjs ships no types, and the qrcode internals used for cross-checks are not in @types/qrcode.
interface DecodedPng {
  width: number
  height: number
  depth: number
  colorType: number
  interlace: boolean
  data: Buffer
}
interface PngConstructor {
  new (options: { width: number; height: number }): { data: Buffer }
  sync: { read(data: Uint8Array): DecodedPng; write(png: { data: Buffer }): Buffer }
}
const { PNG } = require('pngjs') as { PNG: PngConstructor }
const qrVersion = require('qrcode/lib/core/version') as {
  getCapacity(version: number, ecl: unknown, mode: unknown): number
}
const qrEcl = require('qrcode/lib/core/error-correction-level') as Record<QrEcc, unknown>
const qrEccCode = require('qrcode/lib/core/error-correction-code') as {
  getTotalCodewordsCount(version: number, ecl: unknown): number
}
const qrAlignment = require('qrcode/lib/core/alignment-pattern') as { getRowColCoords(version: number): number[] }
const qrMode = require('qrcode/lib/core/mode') as { ALPHANUMERIC: unknown; BYTE: unknown }

const ECCS: readonly QrEcc[] = ['L', 'M', 'Q', 'H']
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'

/** A deterministic HC1-like string of `length` characters (≥ 4): `HC1:` and pseudo-random Base45 characters. */
function hc1Like(length: number, seed = length): string {
  let x = seed * 2654435761 + 1
  let s = 'HC1:'
  while (s.length < length) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    s += ALNUM[(x >>> 16) % 45]
  }
  return s.slice(0, length)
}

function pngPixels(png: Uint8Array): DecodedPng {
  return PNG.sync.read(Buffer.from(png.buffer, png.byteOffset, png.byteLength))
}

/** jsQR works on RGBA pixels: decode the PNG with pngjs first. */
function jsqrRead(png: Uint8Array): string | undefined {
  const img = pngPixels(png)
  return jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.byteLength), img.width, img.height)
    ?.data
}

/** How a read attempt ended: the text, or the error code; anything but an HcertError QR_READ fails the test. */
async function readOutcome(image: Uint8Array): Promise<string> {
  try {
    return `ok:${await readQr(image)}`
  } catch (error) {
    assert.ok(isHcertError(error, 'QR_READ'), `expected HcertError QR_READ, got ${String(error)}`)
    return 'QR_READ'
  }
}

function isQrRender(error: unknown): boolean {
  return isHcertError(error, 'QR_RENDER')
}

// ---------------------------------------------------------------------------------------------------------------
// Encoder tables and version choice, against the qrcode package.

test('codeword and alignment tables match the qrcode package for all 40 versions and 4 ECC levels', () => {
  for (let v = 1; v <= 40; v++) {
    assert.deepEqual(alignmentPositions(v), qrAlignment.getRowColCoords(v), `alignment v${v}`)
    for (const ecc of ECCS) {
      const expected = totalCodewords(v) - qrEccCode.getTotalCodewordsCount(v, qrEcl[ecc])
      assert.equal(dataCodewords(v, ecc), expected, `data codewords v${v}-${ecc}`)
    }
  }
})

test('the chosen version is the smallest that fits, as qrcode computes it, at every capacity boundary', () => {
  for (const ecc of ECCS) {
    for (let v = 1; v <= 40; v++) {
      const alnum = qrVersion.getCapacity(v, qrEcl[ecc], qrMode.ALPHANUMERIC)
      assert.equal(encodeQr(hc1Like(alnum), ecc).version, v, `${alnum} alphanumeric chars at ${ecc}`)
      if (v < 40) assert.equal(encodeQr(hc1Like(alnum + 1), ecc).version, v + 1, `${alnum + 1} chars at ${ecc}`)
      const bytes = qrVersion.getCapacity(v, qrEcl[ecc], qrMode.BYTE)
      assert.equal(encodeQr('x'.repeat(bytes), ecc).version, v, `${bytes} bytes at ${ecc}`)
      if (v < 40) assert.equal(encodeQr('x'.repeat(bytes + 1), ecc).version, v + 1, `${bytes + 1} bytes at ${ecc}`)
    }
  }
})

test('same version as qrcode with an explicit alphanumeric segment, for HC1-like strings', () => {
  for (const length of [5, 30, 77, 150, 333, 526, 600, 777, 1000, 1500, 2000]) {
    for (const ecc of ECCS) {
      const text = hc1Like(length)
      let expected: number | undefined
      try {
        expected = QRCode.create([{ data: text, mode: 'alphanumeric' }], { errorCorrectionLevel: ecc }).version
      } catch {
        expected = undefined // too long for version 40 at this level
      }
      if (expected === undefined) {
        assert.throws(() => encodeQr(text, ecc), isQrRender, `${length} chars at ${ecc} should not fit`)
      } else {
        assert.equal(encodeQr(text, ecc).version, expected, `${length} chars at ${ecc}`)
      }
    }
  }
})

// ---------------------------------------------------------------------------------------------------------------
// Mask penalty: the table-driven scan against a direct transcription of the rules.

function naivePenalty(m: Uint8Array, size: number): number {
  let score = 0
  for (const columns of [false, true]) {
    for (let i = 0; i < size; i++) {
      const line: number[] = []
      for (let j = 0; j < size; j++) line.push((columns ? m[j * size + i] : m[i * size + j]) as number)
      let run = 1
      for (let j = 1; j <= size; j++) {
        if (j < size && line[j] === line[j - 1]) {
          run++
        } else {
          if (run >= 5) score += run - 2
          run = 1
        }
      }
      const padded = `0000${line.join('')}0000`
      for (let j = 0; j + 11 <= padded.length; j++) {
        const w = padded.slice(j, j + 11)
        if (w === '00001011101' || w === '10111010000') score += 40
      }
    }
  }
  for (let r = 0; r + 1 < size; r++) {
    for (let c = 0; c + 1 < size; c++) {
      const a = m[r * size + c]
      if (a === m[r * size + c + 1] && a === m[(r + 1) * size + c] && a === m[(r + 1) * size + c + 1]) score += 3
    }
  }
  let dark = 0
  for (const v of m) dark += v
  const total = size * size
  return score + 10 * Math.floor(Math.abs(dark * 20 - total * 10) / total)
}

test('penalty score equals a direct transcription of the four rules', () => {
  let x = 12345
  const random = (): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    return x / 2 ** 32
  }
  for (const size of [21, 25, 29, 57, 93, 177]) {
    for (const density of [0, 0.1, 0.5, 0.9, 1]) {
      const m = new Uint8Array(size * size)
      for (let i = 0; i < m.length; i++) m[i] = random() < density ? 1 : 0
      assert.equal(penaltyScore(m, size), naivePenalty(m, size), `random ${size}² at density ${density}`)
    }
    // Finder-like patterns at the very start and end of lines, where the quiet zone matters.
    const m = new Uint8Array(size * size)
    const finder = [1, 0, 1, 1, 1, 0, 1]
    for (let r = 0; r < size; r += 3) {
      for (let k = 0; k < 7; k++) {
        m[r * size + k] = finder[k] as number
        m[r * size + size - 7 + k] = finder[k] as number
      }
    }
    assert.equal(penaltyScore(m, size), naivePenalty(m, size), `edge patterns ${size}²`)
  }
  for (const ecc of ECCS) {
    const q = encodeQr(hc1Like(600), ecc)
    assert.equal(penaltyScore(q.modules, q.size), naivePenalty(q.modules, q.size), `encoded symbol at ${ecc}`)
  }
})

// ---------------------------------------------------------------------------------------------------------------
// Rendering, then reading back.

test('PNG: valid 1-bit greyscale, (size + 2·margin)·scale pixels, pixels match the module matrix', () => {
  for (const [length, options] of [
    [20, {}],
    [600, { ecc: 'Q', scale: 4, margin: 4 }],
    [150, { ecc: 'H', scale: 3, margin: 0 }],
    [90, { ecc: 'L', scale: 1, margin: 2 }],
    [40, { ecc: 'M', scale: 7, margin: 5 }],
  ] as const) {
    const text = hc1Like(length)
    const png = renderQrPng(text, options)
    const { size, modules } = qrMatrix(text, options)
    const scale = options.scale ?? 4
    const margin = options.margin ?? 4
    const side = (size + 2 * margin) * scale
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const img = pngPixels(png) // pngjs checks the chunk CRCs and the zlib stream
    assert.equal(img.width, side)
    assert.equal(img.height, side)
    assert.equal(img.depth, 1)
    assert.equal(img.colorType, 0)
    assert.equal(img.interlace, false)
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const r = Math.floor(y / scale) - margin
        const c = Math.floor(x / scale) - margin
        const dark = r >= 0 && c >= 0 && r < size && c < size && modules[r * size + c] === 1
        const grey = img.data[(y * side + x) * 4]
        if (grey !== (dark ? 0 : 255))
          assert.fail(`pixel (${x}, ${y}) of ${length} chars: ${grey}, module dark=${dark}`)
      }
    }
  }
})

test('PNG round trip through readQr: HC1-like strings of several lengths at every ECC level', async () => {
  for (const length of [4, 13, 14, 100, 350, 600, 1100]) {
    for (const ecc of ECCS) {
      const text = hc1Like(length)
      assert.equal(await readQr(renderQrPng(text, { ecc })), text, `${length} chars at ${ecc}`)
    }
  }
})

test('every version 1–40 at every ECC level reads back (strings filling each version)', async () => {
  for (let v = 1; v <= 40; v++) {
    for (const ecc of ECCS) {
      const text = hc1Like(qrVersion.getCapacity(v, qrEcl[ecc], qrMode.ALPHANUMERIC), v)
      const q = qrMatrix(text, { ecc })
      assert.equal(q.version, v)
      assert.equal(await readQr(renderQrPng(text, { ecc, scale: 2 })), text, `v${v}-${ecc}`)
    }
  }
})

test('jsQR reads our symbols too: every length 1–64 and a few long HC1 strings, every ECC level', () => {
  for (const ecc of ECCS) {
    for (let length = 1; length <= 64; length++) {
      const text = hc1Like(length) // every bit count, so every terminator and padding case
      assert.equal(jsqrRead(renderQrPng(text, { ecc, scale: 3 })), text, `${length} chars at ${ecc}`)
    }
    for (const length of [300, 600, 900]) {
      const text = hc1Like(length)
      assert.equal(jsqrRead(renderQrPng(text, { ecc, scale: 3 })), text, `${length} chars at ${ecc}`)
    }
  }
})

test('byte mode for text outside the alphanumeric set, read back as the same text', async () => {
  for (const text of ['hc1:lower case', 'Grüße, Zoë! ✓', '{"v":[{"dn":1}]}', 'a', 'x'.repeat(700)]) {
    for (const ecc of ['L', 'Q'] as const) assert.equal(await readQr(renderQrPng(text, { ecc })), text)
  }
})

test('every mask pattern gets chosen for some input, and the chosen one is reported', () => {
  const seen = new Set<number>()
  for (let seed = 1; seed <= 400 && seen.size < 8; seed++) seen.add(encodeQr(hc1Like(30 + (seed % 50), seed), 'Q').mask)
  assert.equal(seen.size, 8)
})

test('SVG: viewBox in modules, one path of merged runs that redraws the matrix', () => {
  const text = hc1Like(600)
  const { size, modules } = qrMatrix(text)
  const svg = renderQrSvg(text)
  const side = size + 8
  assert.match(svg, new RegExp(`^<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}"`))
  assert.match(svg, new RegExp(` width="${side * 4}" height="${side * 4}"`))
  assert.match(svg, /shape-rendering="crispEdges"/)
  assert.equal(svg.match(/<path /g)?.length, 1)
  const d = /<path [^>]*d="([^"]*)"/.exec(svg)?.[1] ?? ''
  const drawn = new Uint8Array(size * size)
  let runs = 0
  for (const [, x, y, w] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    runs++
    for (let i = 0; i < Number(w); i++) drawn[(Number(y) - 4) * size + Number(x) - 4 + i] = 1
  }
  assert.equal(d.replace(/M(\d+) (\d+)h(\d+)v1h-\3z/g, ''), '', 'path holds only run rectangles')
  assert.deepEqual(drawn, modules)
  let maximalRuns = 0
  for (let i = 0; i < modules.length; i++)
    if (modules[i] === 1 && (i % size === 0 || modules[i - 1] === 0)) maximalRuns++
  assert.equal(runs, maximalRuns, 'one rectangle per maximal horizontal run of dark modules')

  const small = renderQrSvg('HC1:ABC', { margin: 0, scale: 10, ecc: 'L' })
  assert.match(small, /viewBox="0 0 21 21" width="210" height="210"/)
})

test('bad options, empty text or text beyond version 40 throw HcertError QR_RENDER', () => {
  const text = 'HC1:ABC'
  const bad: unknown[] = [
    { scale: 0 },
    { scale: 33 },
    { scale: 2.5 },
    { scale: Number.NaN },
    { scale: '4' },
    { margin: -1 },
    { margin: 1.5 },
    { margin: 65 },
    { ecc: 'X' },
    { ecc: 'q' },
  ]
  for (const options of bad) {
    for (const render of [renderQrPng, renderQrSvg, qrMatrix]) {
      assert.throws(() => render(text, options as never), isQrRender, JSON.stringify(options))
    }
  }
  assert.throws(() => renderQrPng(''), isQrRender)
  const v40L = qrVersion.getCapacity(40, qrEcl.L, qrMode.ALPHANUMERIC) // 4296
  assert.equal(qrMatrix(hc1Like(v40L), { ecc: 'L' }).version, 40)
  assert.throws(() => renderQrPng(hc1Like(v40L + 1), { ecc: 'L' }), isQrRender)
  assert.throws(() => renderQrSvg(hc1Like(3000)), isQrRender)
  assert.throws(() => renderQrPng('é'.repeat(2000), { ecc: 'H' }), isQrRender)
})

// ---------------------------------------------------------------------------------------------------------------
// Reading: JPEG, garbage.

/** 'HC1:JPEG TEST' rendered by our encoder (ECC L, 2 px per module) and saved as a quality-30 JPEG by jpeg-js. */
const JPEG_FIXTURE = [
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wCEABsSFBcUERsXFhceHBsgKEIrKCUlKFE6PTBCYFVlZF9VXVtqeJmBanGQc1tdhbWGkJ6j',
  'q62rZ4C8ybqmx5moq6QBHB4eKCMoTisrTqRuXW6kpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSk',
  'pKSkpP/AABEIADoAOgMBEQACEQEDEQH/xAGiAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgsQAAIBAwMCBAMFBQQEAAABfQEC',
  'AwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVm',
  'Z2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq',
  '8fLz9PX29/j5+gEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoLEQACAQIEBAMEBwUEBAABAncAAQIDEQQFITEGEkFRB2FxEyIy',
  'gQgUQpGhscEJIzNS8BVictEKFiQ04SXxFxgZGiYnKCkqNTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqCg4SF',
  'hoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2dri4+Tl5ufo6ery8/T19vf4+fr/2gAMAwEA',
  'AhEDEQA/AOmoAKACgAoAKACgAoAKACgDi1Fha6VZzz2H2iSffk+cyY2tjtQBe0+K1+3aTc2tt5HneduXeW6AgcmgDXUSzz2c89hs',
  'kXfk+cD5ORjt97P6UAZCWdrN/Y1t5n2m3Pn/ADYKbu/TqOaAKumtpd/fR239leXvz832hjjAJ6fhQBu+G/8AkB2//Av/AEI0AadA',
  'BQBzMVjdfYYLa60Xz/J3bW+1BepyeBQBZtLW6+3WH/Eu+yW9t5n/AC3D/eH59f50AUZEl1OeJ0m8iPVM702htvljjnv09vxoAvNa',
  '3UP9my2unbfs/m7oPPHy7uB8x6+tAEdtaS2s6zweH9ki5wftgOMjHegDS0S3ltdKhgnXZIu7IyDjLE9qAL9ABQBx9lp91DvuNNi+',
  '05x5F1uCbezfIx57jn60ASyQ2C6VFqCaRvjbO8faWGzDbR9c0AEl7YWulRJaXfm3ltnyX8tlxub5uDx0z1oAvWWn2sO/U9Ni+05x',
  '5Ee4pt/hbljz36igCOTVIotVifURskXOE5P2bK+oHz7uPpQB0NABQAUAc9YyyyQW09pomY4d/kn7UOMkhuv49aACxhitdVtkfSPs',
  'skm/Y/2kvjCnPH+etAFXS9GiuoNOnMG+NvN+0HeRnBIXv/KgC1qOqRRz29xOPLvLXdm15OdwA++Bjpz+lAEWgS2ulWIubq52/a/u',
  'rsJxtJB5GfWgDX0RIo9KhSCbzoxuw+0rn5j2NAF+gAoA49tPur/Q9N+yxeZs83d8wGMtx1PtQBfs7eW1n0SCddki+fkZBxkZ7UAZ',
  'lpfy28F/Pp1r5MZ8vJ8wN5XOO/3s8/SgC9/xK5f+m+nw/wC8v2bP6vub8qAKMmlxLBEkp+zyQZ+2Py+zcfk4zzn2/GgDpdEeKTSo',
  'Xgh8mM7sJuLY+Y9zQBfoAKAMz/hHtL/59f8AyI3+NAElto1hazrPBBskXODvY4yMdzQBL/Z9r9h+xeV/o/8Ac3H1z1znrQAXun2t',
  '/s+1ReZszt+YjGevQ+1AEVto1hazrPBBskXODvY4yMdzQBatreK1gWCBdka5wMk4yc96AJaACgAoAKACgAoAKACgAoA//9k=',
].join('')

test('reads a QR code from a JPEG', async () => {
  assert.equal(await readQr(Buffer.from(JPEG_FIXTURE, 'base64')), 'HC1:JPEG TEST')
})

test('garbage input rejects with QR_READ, never another error and never a hang', async () => {
  let x = 99
  const bytes = (n: number): Uint8Array => {
    const b = new Uint8Array(n)
    for (let i = 0; i < n; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0
      b[i] = x >>> 24
    }
    return b
  }
  const png = renderQrPng(hc1Like(200))
  const withHeader = (header: Uint8Array, n: number): Uint8Array => Buffer.concat([header, bytes(n)])
  const hugePng = Buffer.from(png)
  hugePng.writeUInt32BE(100_000, 16)
  hugePng.writeUInt32BE(100_000, 20)
  const zeroPng = Buffer.from(png)
  zeroPng.writeUInt32BE(0, 16)
  const cases: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['one byte', Uint8Array.of(0x89)],
    ['random 10 B', bytes(10)],
    ['random 100 kB', bytes(100_000)],
    ['PNG signature only', png.subarray(0, 8)],
    ['PNG cut in the IHDR', png.subarray(0, 20)],
    ['PNG cut after the IHDR', png.subarray(0, 33)],
    ['PNG cut in the IDAT', png.subarray(0, png.length >> 1)],
    ['PNG without IEND', png.subarray(0, png.length - 12)],
    ['PNG header + random', withHeader(png.subarray(0, 33), 5000)],
    ['PNG claiming 10^10 pixels', hugePng],
    ['PNG claiming width 0', zeroPng],
    ['JPEG SOI only', Uint8Array.of(0xff, 0xd8, 0xff)],
    ['JPEG SOI + random', withHeader(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10), 5000)],
    ['GIF', new TextEncoder().encode('GIF89a\x01\x00\x01\x00')],
    ['text', new TextEncoder().encode(hc1Like(100))],
  ]
  for (const [name, image] of cases) {
    await assert.rejects(readQr(image), (e: unknown) => isHcertError(e, 'QR_READ'), name)
  }
  await assert.rejects(readQr('HC1:...' as unknown as Uint8Array), (e: unknown) => isHcertError(e, 'QR_READ'))
  await assert.rejects(readQr(undefined as unknown as Uint8Array), (e: unknown) => isHcertError(e, 'QR_READ'))
  // Damaged PNGs may still decode (a changed CRC byte, say) or not; either way, no other kind of error.
  for (let i = 0; i < 40; i++) {
    const damaged = Buffer.from(png)
    const noise = bytes(6)
    for (let k = 0; k < 6; k += 2) {
      damaged[8 + (((noise[k] as number) * 7919 + i * 131) % (png.length - 8))] = noise[k + 1] as number
    }
    await readOutcome(damaged)
  }
  // And the reader still works afterwards.
  assert.equal(await readQr(png), hc1Like(200))
})

test('a valid image without a QR code rejects with QR_READ; RGBA PNGs from another writer read fine', async () => {
  const blank = new PNG({ width: 120, height: 90 })
  blank.data.fill(255)
  await assert.rejects(readQr(PNG.sync.write(blank)), (e: unknown) => isHcertError(e, 'QR_READ'))
  await assert.rejects(readQr(Buffer.from(renderQrSvg('HC1:X'))), (e: unknown) => isHcertError(e, 'QR_READ'))

  // The same symbol drawn by pngjs as 8-bit RGBA, grey on off-white, 3 px per module.
  const text = hc1Like(250)
  const { size, modules } = qrMatrix(text)
  const side = (size + 8) * 3
  const rgba = new PNG({ width: side, height: side })
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const r = Math.floor(y / 3) - 4
      const c = Math.floor(x / 3) - 4
      const dark = r >= 0 && c >= 0 && r < size && c < size && modules[r * size + c] === 1
      rgba.data.fill(dark ? 60 : 230, (y * side + x) * 4, (y * side + x) * 4 + 3)
      rgba.data[(y * side + x) * 4 + 3] = 255
    }
  }
  assert.equal(await readQr(PNG.sync.write(rgba)), text)
})

test('concurrent reads resolve independently', async () => {
  const texts = [100, 200, 300, 400].map((n) => hc1Like(n))
  assert.deepEqual(await Promise.all(texts.map((t) => readQr(renderQrPng(t)))), texts)
})

// ---------------------------------------------------------------------------------------------------------------
// The public DCC test corpus (dgc-testdata), from the shared test data beside the repository.

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const SHARED_TESTDATA = resolve(REPO_ROOT, '../shared/testdata')
const CORPUS = join(SHARED_TESTDATA, 'dgc-testdata')

function requireCorpus(): string {
  if (!existsSync(SHARED_TESTDATA)) {
    assert.fail(`the shared test data is missing: expected ${SHARED_TESTDATA} (../shared/testdata beside the repo)`)
  }
  if (!existsSync(CORPUS)) assert.fail(`the shared test data has no dgc-testdata: expected ${CORPUS}`)
  return CORPUS
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [path]
  })
}

/**
 * Known inconsistencies of the corpus itself: these images hold a different certificate than the JSON's PREFIX
 * (jsQR reads the same text as zxing), so only reader agreement is checked for them.
 */
const CORPUS_MISMATCHES = new Set([
  'ES/png/2101.png',
  'ES/png/2102.png',
  'ES/png/2103.png',
  'ES/2DCode/raw/501.json',
  'ES/2DCode/raw/502.json',
  'ES/2DCode/raw/503.json',
])

/**
 * The JSON of a PNG: `<base>/png/<name>.png` or `<base>/2DCode/png/<name>.png` ↔ `<base>/2DCode/raw/<json>.json`,
 * `<json>` being the name itself, or with `_Raw` appended (FR), a `<CC>-` prefix removed (BG), `-` as `_` (FR).
 */
function jsonFor(png: string): string | undefined {
  const dir = dirname(png)
  const base = basename(dir) === 'png' && basename(dirname(dir)) === '2DCode' ? dirname(dirname(dir)) : dirname(dir)
  const raw = join(base, '2DCode', 'raw')
  const name = basename(png, '.png')
  for (const candidate of [name, `${name}_Raw`, name.replace(/^[A-Z]{2}-/, ''), name.replaceAll('-', '_')]) {
    const path = join(raw, `${candidate}.json`)
    if (existsSync(path)) return path
  }
  return undefined
}

async function checkCorpusImage(id: string, image: Uint8Array, prefix: string): Promise<void> {
  const text = await readQr(image)
  if (CORPUS_MISMATCHES.has(id)) {
    assert.equal(text, jsqrRead(image), `${id}: zxing and jsQR disagree`)
    assert.ok(text.startsWith('HC1:'), id)
  } else {
    assert.equal(text, prefix, id)
  }
}

test('corpus: every PNG decodes to the PREFIX of its test JSON', async (t) => {
  const corpus = requireCorpus()
  const pngs = walk(corpus).filter((p) => p.endsWith('.png'))
  let paired = 0
  const unpaired: string[] = []
  for (const png of pngs) {
    const id = relative(corpus, png)
    const json = jsonFor(png)
    const image = readFileSync(png)
    if (json === undefined) {
      // No expected text to compare with: it must still read as an HC1 string.
      unpaired.push(id)
      assert.match(await readQr(image), /^HC1:/, id)
      continue
    }
    const { PREFIX } = JSON.parse(readFileSync(json, 'utf8')) as { PREFIX: string }
    await checkCorpusImage(id, image, PREFIX)
    paired++
  }
  if (unpaired.length > 0) t.diagnostic(`PNGs without a matching JSON (read, not compared): ${unpaired.join(', ')}`)
  t.diagnostic(`${paired} PNGs paired with their JSON`)
  assert.ok(paired >= 400, `only ${paired} PNG/JSON pairs found under ${corpus}`)
})

test('corpus: the base64 2DCODE images of the test JSONs decode to PREFIX; Q1 (not a picture) is refused', async (t) => {
  const corpus = requireCorpus()
  const jsons = walk(corpus).filter((p) => p.endsWith('.json') && basename(dirname(p)) === 'raw')
  let decoded = 0
  let refused = 0
  for (const json of jsons) {
    const id = relative(corpus, json)
    const data = JSON.parse(readFileSync(json, 'utf8')) as {
      PREFIX?: string
      '2DCODE'?: string
      EXPECTEDRESULTS?: { EXPECTEDPICTUREDECODE?: boolean }
    }
    const code = data['2DCODE']
    if (typeof code !== 'string' || code === '') continue
    const image = Buffer.from(code, 'base64')
    if (data.EXPECTEDRESULTS?.EXPECTEDPICTUREDECODE === false) {
      await assert.rejects(readQr(image), (e: unknown) => isHcertError(e, 'QR_READ'), id)
      refused++
      continue
    }
    await checkCorpusImage(id, image, data.PREFIX ?? '')
    decoded++
  }
  t.diagnostic(`${decoded} 2DCODE images decoded, ${refused} refused as expected`)
  assert.ok(decoded >= 400, `only ${decoded} 2DCODE images found`)
  assert.ok(existsSync(join(corpus, 'common/2DCode/raw/Q1.json')), 'common/Q1 is missing')
  assert.equal(refused, 1)
  const q1 = JSON.parse(readFileSync(join(corpus, 'common/2DCode/raw/Q1.json'), 'utf8')) as { '2DCODE': string }
  await assert.rejects(readQr(Buffer.from(q1['2DCODE'], 'base64')), (e: unknown) => isHcertError(e, 'QR_READ'))
})
