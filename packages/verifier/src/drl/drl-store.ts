import { DrlError } from './errors.ts'
import { DRL_HASH_BYTES, decodeDrlHashInto, encodeDrlHash } from './hash.ts'

/*
 * Layout: why an ordered open-addressing table.
 *
 * The Italian DRL reached ~200,000 entries and is sized here for 10 million: every entry is a SHA-256, so 32 bytes is
 * the floor and a `Set<string>` of base64 (~100 B per entry) is out. The candidates were
 *   - a sorted array + binary search: 32 B/entry and trivially persisted, but every insertion of a delta moves half
 *     of 320 MB, so it needs a second structure for changes and periodic merges;
 *   - an open-addressing hash table: O(1) insert, delete and lookup, 32 B per slot, so 32 / load bytes per entry.
 * This is the second, built so that it keeps the good properties of the first. Entries are uniformly random (they
 * are digests), so the home slot is simply the first 32 bits scaled to the capacity (no hash function, and any
 * capacity works, not only powers of two: the table can be sized to the entry count the server announces).
 * Scaling is monotonic, so linear probing with "Robin Hood" ordering keeps the whole table sorted: a lookup stops at
 * the first greater entry (a miss, the common case for a verifier, costs about as much as a hit), deletion shifts
 * the rest of its cluster back (no tombstones, so a table that sees deletions for months does not degrade), and the
 * table can be written out in order as the raw sorted digests (exactly 32 B/entry on disk) and read back in linear
 * time without a single comparison-based insert.
 * Loads: at most MAX_LOAD (then it grows to TARGET_LOAD); a table sized for n entries is sized to TARGET_LOAD, so
 * 32 / 0.82 = 39 B/entry at 10 million. Clusters at the end of the range spill into a small overflow area instead of
 * wrapping around, which would break the order.
 * Slots hold each digest as 8 32-bit words whose values are big-endian (so comparing words in order compares the
 * digests as byte strings); an all-zero slot is empty, and the all-zero digest itself is kept in a separate flag.
 */

const WORDS = DRL_HASH_BYTES / 4
const MAX_LOAD = 0.9
const TARGET_LOAD = 0.82
const SHRINK_LOAD = 0.3
const MIN_CAPACITY = 64
const MAX_RESERVE = 64_000_000
const TWO_POW_32 = 4294967296
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

function overflowFor(capacity: number): number {
  return Math.min(4096, Math.max(16, capacity >> 8))
}

/**
 * The set of revoked UVCI hashes: 32-byte SHA-256 digests, given and returned as the protocol's 44-character base64.
 * Set semantics: adding a present entry and deleting an absent one change nothing.
 *
 * @example
 * const drl = new DrlStore()
 * drl.add('M00Bb3Vc1txYxTqG4YOIL47BT1L7BTRYh8il7dQsh7c=') // SHA-256 of "Hello!"
 * drl.has('M00Bb3Vc1txYxTqG4YOIL47BT1L7BTRYh8il7dQsh7c=') // true
 */
export class DrlStore {
  #slots: Uint32Array
  /** Home positions are 0 … capacity − 1; slots past them are the overflow area, the very last one always empty. */
  #capacity: number
  #scale: number
  #size = 0
  #hasZero = false
  /** Word index of the greatest entry while the table has only been filled in order (load fast path), else -1. */
  #tail = -WORDS
  readonly #key = new Uint32Array(WORDS)
  readonly #bytes = new Uint8Array(DRL_HASH_BYTES)

  /** An empty set with room for `expected` entries before it has to grow. */
  constructor(expected = 0) {
    this.#capacity = capacityFor(expected)
    this.#scale = this.#capacity / TWO_POW_32
    this.#slots = new Uint32Array((this.#capacity + overflowFor(this.#capacity)) * WORDS)
  }

  /** Number of entries. */
  get size(): number {
    return this.#size + (this.#hasZero ? 1 : 0)
  }

  /** Bytes of memory held by the table (what "bytes per entry" is measured on). */
  get byteLength(): number {
    return this.#slots.byteLength
  }

