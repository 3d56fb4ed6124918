/**
 * QR code reading from PNG/JPEG bytes, with ZXing-C++ compiled to WebAssembly (`zxing-wasm`).
 */
import { readFile } from 'node:fs/promises'
import { prepareZXingModule, purgeZXingModule, type ReaderOptions, readBarcodes } from 'zxing-wasm/reader'
import { HcertError } from '../errors.ts'

/**
 * Images above this many pixels are refused before decoding: the WASM heap would have to hold the decoded bitmap,
 * and a 40-byte PNG header can claim gigapixels. 50 MP still admits any phone photo.
 */
const MAX_PIXELS = 50_000_000

// zxing-wasm's default locateFile points at a CDN. The binary is read from the installed package instead, once,
// and the module is instantiated lazily on the first read.
let ready: Promise<unknown> | undefined

function zxing(): Promise<unknown> {
  ready ??= (async () => {
    const wasmBinary = await readFile(new URL(import.meta.resolve('zxing-wasm/reader/zxing_reader.wasm')))
    const buffer = wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength)
    return prepareZXingModule({ overrides: { wasmBinary: buffer }, fireImmediately: true })
  })().catch((error: unknown) => {
    ready = undefined
    throw new HcertError('QR_READ', 'cannot load the QR reader (zxing-wasm)', { cause: error })
  })
  return ready
}

type ImageKind = 'png' | 'jpeg'

function u16(b: Uint8Array, at: number): number {
  return ((b[at] as number) << 8) | (b[at + 1] as number)
}

function u32(b: Uint8Array, at: number): number {
  return (
    (((b[at] as number) << 24) |
      ((b[at + 1] as number) << 16) |
      ((b[at + 2] as number) << 8) |
      (b[at + 3] as number)) >>>
    0
  )
}

/** Width × height from the PNG IHDR or the first JPEG SOFn marker, or undefined when the header is cut short. */
function pixelCount(image: Uint8Array, kind: ImageKind): number | undefined {
  if (kind === 'png') {
    // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4).
    if (image.length < 24 || u32(image, 12) !== 0x49484452) return undefined
    return u32(image, 16) * u32(image, 20)
  }
  let at = 2
  while (at + 4 <= image.length) {
    if (image[at] !== 0xff) return undefined
    const marker = image[at + 1] as number
    if (marker === 0xff) {
      at++ // fill byte
      continue
    }
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 9 > image.length) return undefined
      return u16(image, at + 5) * u16(image, at + 7)
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2 // markers without a length
      continue
    }
    at += 2 + u16(image, at + 2)
  }
  return undefined
}

function imageKind(image: Uint8Array): ImageKind | undefined {
  const b = image
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    if (b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'png'
  }
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg'
  return undefined
}

// A cheap pass first: generated or well-scanned codes (all of the DCC test corpus) decode without the extra
// effort, and tryHarder on a clean image only costs time. The thorough pass catches photos.
const FAST: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: false,
  tryRotate: false,
  tryInvert: false,
  tryDownscale: true,
  maxNumberOfSymbols: 1,
}
const THOROUGH: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: true,
  tryRotate: true,
  tryInvert: true,
  tryDownscale: true,
  maxNumberOfSymbols: 1,
}

async function decode(image: Uint8Array, options: ReaderOptions): Promise<string | undefined> {
  await zxing()
  try {
    const results = await readBarcodes(image, options)
    return results.find((r) => r.isValid)?.text
  } catch (error) {
    // An abort inside the WASM module (e.g. out of memory) leaves it unusable: start afresh next time.
    purgeZXingModule()
    ready = undefined
    throw new HcertError('QR_READ', 'the QR reader failed on this image', { cause: error })
  }
}

/**
 * Reads the first QR code in a PNG or JPEG image and returns its text (for a byte-mode code, the text ZXing
 * decodes from the bytes). Rejects with `HcertError('QR_READ')` when the bytes are not a PNG/JPEG, the image
 * cannot be decoded, or it holds no readable QR code.
 *
 * @example
 * const hc1 = await readQr(readFileSync('certificate.png')) // 'HC1:NCF...'
 */
export async function readQr(image: Uint8Array): Promise<string> {
  if (!(image instanceof Uint8Array)) throw new HcertError('QR_READ', 'the image must be a Uint8Array')
  const kind = imageKind(image)
  if (kind === undefined) throw new HcertError('QR_READ', 'not a PNG or JPEG image')
  const pixels = pixelCount(image, kind)
  if (pixels === undefined) throw new HcertError('QR_READ', `truncated or malformed ${kind.toUpperCase()} header`)
  if (pixels === 0 || pixels > MAX_PIXELS) {
    throw new HcertError('QR_READ', `image size out of range (${pixels} pixels, at most ${MAX_PIXELS})`)
  }
  const text = (await decode(image, FAST)) ?? (await decode(image, THOROUGH))
  if (text === undefined) throw new HcertError('QR_READ', `no QR code found in the ${kind.toUpperCase()} image`)
  return text
}
