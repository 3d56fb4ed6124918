/**
 * Mask penalty score (ISO/IEC 18004 §7.8.3), the hot loop of the encoder: it runs on all 8 mask candidates.
 *
 * Masked modules look random, so any branch on a module's colour mispredicts half the time. The scan is therefore
 * branch-free and table-driven: every line (row or column) is packed 4 modules per byte ("nibble"), a sliding
 * 14-bit window (10 modules of history + 4 new) indexes a table that already sums the rule 1 and rule 3 scores of
 * the 4 new positions. Rule 2 and the dark count use the same nibbles. A symbol of version 19 costs about
 * 2 × 93 × 24 table steps per mask instead of 2 × 93² module steps.
 *
 * Scoring conventions (the standard leaves some room; readers do not care which mask is chosen):
 * - rule 1: a run of n ≥ 5 same-colour modules in a line scores n − 2;
 * - rule 2: each 2×2 block of one colour scores 3, overlapping blocks counted separately;
 * - rule 3: each 1:1:3:1:1 dark-light-dark-light-dark pattern (at module scale) with 4 light modules on one side
 *   scores 40, each side counted separately; the quiet zone counts as light;
 * - rule 4: 10 for each full 5 % step of the dark proportion away from 50 %.
 */

// A window holds module colours with the newest in bit 0; the two finder-like 11-module sequences, oldest first:
const FINDER_BEFORE = 0b00001011101 // light ×4, then dark light dark dark dark light dark
const FINDER_AFTER = 0b10111010000

function rule3(window11: number): number {
  return window11 === FINDER_BEFORE || window11 === FINDER_AFTER ? 40 : 0
}

/**
 * Rule 1, counted per position: a position whose last 5 modules are one colour scores 1, and 2 more when the
 * module before them differs (the run starts there). A run of n scores (n − 4) + 2 = n − 2.
 */
function rule1(window6: number): number {
  const last5 = window6 & 31
  if (last5 !== 0 && last5 !== 31) return 0
  return ((window6 >> 5) & 1) !== (window6 & 1) ? 3 : 1
}

/** Score of the 4 newest positions of a 14-bit window. */
const STEP = new Uint16Array(1 << 14)
/** Score of a line's last module (the top bit of its last nibble) plus rule 3 over the 4 quiet-zone modules after. */
const TAIL = new Uint16Array(1 << 11)
/**
 * Correction for the first 5 modules: the window starts as zeros (the light quiet zone, right for rule 3), which
 * rule 1 would take for the start of a light run. Indexed by those 5 modules, oldest in bit 4.
 */
const START = new Int16Array(32)
/** 3 × the 2×2 blocks among the 4 newest column pairs: 5 modules of the row above (bits 5–9) and of this row. */
const BLOCKS = new Uint8Array(1 << 10)
/** The same for a last nibble, where only its top bit is a module (the 3 low bits are padding). */
const BLOCKS_LAST = new Uint8Array(1 << 10)
const DARK = new Uint8Array(16)

for (let w = 0; w < STEP.length; w++) {
  let s = 0
  for (let j = 3; j >= 0; j--) {
    const window = (w >> j) & 0x7ff
    s += rule1(window) + rule3(window)
  }
  STEP[w] = s
}
for (let w = 0; w < TAIL.length; w++) {
  let s = rule1(w) + rule3(w)
  for (let j = 1; j <= 4; j++) s += rule3((w << j) & 0x7ff)
  TAIL[w] = s
}
for (let b = 0; b < 32; b++) {
  let counted = 0
  for (let p = 0; p <= 4; p++) counted += rule1(b >> (4 - p))
  START[b] = (b === 0 || b === 31 ? 3 : 0) - counted
}
for (let w = 0; w < BLOCKS.length; w++) {
  const above = w >> 5
  const here = w & 31
  let n = 0
  for (let p = 3; p >= 0; p--) {
    // Columns p + 1 (older) and p, counting bit positions from the newest.
    const bits = ((above >> p) & 3) | (((here >> p) & 3) << 2)
    if (bits === 0 || bits === 15) n++
    if (p === 3) BLOCKS_LAST[w] = 3 * n
  }
  BLOCKS[w] = 3 * n
}
for (let n = 0; n < 16; n++) DARK[n] = (n & 1) + ((n >> 1) & 1) + ((n >> 2) & 1) + ((n >> 3) & 1)

/**
 * Bytes per packed line of `size` modules. QR sizes are 4·version + 17, so the last byte holds one module.
 *
 * @example
 * nibblesPerLine(21) // 6
 */
export function nibblesPerLine(size: number): number {
  return (size + 3) >> 2
}

/**
 * Packs a row-major module matrix into rows and columns of nibbles, earliest module in bit 3, the unused low bits
 * of each line's last nibble 0. `rows` and `cols` hold `size * nibblesPerLine(size)` bytes each.
 *
 * @example
 * const nb = nibblesPerLine(size)
 * const rows = new Uint8Array(size * nb)
 * const cols = new Uint8Array(size * nb)
 * packLines(modules, size, rows, cols)
 */
