import { HcertError } from './errors.ts'

/**
 * DEFLATE decoder (RFC 1951) for certificate-sized input: every output byte is written into a caller-sized window,
 * so a zip bomb stops at the cap instead of after the work, and decoding tables live in module-level arrays reused
 * across calls (general-purpose inflaters allocate kilobytes of tables per dynamic block, which dominates when the
 * whole message is 400 bytes).
 *
 * Huffman codes decode through a 9-bit lookup table, falling back to canonical decoding bit by bit (as zlib's
 * puff.c does) for the rare longer codes.
 */

const MAX_BITS = 15
const FAST_BITS = 9

/** A canonical Huffman code: code-length counts, symbols ordered by (length, value), and the fast lookup table. */
interface HuffmanTable {
  readonly counts: Uint16Array
  readonly symbols: Uint16Array
  /** Indexed by the next `fastBits` input bits: `symbol << 4 | length`, or 0 when the code is longer. */
  readonly fast: Uint32Array
  /** min(9, longest code): a table only as large as the code needs is cheaper to fill. */
  fastBits: number
}

const newTable = (symbols: number): HuffmanTable => ({
  counts: new Uint16Array(MAX_BITS + 1),
  symbols: new Uint16Array(symbols),
  fast: new Uint32Array(1 << FAST_BITS),
  fastBits: FAST_BITS,
})

const litLenTable = newTable(288)
const distTable = newTable(32)
const codeLengthTable = newTable(19)
const fixedLitLen = newTable(288)
const fixedDist = newTable(32)
const lengths = new Uint8Array(288 + 32)
const offsets = new Uint16Array(MAX_BITS + 2)

const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
]
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
  8193, 12289, 16385, 24577,
]
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

const corrupt = (why: string): HcertError => new HcertError('ZLIB', `Corrupt deflate stream: ${why}`)

/** Fills `table` for `n` code lengths starting at `lengths[from]`. Over-subscribed codes are refused. */
function buildTable(table: HuffmanTable, from: number, n: number): void {
  const { counts, symbols, fast } = table
  counts.fill(0)
  for (let s = 0; s < n; s++) {
    const len = lengths[from + s] as number
    counts[len] = (counts[len] as number) + 1
  }
  counts[0] = 0
  let left = 1
  for (let len = 1; len <= MAX_BITS; len++) {
    left = (left << 1) - (counts[len] as number)
    if (left < 0) throw corrupt('over-subscribed Huffman code')
  }
  offsets[1] = 0
  for (let len = 1; len < MAX_BITS; len++) offsets[len + 1] = (offsets[len] as number) + (counts[len] as number)
  for (let s = 0; s < n; s++) {
    const len = lengths[from + s] as number
    if (len === 0) continue
    const at = offsets[len] as number
    symbols[at] = s
    offsets[len] = at + 1
  }
  // Fast table: canonical codes of up to `fastBits` bits, bit-reversed because DEFLATE sends Huffman codes MSB first.
  let longest = MAX_BITS
  while (longest > 1 && counts[longest] === 0) longest--
  const fastBits = Math.min(FAST_BITS, longest)
  const size = 1 << fastBits
  table.fastBits = fastBits
  fast.fill(0, 0, size)
  let code = 0
  let index = 0
  for (let len = 1; len <= fastBits; len++) {
    const count = counts[len] as number
    const step = 1 << len
    for (let i = 0; i < count; i++, index++, code++) {
      const entry = ((symbols[index] as number) << 4) | len
      for (let fill = REVERSED[code << (FAST_BITS - len)] as number; fill < size; fill += step) fast[fill] = entry
    }
    code <<= 1
  }
}

/** Each 9-bit value with its bits in reverse order. */
const REVERSED = new Uint16Array(1 << FAST_BITS)
for (let v = 0; v < 1 << FAST_BITS; v++) {
  let r = 0
  for (let b = 0; b < FAST_BITS; b++) r |= ((v >> b) & 1) << (FAST_BITS - 1 - b)
  REVERSED[v] = r
}

lengths.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288)
buildTable(fixedLitLen, 0, 288)
lengths.fill(5, 0, 30)
buildTable(fixedDist, 0, 30)

/** Reading state: the input, the bit buffer, and the output window. */
class Stream {
  input: Uint8Array = new Uint8Array(0)
  inputLength = 0
  position = 0
  bitBuffer = 0
  bitCount = 0
  out: Uint8Array = new Uint8Array(0)
  outLength = 0