  /** True when the base64 entry is in the set. A malformed entry is a `DRL_HASH` error, never a silent "no". */
  has(hash: string): boolean {
    if (!decodeDrlHashInto(hash, this.#bytes, 0)) throw malformed(hash)
    return this.#hasKeyOf(this.#bytes, 0)
  }

  /** True when the raw 32-byte digest is in the set (skips base64 when the caller hashed the UVCI itself). */
  hasDigest(digest: Uint8Array): boolean {
    if (digest.length !== DRL_HASH_BYTES) throw new DrlError('DRL_HASH', `A digest is 32 bytes, not ${digest.length}`)
    return this.#hasKeyOf(digest, 0)
  }

  /** Adds one base64 entry; true when it was not there. */
  add(hash: string): boolean {
    if (!decodeDrlHashInto(hash, this.#bytes, 0)) throw malformed(hash)
    return this.#add(this.#bytes, 0)
  }

  /** Deletes one base64 entry; true when it was there. */
  delete(hash: string): boolean {
    if (!decodeDrlHashInto(hash, this.#bytes, 0)) throw malformed(hash)
    return this.#delete(this.#bytes, 0)
  }

  /** Adds every 32-byte record of `records`; returns how many were new. */
  addBytes(records: Uint8Array): number {
    let added = 0
    for (let o = 0; o + DRL_HASH_BYTES <= records.length; o += DRL_HASH_BYTES) if (this.#add(records, o)) added++
    return added
  }

  /** Deletes every 32-byte record of `records`; returns how many were there. */
  deleteBytes(records: Uint8Array): number {
    let deleted = 0
    for (let o = 0; o + DRL_HASH_BYTES <= records.length; o += DRL_HASH_BYTES) if (this.#delete(records, o)) deleted++
    return deleted
  }

  /**
   * Adds records given in strictly increasing order, in linear time while the set has only been filled this way (as
   * when loading a file this store wrote); records out of order still go in, by the general path.
   */
  addSortedBytes(records: Uint8Array): number {
    const words = toNativeWords(records)
    const key = this.#key
    let added = 0
    for (let w = 0; w + WORDS <= words.length; w += WORDS) {
      const tail = this.#tail
      const first = words[w] as number
      if (tail !== -1 && first !== 0 && this.#size + 1 <= MAX_LOAD * this.#capacity) {
        for (let k = 0; k < WORDS; k++) key[k] = words[w + k] as number
        if (tail < 0 || this.#compareAt(tail, key) < 0) {
          const position = Math.max(this.#home(first) * WORDS, tail + WORDS)
          if (position < this.#sentinel()) {
            const slots = this.#slots
            for (let k = 0; k < WORDS; k++) slots[position + k] = words[w + k] as number
            this.#tail = position
            this.#size++
            added++
            continue
          }
        }
      }
      if (this.#add(records, (w / WORDS) * DRL_HASH_BYTES)) added++
    }
    return added
  }

  /**
   * Makes room for `entries` without further growth (the server announces the total before a download). A hint:
   * capped at 64 million entries, so that a wrong announcement cannot take gigabytes up front.
   */
  reserve(entries: number): void {
    const wanted = Math.min(entries, MAX_RESERVE)
    if (wanted > MAX_LOAD * this.#capacity) this.#rebuild(capacityFor(wanted))
  }

  /** Removes everything and gives the memory back. */
  clear(): void {
    this.#capacity = MIN_CAPACITY
    this.#scale = this.#capacity / TWO_POW_32
    this.#slots = new Uint32Array((this.#capacity + overflowFor(this.#capacity)) * WORDS)
    this.#size = 0
    this.#hasZero = false
    this.#tail = -WORDS
  }

  /** Every entry as base64, in ascending byte order. */
  *hashes(): Generator<string> {
    for (const block of this.sortedBytes(4096)) {
      for (let o = 0; o < block.length; o += DRL_HASH_BYTES) yield encodeDrlHash(block, o)
    }
  }

  /**
   * Every entry as raw 32-byte records in ascending byte order, in blocks of at most `entriesPerBlock` records (the
   * file format's body, written without building a second copy of the set).
   */
  *sortedBytes(entriesPerBlock = 32768): Generator<Uint8Array> {
    let block = new Uint32Array(entriesPerBlock * WORDS)
    let filled = 0
    if (this.#hasZero) filled += WORDS
    const slots = this.#slots
    const end = this.#sentinel()
    for (let i = 0; i < end; i += WORDS) {
      if (this.#emptyAt(i)) continue
      for (let k = 0; k < WORDS; k++) block[filled + k] = slots[i + k] as number
      filled += WORDS
      if (filled === block.length) {
        yield toBigEndianBytes(block, filled)
        block = new Uint32Array(entriesPerBlock * WORDS)
        filled = 0
      }
    }
    if (filled > 0) yield toBigEndianBytes(block, filled)
  }

  #hasKeyOf(bytes: Uint8Array, offset: number): boolean {
    this.#loadKey(bytes, offset)
    if (this.#isZeroKey()) return this.#hasZero
    return this.#find(this.#key) >= 0
  }

  #add(bytes: Uint8Array, offset: number): boolean {
    this.#loadKey(bytes, offset)
    const key = this.#key
    if (this.#isZeroKey()) {
      if (this.#hasZero) return false
      this.#hasZero = true
      return true
    }
    let found = this.#find(key)
    if (found >= 0) return false
    if (this.#size + 1 > MAX_LOAD * this.#capacity) {
      this.#rebuild(capacityFor(this.#size + 1))
      found = this.#find(key)
    }
    let position = -found - 1
    let free = this.#nextEmpty(position)
    // The last slot stays empty so that every scan ends: a cluster that reaches it needs a larger overflow area.
    while (free >= this.#sentinel()) {
      this.#rebuild(this.#capacity, this.#overflowSlots() * 2)
      position = -this.#find(key) - 1
      free = this.#nextEmpty(position)
    }
    const slots = this.#slots
    // Short shifts (the usual case) by hand: a builtin call costs more than moving a few slots.
    if (free - position <= 16 * WORDS) for (let i = free - 1; i >= position; i--) slots[i + WORDS] = slots[i] as number
    else slots.copyWithin(position + WORDS, position, free)
    for (let k = 0; k < WORDS; k++) slots[position + k] = key[k] as number
    this.#size++
    this.#tail = -1
    return true
  }

  #delete(bytes: Uint8Array, offset: number): boolean {
    this.#loadKey(bytes, offset)
    if (this.#isZeroKey()) {
      const had = this.#hasZero
      this.#hasZero = false
      return had
    }
    const position = this.#find(this.#key)
    if (position < 0) return false
    // Backward shift: the entries after it that sit past their home slot move back by one, up to the first entry at
    // home or the first empty slot. Later entries have homes beyond the freed slot, so no probe path gets a hole.
    const slots = this.#slots
    let end = position + WORDS
    while (!this.#emptyAt(end) && this.#home(slots[end] as number) * WORDS < end) end += WORDS
    slots.copyWithin(position, position + WORDS, end)
    slots.fill(0, end - WORDS, end)
    this.#size--
    this.#tail = -1
    if (this.#capacity > MIN_CAPACITY && this.#size < SHRINK_LOAD * this.#capacity) {
      this.#rebuild(capacityFor(this.#size))
    }
    return true
  }

  /** Word index of the key when present; otherwise −(index where it would go) − 1. */
  #find(key: Uint32Array): number {
    const slots = this.#slots
    const k0 = key[0] as number
    let i = this.#home(k0) * WORDS
    for (;;) {
      const s0 = slots[i] as number
      if (s0 > k0) return -i - 1
      if (s0 === k0) {
        const order = this.#compareTailAt(i, key)
        if (order === 0) return i
        if (order > 0) return -i - 1
      }
      // The slot is smaller than the key; an empty slot (all zero) is smaller than any non-zero key and ends the run.
      if (s0 === 0 && this.#emptyAt(i)) return -i - 1
      i += WORDS
    }
  }

  #compareAt(i: number, key: Uint32Array): number {
    const s0 = this.#slots[i] as number
    const k0 = key[0] as number
    if (s0 !== k0) return s0 < k0 ? -1 : 1
    return this.#compareTailAt(i, key)
  }

  #compareTailAt(i: number, key: Uint32Array): number {
    const slots = this.#slots
    for (let w = 1; w < WORDS; w++) {
      const s = slots[i + w] as number
      const k = key[w] as number
      if (s !== k) return s < k ? -1 : 1
    }
    return 0
  }

  #emptyAt(i: number): boolean {
    const slots = this.#slots
    return (
      slots[i] === 0 &&
      slots[i + 1] === 0 &&
      slots[i + 2] === 0 &&
      slots[i + 3] === 0 &&
      slots[i + 4] === 0 &&
      slots[i + 5] === 0 &&
      slots[i + 6] === 0 &&
      slots[i + 7] === 0
    )
  }

  #nextEmpty(i: number): number {
    const end = this.#sentinel()
    while (i < end && !this.#emptyAt(i)) i += WORDS
    return i
  }

  /** Word index of the last slot, which is never filled. */
  #sentinel(): number {
    return this.#slots.length - WORDS
  }

  #overflowSlots(): number {
    return this.#slots.length / WORDS - this.#capacity
  }

  #home(firstWord: number): number {
    // Multiplying by a positive constant and flooring are both monotonic, so homes follow the order of the entries.
    return Math.floor(firstWord * this.#scale)
  }

  #loadKey(bytes: Uint8Array, offset: number): void {
    const key = this.#key
    for (let w = 0, o = offset; w < WORDS; w++, o += 4) {
      key[w] =
        (((bytes[o] as number) << 24) |
          ((bytes[o + 1] as number) << 16) |
          ((bytes[o + 2] as number) << 8) |
          (bytes[o + 3] as number)) >>>
        0
    }
  }

  #isZeroKey(): boolean {
    const key = this.#key
    return (
      key[0] === 0 &&
      key[1] === 0 &&
      key[2] === 0 &&
      key[3] === 0 &&
      key[4] === 0 &&
      key[5] === 0 &&
      key[6] === 0 &&
      key[7] === 0
    )
  }

  /**
   * Moves every entry into a table of the given capacity. The old table is in order, so each entry lands at its home
   * or right after the previous one: linear time. Retries with a larger overflow area if the end spills over.
   */
  #rebuild(capacity: number, overflow = overflowFor(capacity)): void {
    const old = this.#slots
    const oldEnd = old.length - WORDS
    for (;;) {
      const slots = new Uint32Array((capacity + overflow) * WORDS)
      const sentinel = slots.length - WORDS
      const scale = capacity / TWO_POW_32
      let previous = -WORDS
      let fits = true
      for (let i = 0; i < oldEnd; i += WORDS) {
        if (this.#emptyAt(i)) continue
        const position = Math.max(Math.floor((old[i] as number) * scale) * WORDS, previous + WORDS)
        if (position >= sentinel) {
          fits = false
          break
        }
        for (let k = 0; k < WORDS; k++) slots[position + k] = old[i + k] as number
        previous = position
      }
      if (fits) {
        this.#slots = slots
        this.#capacity = capacity
        this.#scale = scale
        this.#tail = previous
        return
      }
      overflow *= 2
    }
  }
}

function capacityFor(entries: number): number {
  return Math.max(MIN_CAPACITY, Math.ceil(entries / TARGET_LOAD))
}

function malformed(hash: string): DrlError {
  return new DrlError('DRL_HASH', `Not a base64 SHA-256 (44 characters): ${JSON.stringify(hash).slice(0, 60)}`)
}

/** The records as words in this machine's order whose values are the big-endian words of the digest. */
function toNativeWords(records: Uint8Array): Uint32Array {
  const length = records.length - (records.length % DRL_HASH_BYTES)
  const copy = Buffer.alloc(length)
  copy.set(records.subarray(0, length))
  if (LITTLE_ENDIAN) copy.swap32()
  return new Uint32Array(copy.buffer, copy.byteOffset, length / 4)
}

/** The first `words` words of `block` as bytes, each word written big-endian (the digest's own byte order). */
function toBigEndianBytes(block: Uint32Array, words: number): Uint8Array {
  const bytes = Buffer.from(block.buffer, 0, words * 4)
  if (LITTLE_ENDIAN) bytes.swap32()
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
