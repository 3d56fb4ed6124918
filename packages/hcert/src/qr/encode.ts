/**
 * QR code encoder (ISO/IEC 18004): text → module matrix.
 *
 * Built for throughput: everything that depends only on the version (function patterns, the data placement
 * path, the eight mask patterns restricted to data modules) is computed once per version and cached, so encoding
 * a payload is one Reed–Solomon pass, one scatter of the codeword bits, and eight XOR + penalty passes over a
 * single `Uint8Array`, with no per-module allocation.
 */
import { HcertError } from '../errors.ts'
import { maskedPenalty, nibblesPerLine, packLines } from './penalty.ts'

/** Error correction level: recovers about 7 % (L), 15 % (M), 25 % (Q) or 30 % (H) of the codewords. */
export type QrEcc = 'L' | 'M' | 'Q' | 'H'

/** An encoded symbol, without quiet zone. */
export interface QrMatrix {
  /** Modules per side: 4 · version + 17. */
  size: number
  /** Row-major, `size * size` entries, 1 = dark, 0 = light. */
  modules: Uint8Array
  /** 1–40. */
  version: number
  ecc: QrEcc
  /** The mask pattern applied (0–7): the one with the lowest penalty score. */
  mask: number
}

const ECC_ROW: Record<QrEcc, number> = { L: 0, M: 1, Q: 2, H: 3 }
/** The two ECC bits of the format information (note: not in L, M, Q, H order). */
const ECC_FORMAT_BITS: Record<QrEcc, number> = { L: 1, M: 0, Q: 3, H: 2 }