  /** Ensures `n` (≤ 24) bits are buffered; past the end zeros are fed, and `checkEnd` catches their use. */
  need(n: number): void {
    while (this.bitCount < n) {
      const at = this.position++
      // An explicit bound instead of reading past the array: out-of-bounds reads make V8 deoptimise the loop.
      this.bitBuffer |= (at < this.inputLength ? (this.input[at] as number) : 0) << this.bitCount
      this.bitCount += 8
    }
  }

  bits(n: number): number {
    if (n === 0) return 0
    this.need(n)
    const value = this.bitBuffer & ((1 << n) - 1)
    this.bitBuffer >>>= n
    this.bitCount -= n
    return value
  }

  checkEnd(): void {
    if (this.position - (this.bitCount >> 3) > this.input.length) throw corrupt('unexpected end of data')
  }
}

/** `symbol << 4 | length` of the code at the bottom of `bits` (at least 15 bits valid). */
function lookup(table: HuffmanTable, bits: number): number {
  const entry = table.fast[bits & ((1 << table.fastBits) - 1)] as number
  return entry !== 0 ? entry : decodeLong(table, bits)
}

/** Codes longer than the fast table: canonical decoding one bit at a time (zlib's puff.c). */
function decodeLong(table: HuffmanTable, bits: number): number {
  let code = 0
  let first = 0
  let index = 0
  for (let len = 1; len <= MAX_BITS; len++) {
    code |= (bits >>> (len - 1)) & 1
    const count = table.counts[len] as number
    if (code - first < count) return ((table.symbols[index + code - first] as number) << 4) | len
    index += count
    first = (first + count) << 1
    code <<= 1
  }
  throw corrupt('invalid Huffman code')
}

const stream = new Stream()

/**
 * Inflates raw DEFLATE data from `input` into `out` (its length is the cap: one byte more is `ZLIB_TOO_LARGE`).
 * Returns the number of bytes written and the offset in `input` just after the deflate data (where zlib's Adler-32
 * trailer starts). Synchronous and not re-entrant, like everything that shares the module's tables.
 */
export function inflateRaw(input: Uint8Array, out: Uint8Array): { length: number; end: number } {
  const s = stream
  s.input = input
  s.inputLength = input.length
  s.position = 0
  s.bitBuffer = 0
  s.bitCount = 0
  s.out = out
  s.outLength = 0
  try {
    let final = 0
    while (final === 0) {
      final = s.bits(1)
      const type = s.bits(2)
      if (type === 0) storedBlock(s)
      else if (type === 1) huffmanBlock(s, fixedLitLen, fixedDist)
      else if (type === 2) {
        readDynamicTables(s)
        huffmanBlock(s, litLenTable, distTable)
      } else throw corrupt('invalid block type 3')
      s.checkEnd()
    }
    return { length: s.outLength, end: s.position - (s.bitCount >> 3) }
  } finally {
    s.input = s.out = new Uint8Array(0)
  }
}

function storedBlock(s: Stream): void {
  s.bitBuffer >>>= s.bitCount & 7
  s.bitCount -= s.bitCount & 7
  const length = s.bits(16)
  const complement = s.bits(16)
  if ((length ^ 0xffff) !== complement) throw corrupt('stored block length does not match its complement')
  // The bit buffer is byte-aligned and empty here: copy straight from the input.
  const start = s.position - (s.bitCount >> 3)
  s.bitBuffer = 0
  s.bitCount = 0
  if (start + length > s.input.length) throw corrupt('stored block beyond the end of data')
  if (s.outLength + length > s.out.length)
    throw new HcertError('ZLIB_TOO_LARGE', 'deflate stream inflates beyond the cap')
  s.out.set(s.input.subarray(start, start + length), s.outLength)
  s.outLength += length
  s.position = start + length
}

