/*
 * Why a bucketed sorted array.
 *
 * EU revocation lists are sets of 16-byte truncated SHA-256 hashes (gateway-and-trust.md §5.1), up to 10 million on a
 * verifier, that change only when a sync replaces a list; they are read once per scan. So the set is immutable and
 * built in one pass: 16 bytes per entry (4 words whose values are the big-endian words of the hash, so comparing
 * words compares hashes as byte strings), sorted, plus one bucket boundary per ~4 entries. Hashes are uniform, so
 * the bucket of a hash is just its top bits: building is a counting sort on them (linear, whatever order the server
 * sent), a lookup reads one boundary pair and a handful of neighbouring entries — one or two cache misses, under a
 * microsecond at 10 million (bench/src/eu-revocation.ts) — and the sorted records are the file format as they are.
 */

/** Bytes of one hash (the first 16 bytes of a SHA-256). */
export const REVOCATION_HASH_BYTES = 16
const WORDS = 4
const ENTRIES_PER_BUCKET = 4

/**
 * An immutable set of 16-byte revocation hashes.
 *
 * @example
 * const set = RevocationHashSet.fromRecords(records) // 16 bytes per hash, any order, duplicates allowed
 * set.has(euRevocationHashes(subject).UCI) // true when listed
 */
export class RevocationHashSet {
  readonly #words: Uint32Array
  /** Entry index where each bucket starts; bucket b spans `#starts[b]` … `#starts[b + 1]`. */
  readonly #starts: Uint32Array
  readonly #shift: number

  private constructor(words: Uint32Array, starts: Uint32Array, shift: number) {
    this.#words = words
    this.#starts = starts
    this.#shift = shift
  }

  /** The empty set. */
  static empty(): RevocationHashSet {
    return RevocationHashSet.fromRecords(new Uint8Array(0))
  }

  /**
   * The set of the 16-byte records of `records` (a trailing partial record is an error: it is not a list of hashes).
   * Duplicates count once.
   */
  static fromRecords(records: Uint8Array): RevocationHashSet {
    if (records.length % REVOCATION_HASH_BYTES !== 0) {
      throw new RangeError(
        `Revocation hashes are ${REVOCATION_HASH_BYTES} bytes each, not ${records.length} bytes in all`,
      )
    }
    const count = records.length / REVOCATION_HASH_BYTES
    const bits = Math.max(1, Math.min(24, Math.ceil(Math.log2(Math.max(2, count / ENTRIES_PER_BUCKET)))))
    const shift = 32 - bits
    const buckets = 2 ** bits
    const input = bigEndianWords(records)
    // Counting sort on the bucket, then insertion sort inside each bucket (a few entries on average).
    const starts = new Uint32Array(buckets + 1)
    for (let i = 0; i < count; i++) (starts[((input[i * WORDS] as number) >>> shift) + 1] as number)++
    for (let b = 0; b < buckets; b++) starts[b + 1] = (starts[b + 1] as number) + (starts[b] as number)
    const next = starts.slice(0, buckets)
    const sorted = new Uint32Array(count * WORDS)
    for (let i = 0; i < count; i++) {
      const b = (input[i * WORDS] as number) >>> shift
      const at = (next[b] as number)++
      sorted.set(input.subarray(i * WORDS, i * WORDS + WORDS), at * WORDS)
    }
    let write = 0
    const deduplicated = new Uint32Array(count * WORDS)
    for (let b = 0; b < buckets; b++) {
      const from = starts[b] as number
      const to = starts[b + 1] as number
      insertionSort(sorted, from, to)
      starts[b] = write
      for (let i = from; i < to; i++) {
        if (write > (starts[b] as number) && compareWords(deduplicated, write - 1, sorted, i) === 0) continue
        deduplicated.set(sorted.subarray(i * WORDS, i * WORDS + WORDS), write * WORDS)
        write++
      }
    }
    starts[buckets] = write
    const words = write === count ? deduplicated : deduplicated.slice(0, write * WORDS)
    return new RevocationHashSet(words, starts, shift)
  }

  /** Number of hashes. */
  get size(): number {
    return this.#words.length / WORDS
  }

  /** Bytes of memory the set holds (hashes and bucket boundaries). */
  get byteLength(): number {
    return this.#words.byteLength + this.#starts.byteLength
  }