// ISO/IEC 18004 table 9, per version (index 0 unused), rows L, M, Q, H.
// Error correction codewords in each block:
const ECC_PER_BLOCK: readonly (readonly number[])[] = [
  [
    0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
  [
    0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28,
    28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  ],
  [
    0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
  [
    0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
]
// Number of error correction blocks (groups 1 and 2 together):
const BLOCK_COUNT: readonly (readonly number[])[] = [
  [
    0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19,
    19, 20, 21, 22, 24, 25,
  ],
  [
    0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33,
    35, 37, 38, 40, 43, 45, 47, 49,
  ],
  [
    0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43,
    45, 48, 51, 53, 56, 59, 62, 65, 68,
  ],
  [
    0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51,
    54, 57, 60, 63, 66, 70, 74, 77, 81,
  ],
]

function table(rows: readonly (readonly number[])[], ecc: QrEcc, version: number): number {
  return rows[ECC_ROW[ecc]]?.[version] ?? 0
}

/** Modules available for codewords (data + ECC + remainder bits) once the function patterns are drawn. */
function rawDataModules(version: number): number {
  let n = (16 * version + 128) * version + 64
  if (version >= 2) {
    const align = Math.floor(version / 7) + 2
    n -= (25 * align - 10) * align - 55
    if (version >= 7) n -= 36
  }
  return n
}

/**
 * Total codewords (data + ECC) of a version.
 *
 * @example
 * totalCodewords(1) // 26
 */
export function totalCodewords(version: number): number {
  return rawDataModules(version) >> 3
}

/**
 * Data codewords a version holds at an ECC level.
 *
 * @example
 * dataCodewords(1, 'L') // 19
 */
export function dataCodewords(version: number, ecc: QrEcc): number {
  return totalCodewords(version) - table(ECC_PER_BLOCK, ecc, version) * table(BLOCK_COUNT, ecc, version)
}

/**
 * Centre coordinates (rows and columns alike) of the alignment patterns.
 *
 * @example
 * alignmentPositions(7) // [6, 22, 38]
 */
export function alignmentPositions(version: number): number[] {
  if (version === 1) return []
  const count = Math.floor(version / 7) + 2
  const last = 4 * version + 10
  // Spacing is even and as equal as possible, the odd gap going first; version 32 is the one irregular entry.
  const step = version === 32 ? 26 : Math.ceil((4 * version + 4) / (2 * count - 2)) * 2
  const positions = [6]
  for (let i = count - 2; i >= 0; i--) positions.push(last - i * step)
  return positions
}

// ---------------------------------------------------------------------------------------------------------------
// Reed–Solomon over GF(256), primitive polynomial x^8 + x^4 + x^3 + x^2 + 1.

/**
 * Logarithm stand-in for 0. Every index built from it (plus a real logarithm, at most 254 + 254 apart) lands in
 * the zero tail of GF_EXP, so products with 0 need no branch.
 */
const LOG_ZERO = 600
const GF_EXP = new Uint8Array(2 * LOG_ZERO + 1)
const GF_LOG = new Uint16Array(256)
{
  let x = 1
  for (let i = 0; i < 255; i++) {
    GF_EXP[i] = x
    GF_LOG[x] = i
    x <<= 1
    if (x & 0x100) x ^= 0x11d
  }
  // Doubling the table lets products skip the `% 255`.
  for (let i = 255; i < 510; i++) GF_EXP[i] = GF_EXP[i - 255] as number
  GF_LOG[0] = LOG_ZERO
}

function gfMul(a: number, b: number): number {
  return GF_EXP[(GF_LOG[a] as number) + (GF_LOG[b] as number)] as number
}

const generators = new Map<number, Uint16Array>()

/** Logarithms of the coefficients of ∏(x − αⁱ), i < degree, highest power first, the leading 1 omitted. */
function generator(degree: number): Uint16Array {
  let g = generators.get(degree)
  if (g !== undefined) return g
  const poly = new Uint8Array(degree)
  poly[degree - 1] = 1
  let root = 1
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      poly[j] = gfMul(poly[j] as number, root) ^ (j + 1 < degree ? (poly[j + 1] as number) : 0)
    }
    root = gfMul(root, 2)
  }
  g = new Uint16Array(degree)
  for (let j = 0; j < degree; j++) g[j] = GF_LOG[poly[j] as number] as number
  generators.set(degree, g)
  return g
}

/** The ECC codewords of one block: the remainder of data(x)·x^n divided by the generator (an LFSR). */
function reedSolomon(data: Uint8Array, start: number, end: number, genLog: Uint16Array, out: Uint8Array): void {
  const last = genLog.length - 1
  out.fill(0)
  for (let i = start; i < end; i++) {
    const logF = GF_LOG[(data[i] as number) ^ (out[0] as number)] as number
    for (let j = 0; j < last; j++) {
      out[j] = (out[j + 1] as number) ^ (GF_EXP[(genLog[j] as number) + logF] as number)
    }
    out[last] = GF_EXP[(genLog[last] as number) + logF] as number
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Data segment: alphanumeric when every character is in the 45-character set (HC1 payloads always are),
// otherwise byte mode over UTF-8.

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'
const ALNUM_VALUE = new Int8Array(128).fill(-1)
for (let i = 0; i < ALNUM.length; i++) ALNUM_VALUE[ALNUM.charCodeAt(i)] = i

interface Segment {
  mode: 'alphanumeric' | 'byte'
  /** Characters (alphanumeric) or bytes (byte mode): the value of the character count indicator. */
  count: number
  bytes: Uint8Array | undefined
  text: string
}

function isAlphanumeric(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 128 || ALNUM_VALUE[c] === -1) return false
  }
  return true
}

function makeSegment(text: string): Segment {
  if (isAlphanumeric(text)) return { mode: 'alphanumeric', count: text.length, bytes: undefined, text }
  const bytes = new TextEncoder().encode(text)
  return { mode: 'byte', count: bytes.length, bytes, text }
}

function countBits(segment: Segment, version: number): number {
  if (segment.mode === 'alphanumeric') return version <= 9 ? 9 : version <= 26 ? 11 : 13
  return version <= 9 ? 8 : 16
}

function payloadBits(segment: Segment): number {
  if (segment.mode === 'alphanumeric') return 11 * (segment.count >> 1) + 6 * (segment.count & 1)
  return 8 * segment.count
}

/** Writes bits MSB-first into a zeroed byte array. */
class BitWriter {
  readonly bytes: Uint8Array
  bit = 0
  constructor(length: number) {
    this.bytes = new Uint8Array(length)
  }
  /** Appends the low `bits` (at most 24) bits of `value`. */
  write(value: number, bits: number): void {
    // Align the value right after the bits already in the current byte, then OR it in byte by byte.
    let at = this.bit >> 3
    const used = this.bit & 7
    let remaining = used + bits
    const aligned = value << (32 - remaining)
    for (let shift = 24; remaining > 0; shift -= 8, remaining -= 8, at++) {
      this.bytes[at] = (this.bytes[at] as number) | ((aligned >>> shift) & 0xff)
    }
    this.bit += bits
  }
}

/** Mode indicator, character count, payload, terminator and pad codewords: exactly the data codewords. */
function dataBytes(segment: Segment, version: number, ecc: QrEcc): Uint8Array {
  const capacity = dataCodewords(version, ecc)
  const w = new BitWriter(capacity)
  if (segment.mode === 'alphanumeric') {
    w.write(0b0010, 4)
    w.write(segment.count, countBits(segment, version))
    const t = segment.text
    let i = 0
    for (; i + 1 < t.length; i += 2) {
      w.write((ALNUM_VALUE[t.charCodeAt(i)] as number) * 45 + (ALNUM_VALUE[t.charCodeAt(i + 1)] as number), 11)
    }
    if (i < t.length) w.write(ALNUM_VALUE[t.charCodeAt(i)] as number, 6)
  } else {
    w.write(0b0100, 4)
    w.write(segment.count, countBits(segment, version))
    for (const b of segment.bytes ?? []) w.write(b, 8)
  }
  // The terminator (four zero bits, fewer when the capacity ends first) and the padding to a byte boundary are
  // zeros already; the pad codewords start after them.
  let at = (Math.min(w.bit + 4, capacity * 8) + 7) >> 3
  for (let pad = 0xec; at < capacity; at++, pad ^= 0xec ^ 0x11) w.bytes[at] = pad
  return w.bytes
}

/** Splits into blocks, appends each block's ECC, and interleaves: the final codeword sequence. */
function codewords(data: Uint8Array, version: number, ecc: QrEcc): Uint8Array {
  const blocks = table(BLOCK_COUNT, ecc, version)
  const eccLen = table(ECC_PER_BLOCK, ecc, version)
  const total = totalCodewords(version)
  const shortBlocks = blocks - (total % blocks)
  const shortData = Math.floor(total / blocks) - eccLen
  const gen = generator(eccLen)
  const out = new Uint8Array(total)
  const eccBuf = new Uint8Array(eccLen)
  let start = 0
  for (let b = 0; b < blocks; b++) {
    const len = shortData + (b < shortBlocks ? 0 : 1)
    // Data codeword i of block b lands at i·blocks + b, except that the long blocks' extra last codeword comes
    // after all the short blocks' rows.
    for (let i = 0; i < shortData; i++) out[i * blocks + b] = data[start + i] as number
    if (len > shortData) out[shortData * blocks + (b - shortBlocks)] = data[start + shortData] as number
    reedSolomon(data, start, start + len, gen, eccBuf)
    const eccStart = data.length
    for (let i = 0; i < eccLen; i++) out[eccStart + i * blocks + b] = eccBuf[i] as number
    start += len
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------------
// Per-version template: function patterns, placement path, masks.

interface Template {
  size: number
  /** Function patterns drawn (version information included), data modules 0. */
  base: Uint8Array
  /** Module index of each codeword bit, in placement order. */
  path: Uint16Array
  /** Per mask: 1 on the data modules the mask flips, 0 elsewhere (function modules are never masked). */
  masks: Uint8Array[]
  /** The same masks packed for the penalty scan (see penalty.ts): rows, then columns. */
  maskRows: Uint8Array[]
  maskCols: Uint8Array[]
  /** Module indexes of format bit i (0 = least significant), first and second copy. */
  formatA: Uint16Array
  formatB: Uint16Array
}

const templates = new Map<number, Template>()

const MASK_TESTS: readonly ((r: number, c: number) => boolean)[] = [
  (r, c) => (r + c) % 2 === 0,
  (r) => r % 2 === 0,
  (_, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0,
]

/** A BCH remainder: `value · x^degree(poly)` mod `poly`, appended to `value`. */
function bch(value: number, poly: number): number {
  const degree = 31 - Math.clz32(poly)
  let rem = value << degree
  for (let d = 31 - Math.clz32(rem); d >= degree; d = 31 - Math.clz32(rem)) rem ^= poly << (d - degree)
  return (value << degree) | rem
}

function formatBits(ecc: QrEcc, mask: number): number {
  return bch((ECC_FORMAT_BITS[ecc] << 3) | mask, 0x537) ^ 0x5412
}

function template(version: number): Template {
  const cached = templates.get(version)
  if (cached !== undefined) return cached
  const size = 4 * version + 17
  const base = new Uint8Array(size * size)
  const fn = new Uint8Array(size * size)
  const set = (r: number, c: number, dark: boolean): void => {
    base[r * size + c] = dark ? 1 : 0
    fn[r * size + c] = 1
  }

  for (let i = 0; i < size; i++) {
    set(6, i, i % 2 === 0)
    set(i, 6, i % 2 === 0)
  }
  // Finder patterns with their light separators: Chebyshev distance 2 and 4 from the centre are light.
  for (const [cr, cc] of [
    [3, 3],
    [3, size - 4],
    [size - 4, 3],
  ] as const) {
    for (let dr = -4; dr <= 4; dr++) {
      for (let dc = -4; dc <= 4; dc++) {
        const r = cr + dr
        const c = cc + dc
        if (r < 0 || r >= size || c < 0 || c >= size) continue
        const d = Math.max(Math.abs(dr), Math.abs(dc))
        set(r, c, d !== 2 && d !== 4)
      }
    }
  }
  const align = alignmentPositions(version)
  const lastAlign = align.length - 1
  for (let i = 0; i <= lastAlign; i++) {
    for (let j = 0; j <= lastAlign; j++) {
      // The three corners that would overlap a finder pattern carry none.
      if ((i === 0 && j === 0) || (i === 0 && j === lastAlign) || (i === lastAlign && j === 0)) continue
      const cr = align[i] as number
      const cc = align[j] as number
      for (let dr = -2; dr <= 2; dr++) {
        for (let dc = -2; dc <= 2; dc++) set(cr + dr, cc + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1)
      }
    }
  }

  const formatA = new Uint16Array(15)
  const formatB = new Uint16Array(15)
  for (let i = 0; i < 15; i++) {
    const [ra, ca] = i < 6 ? [i, 8] : i === 6 ? [7, 8] : i === 7 ? [8, 8] : i === 8 ? [8, 7] : [8, 14 - i]
    const [rb, cb] = i < 8 ? [8, size - 1 - i] : [size - 15 + i, 8]
    formatA[i] = ra * size + ca
    formatB[i] = rb * size + cb
    set(ra, ca, false)
    set(rb, cb, false)
  }
  set(size - 8, 8, true) // the "dark module", always dark, next to the second format copy

  if (version >= 7) {
    const bits = bch(version, 0x1f25)
    for (let i = 0; i < 18; i++) {
      const dark = ((bits >>> i) & 1) === 1
      const a = size - 11 + (i % 3)
      const b = Math.floor(i / 3)
      set(b, a, dark)
      set(a, b, dark)
    }
  }

  // Two-module-wide columns from the right, snaking up then down; column 6 is the vertical timing pattern.
  const path = new Uint16Array(rawDataModules(version))
  let k = 0
  let upward = true
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5
    for (let v = 0; v < size; v++) {
      const r = upward ? size - 1 - v : v
      for (let c = right; c > right - 2; c--) {
        const idx = r * size + c
        if (fn[idx] === 0) path[k++] = idx
      }
    }
    upward = !upward
  }
  if (k !== path.length) throw new Error(`QR template v${version}: ${k} data modules, expected ${path.length}`)

  const masks = MASK_TESTS.map((test) => {
    const m = new Uint8Array(size * size)
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) if (fn[r * size + c] === 0 && test(r, c)) m[r * size + c] = 1
    }
    return m
  })

  const nb = nibblesPerLine(size)
  const maskRows: Uint8Array[] = []
  const maskCols: Uint8Array[] = []
  for (const m of masks) {
    const rows = new Uint8Array(size * nb)
    const cols = new Uint8Array(size * nb)
    packLines(m, size, rows, cols)
    maskRows.push(rows)
    maskCols.push(cols)
  }

  const t: Template = { size, base, path, masks, maskRows, maskCols, formatA, formatB }
  templates.set(version, t)
  return t
}

// ---------------------------------------------------------------------------------------------------------------

/** Sets module `index` (row-major) to `bit` in packed rows and columns. */
function setPacked(rows: Uint8Array, cols: Uint8Array, size: number, nb: number, index: number, bit: number): void {
  const r = Math.floor(index / size)
  const c = index - r * size
  const ri = r * nb + (c >> 2)
  const rs = 3 - (c & 3)
  rows[ri] = ((rows[ri] as number) & ~(1 << rs)) | (bit << rs)
  const ci = c * nb + (r >> 2)
  const cs = 3 - (r & 3)
  cols[ci] = ((cols[ci] as number) & ~(1 << cs)) | (bit << cs)
}

/** The smallest version (1–40) whose data capacity at `ecc` holds `segment`, or 0 when none does. */
function chooseVersion(segment: Segment, ecc: QrEcc): number {
  const bits = payloadBits(segment)
  for (let version = 1; version <= 40; version++) {
    const cc = countBits(segment, version)
    if (segment.count < 2 ** cc && 4 + cc + bits <= dataCodewords(version, ecc) * 8) return version
  }
  return 0
}

/**
 * Encodes `text` as a QR code in the smallest version that fits: alphanumeric mode when every character is in
 * the QR alphanumeric set (`0-9A-Z $%*+-./:`, which covers any HC1 string), byte mode (UTF-8) otherwise.
 * Throws `HcertError('QR_RENDER')` when the text is empty or exceeds version 40.
 *
 * @example
 * const { size, modules, version } = encodeQr('HC1:6BF...', 'Q')
 */
export function encodeQr(text: string, ecc: QrEcc): QrMatrix {
  if (typeof text !== 'string' || text.length === 0) throw new HcertError('QR_RENDER', 'nothing to encode')
  const segment = makeSegment(text)
  const version = chooseVersion(segment, ecc)
  if (version === 0) {
    throw new HcertError(
      'QR_RENDER',
      `text too long for a QR code at ECC ${ecc}: ${segment.count} ${segment.mode === 'byte' ? 'bytes' : 'characters'} (${segment.mode} mode)`,
    )
  }
  const t = template(version)
  const { size, path } = t
  const all = codewords(dataBytes(segment, version, ecc), version, ecc)

  const unmasked = t.base.slice()
  const bitCount = all.length * 8 // remainder bits past the last codeword stay light
  for (let i = 0; i < bitCount; i++) {
    unmasked[path[i] as number] = ((all[i >> 3] as number) >> (7 - (i & 7))) & 1
  }

  // Score the candidates on packed lines; only the winner is expanded to one byte per module.
  const nb = nibblesPerLine(size)
  const rows = new Uint8Array(size * nb)
  const cols = new Uint8Array(size * nb)
  packLines(unmasked, size, rows, cols)
  const prev = new Uint8Array(nb)
  let bestMask = 0
  let bestScore = Number.POSITIVE_INFINITY
  for (let mask = 0; mask < 8; mask++) {
    // Format modules are never masked: write this mask's format information into the unmasked lines.
    const format = formatBits(ecc, mask)
    for (let i = 0; i < 15; i++) {
      const bit = (format >>> i) & 1
      setPacked(rows, cols, size, nb, t.formatA[i] as number, bit)
      setPacked(rows, cols, size, nb, t.formatB[i] as number, bit)
    }
    const score = maskedPenalty(rows, t.maskRows[mask] as Uint8Array, cols, t.maskCols[mask] as Uint8Array, size, prev)
    if (score < bestScore) {
      bestScore = score
      bestMask = mask
    }
  }

  const best = unmasked
  const x = t.masks[bestMask] as Uint8Array
  for (let i = 0; i < best.length; i++) best[i] = (best[i] as number) ^ (x[i] as number)
  const format = formatBits(ecc, bestMask)
  for (let i = 0; i < 15; i++) {
    const bit = (format >>> i) & 1
    best[t.formatA[i] as number] = bit
    best[t.formatB[i] as number] = bit
  }
  return { size, modules: best, version, ecc, mask: bestMask }
}