function readDynamicTables(s: Stream): void {
  const literals = s.bits(5) + 257
  const distances = s.bits(5) + 1
  const codeLengthCodes = s.bits(4) + 4
  if (literals > 286 || distances > 30) throw corrupt('too many length or distance codes')
  lengths.fill(0, 0, 19)
  for (let i = 0; i < codeLengthCodes; i++) lengths[CODE_LENGTH_ORDER[i] as number] = s.bits(3)
  buildTable(codeLengthTable, 0, 19)
  const total = literals + distances
  // Locals for the stream state, as in huffmanBlock: this loop runs once per code length (~300 per block).
  const { input, inputLength } = s
  let { bitBuffer, bitCount, position } = s
  for (let i = 0; i < total;) {
    while (bitCount < 24) {
      bitBuffer |= (position < inputLength ? (input[position] as number) : 0) << bitCount
      position++
      bitCount += 8
    }
    const entry = lookup(codeLengthTable, bitBuffer)
    const len = entry & 15
    bitBuffer >>>= len
    bitCount -= len
    const symbol = entry >> 4
    if (symbol < 16) {
      lengths[i++] = symbol
      continue
    }
    // Repeat codes: 16 copies the previous length 3–6 times, 17 and 18 give 3–10 and 11–138 zeros.
    const extra = symbol === 16 ? 2 : symbol === 17 ? 3 : 7
    const repeat = (symbol === 18 ? 11 : 3) + (bitBuffer & ((1 << extra) - 1))
    bitBuffer >>>= extra
    bitCount -= extra
    if (symbol === 16 && i === 0) throw corrupt('repeat with no previous length')
    if (i + repeat > total) throw corrupt('code lengths overflow')
    lengths.fill(symbol === 16 ? (lengths[i - 1] as number) : 0, i, i + repeat)
    i += repeat
  }
  s.bitBuffer = bitBuffer
  s.bitCount = bitCount
  s.position = position
  s.checkEnd()
  if (lengths[256] === 0) throw corrupt('no end-of-block code')
  // The literal/length lengths are at 0…literals-1 and the distance lengths right after them.
  buildTable(litLenTable, 0, literals)
  buildTable(distTable, literals, distances)
}

function huffmanBlock(s: Stream, litLen: HuffmanTable, dist: HuffmanTable): void {
  // The hot loop keeps the stream state in locals (and writes it back once): field access per bit costs ~2×.
  const { input, inputLength, out } = s
  let { bitBuffer, bitCount, position, outLength } = s
  const cap = out.length
  for (;;) {
    while (bitCount < 24) {
      bitBuffer |= (position < inputLength ? (input[position] as number) : 0) << bitCount
      position++
      bitCount += 8
    }
    let entry = lookup(litLen, bitBuffer)
    let len = entry & 15
    bitBuffer >>>= len
    bitCount -= len
    const symbol = entry >> 4
    if (symbol < 256) {
      if (outLength >= cap) throw new HcertError('ZLIB_TOO_LARGE', 'deflate stream inflates beyond the cap')
      out[outLength++] = symbol
      continue
    }
    if (symbol === 256) break
    const lengthIndex = symbol - 257
    if (lengthIndex >= 29) throw corrupt(`invalid length symbol ${symbol}`)
    const extra = LENGTH_EXTRA[lengthIndex] as number
    const length = (LENGTH_BASE[lengthIndex] as number) + (bitBuffer & ((1 << extra) - 1))
    bitBuffer >>>= extra
    bitCount -= extra
    while (bitCount < 24) {
      bitBuffer |= (position < inputLength ? (input[position] as number) : 0) << bitCount
      position++
      bitCount += 8
    }
    entry = lookup(dist, bitBuffer)
    len = entry & 15
    bitBuffer >>>= len
    bitCount -= len
    const distSymbol = entry >> 4
    if (distSymbol >= 30) throw corrupt(`invalid distance symbol ${distSymbol}`)
    const distExtra = DIST_EXTRA[distSymbol] as number
    if (bitCount < distExtra) {
      bitBuffer |= (position < inputLength ? (input[position] as number) : 0) << bitCount
      position++
      bitCount += 8
    }
    const distance = (DIST_BASE[distSymbol] as number) + (bitBuffer & ((1 << distExtra) - 1))
    bitBuffer >>>= distExtra
    bitCount -= distExtra
    if (distance > outLength) throw corrupt('distance too far back')
    if (outLength + length > cap) throw new HcertError('ZLIB_TOO_LARGE', 'deflate stream inflates beyond the cap')
    if (position - (bitCount >> 3) > inputLength) throw corrupt('unexpected end of data')
    for (let i = 0; i < length; i++, outLength++) out[outLength] = out[outLength - distance] as number
  }
  s.bitBuffer = bitBuffer
  s.bitCount = bitCount
  s.position = position
  s.outLength = outLength
}