export function packLines(modules: Uint8Array, size: number, rows: Uint8Array, cols: Uint8Array): void {
  const nb = nibblesPerLine(size)
  const full = nb - 1
  for (let line = 0; line < size; line++) {
    const out = line * nb
    let r = line * size // along the row
    let c = line // down the column
    for (let k = 0; k < full; k++, r += 4, c += 4 * size) {
      rows[out + k] =
        ((modules[r] as number) << 3) |
        ((modules[r + 1] as number) << 2) |
        ((modules[r + 2] as number) << 1) |
        (modules[r + 3] as number)
      cols[out + k] =
        ((modules[c] as number) << 3) |
        ((modules[c + size] as number) << 2) |
        ((modules[c + 2 * size] as number) << 1) |
        (modules[c + 3 * size] as number)
    }
    rows[out + full] = (modules[r] as number) << 3
    cols[out + full] = (modules[c] as number) << 3
  }
}

/**
 * Penalty of the symbol `unmasked ^ mask`, both given as packed rows and columns (see `packLines`). `prev` is
 * scratch of `nibblesPerLine(size)` bytes.
 *
 * @example
 * const score = maskedPenalty(rows, maskRows, cols, maskCols, size, new Uint8Array(nibblesPerLine(size)))
 */
export function maskedPenalty(
  uRows: Uint8Array,
  mRows: Uint8Array,
  uCols: Uint8Array,
  mCols: Uint8Array,
  size: number,
  prev: Uint8Array,
): number {
  const nb = nibblesPerLine(size)
  const full = nb - 1
  let score = 0
  let blocks = 0
  let dark = 0
  for (let r = 0, s = 0; r < size; r++, s += nb) {
    let w = 0
    let wAbove = 0
    let wHere = 1 // differs from wAbove: no block to the left of column 0
    score += START[
      (((uRows[s] as number) ^ (mRows[s] as number)) << 1) |
        (((uRows[s + 1] as number) ^ (mRows[s + 1] as number)) >> 3)
    ] as number
    for (let k = 0; k < full; k++) {
      const n = (uRows[s + k] as number) ^ (mRows[s + k] as number)
      w = ((w << 4) | n) & 0x3fff
      score += STEP[w] as number
      dark += DARK[n] as number
      wAbove = ((wAbove << 4) | (prev[k] as number)) & 31
      wHere = ((wHere << 4) | n) & 31
      blocks += BLOCKS[(wAbove << 5) | wHere] as number
      prev[k] = n
    }
    const n = (uRows[s + full] as number) ^ (mRows[s + full] as number)
    score += TAIL[((w << 1) | (n >> 3)) & 0x7ff] as number
    dark += DARK[n] as number
    wAbove = ((wAbove << 4) | (prev[full] as number)) & 31
    wHere = ((wHere << 4) | n) & 31
    blocks += BLOCKS_LAST[(wAbove << 5) | wHere] as number
    prev[full] = n
    if (r === 0) blocks = 0 // row 0 has no row above
  }
  for (let c = 0, s = 0; c < size; c++, s += nb) {
    let w = 0
    score += START[
      (((uCols[s] as number) ^ (mCols[s] as number)) << 1) |
        (((uCols[s + 1] as number) ^ (mCols[s + 1] as number)) >> 3)
    ] as number
    for (let k = 0; k < full; k++) {
      w = ((w << 4) | ((uCols[s + k] as number) ^ (mCols[s + k] as number))) & 0x3fff
      score += STEP[w] as number
    }
    score += TAIL[((w << 1) | (((uCols[s + full] as number) ^ (mCols[s + full] as number)) >> 3)) & 0x7ff] as number
  }
  const total = size * size
  return score + blocks + 10 * Math.floor(Math.abs(dark * 20 - total * 10) / total)
}

/**
 * Penalty score of a finished symbol (row-major, 1 = dark; `size` = 4·version + 17), as the encoder computes it
 * for each mask candidate. Exposed for tests and diagnostics.
 *
 * @example
 * const m = encodeQr('HC1:...', 'Q')
 * penaltyScore(m.modules, m.size) // e.g. 1234
 */
export function penaltyScore(modules: Uint8Array, size: number): number {
  if (size < 21 || (size - 17) % 4 !== 0 || modules.length !== size * size) {
    throw new RangeError(`not a QR symbol size: ${size}`)
  }
  const nb = nibblesPerLine(size)
  const rows = new Uint8Array(size * nb)
  const cols = new Uint8Array(size * nb)
  packLines(modules, size, rows, cols)
  const zero = new Uint8Array(size * nb)
  return maskedPenalty(rows, zero, cols, zero, size, new Uint8Array(nb))
}