  /** True when the 16 bytes of `hash` at `offset` are in the set. */
  has(hash: Uint8Array, offset = 0): boolean {
    const k0 = word(hash, offset)
    const bucket = k0 >>> this.#shift
    const words = this.#words
    const end = (this.#starts[bucket + 1] as number) * WORDS
    for (let i = (this.#starts[bucket] as number) * WORDS; i < end; i += WORDS) {
      const s0 = words[i] as number
      if (s0 < k0) continue
      if (s0 > k0) return false
      const k1 = word(hash, offset + 4)
      const k2 = word(hash, offset + 8)
      const k3 = word(hash, offset + 12)
      for (; i < end && words[i] === k0; i += WORDS) {
        if (words[i + 1] === k1 && words[i + 2] === k2 && words[i + 3] === k3) return true
      }
      return false
    }
    return false
  }

  /** The hashes as 16-byte big-endian records in ascending order (the file format). */
  records(): Uint8Array {
    return bigEndianBytes(this.#words)
  }

  /**
   * The records whose hex form starts with `hexPrefix` (a partition or chunk of the distribution service: a
   * contiguous range of the sorted set), to keep a chunk the server reports unchanged without downloading it again.
   */
  recordsWithPrefix(hexPrefix: string): Uint8Array {
    if (!/^[0-9a-f]{0,7}$/.test(hexPrefix)) throw new RangeError(`Not a hash prefix: ${hexPrefix}`)
    const bits = hexPrefix.length * 4
    const low = bits === 0 ? 0 : (Number.parseInt(hexPrefix, 16) * 2 ** (32 - bits)) >>> 0
    const high = bits === 0 ? 2 ** 32 : low + 2 ** (32 - bits)
    const from = this.#firstAtLeast(low)
    const to = high >= 2 ** 32 ? this.size : this.#firstAtLeast(high)
    return bigEndianBytes(this.#words.subarray(from * WORDS, to * WORDS))
  }

  /** Index of the first entry whose first word is ≥ `first`. */
  #firstAtLeast(first: number): number {
    let low = 0
    let high = this.size
    while (low < high) {
      const middle = (low + high) >>> 1
      if ((this.#words[middle * WORDS] as number) < first) low = middle + 1
      else high = middle
    }
    return low
  }
}

function word(bytes: Uint8Array, o: number): number {
  return (
    (((bytes[o] as number) << 24) |
      ((bytes[o + 1] as number) << 16) |
      ((bytes[o + 2] as number) << 8) |
      (bytes[o + 3] as number)) >>>
    0
  )
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

/** Words whose values are the big-endian words of `bytes` (a copy). */
function bigEndianWords(bytes: Uint8Array): Uint32Array {
  const copy = Buffer.alloc(bytes.length)
  copy.set(bytes)
  if (LITTLE_ENDIAN) copy.swap32()
  return new Uint32Array(copy.buffer, copy.byteOffset, bytes.length / 4)
}

/** The words written big-endian (a copy). */
function bigEndianBytes(words: Uint32Array): Uint8Array {
  const bytes = Buffer.alloc(words.byteLength)
  bytes.set(new Uint8Array(words.buffer, words.byteOffset, words.byteLength))
  if (LITTLE_ENDIAN) bytes.swap32()
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

function compareWords(a: Uint32Array, i: number, b: Uint32Array, j: number): number {
  for (let w = 0; w < WORDS; w++) {
    const x = a[i * WORDS + w] as number
    const y = b[j * WORDS + w] as number
    if (x !== y) return x < y ? -1 : 1
  }
  return 0
}

function insertionSort(words: Uint32Array, from: number, to: number): void {
  const held = new Uint32Array(WORDS)
  for (let i = from + 1; i < to; i++) {
    if (compareWords(words, i - 1, words, i) <= 0) continue
    held.set(words.subarray(i * WORDS, i * WORDS + WORDS))
    let j = i - 1
    while (j >= from && compareWords(words, j, held, 0) > 0) {
      words.copyWithin((j + 1) * WORDS, j * WORDS, j * WORDS + WORDS)
      j--
    }
    held.forEach((value, w) => (words[(j + 1) * WORDS + w] = value))
  }
}
