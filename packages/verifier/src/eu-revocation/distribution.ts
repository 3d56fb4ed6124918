import { REVOCATION_HASH_BYTES } from './hash-set.ts'

/*
 * The shape in which EU revocation lists travel from a national backend to its verifiers, after the EU revocation
 * distribution service (gateway-and-trust.md §5.2): per kid, the hashes are cut by their leading hex digits into
 * partitions and chunks, so that a verifier downloads again only the chunks that changed, and every chunk body is
 * addressed by its SHA-256 (immutable, cacheable by any CDN).
 *
 *   mode        hashes            partition (id)        chunk (cid)
 *   POINT       ≤ 100,000         one ("null")          one ("1")
 *   VECTOR      ≤ 1,600,000       1st hex digit (x)     2nd hex digit (y)
 *   COORDINATE  more              1st and 2nd (xy)      3rd hex digit (z)
 *
 * A chunk's body is one slice in the partial variable hash list format (§5.2, dgca-partialvarhashfilter): a big-endian
 * header — version (int16), p (float32), n (int32), size (int8) — then n hash prefixes of `size` bytes. Here `size` is
 * always 16, the whole hash, so the list is exact (p = 0): a verifier never calls a certificate revoked by chance.
 */

export type DistributionMode = 'POINT' | 'VECTOR' | 'COORDINATE'
export const SLICE_TYPE = 'VARHASHLIST'
export const SLICE_VERSION = '1.0'
const HEADER_BYTES = 2 + 4 + 4 + 1
const FORMAT_VERSION = 1

/** The mode of a list of `count` hashes. */
export function distributionMode(count: number): DistributionMode {
  return count <= 100_000 ? 'POINT' : count <= 1_600_000 ? 'VECTOR' : 'COORDINATE'
}

/** One chunk of a list: where it sits and its hashes (16-byte records, ascending). */
export interface DistributionChunk {
  /** Partition id: `null` (the text), x, or xy. */
  readonly partition: string
  /** Chunk id within the partition: `1`, y, or z. */
  readonly chunk: string
  /** The hex prefix every hash of the chunk starts with (`''` in POINT mode). */
  readonly prefix: string
  readonly records: Uint8Array
}

/**
 * Cuts sorted 16-byte records into the chunks of their mode; only non-empty chunks are returned, in ascending order.
 *
 * @example distributionChunks(set.records()) // [{ partition: 'null', chunk: '1', prefix: '', records }]
 */
export function distributionChunks(sortedRecords: Uint8Array): DistributionChunk[] {
  const count = sortedRecords.length / REVOCATION_HASH_BYTES
  const mode = distributionMode(count)
  if (mode === 'POINT')
    return count === 0 ? [] : [{ partition: 'null', chunk: '1', prefix: '', records: sortedRecords }]
  const digits = mode === 'VECTOR' ? 2 : 3
  const chunks: DistributionChunk[] = []
  let start = 0
  while (start < count) {
    const value = prefixValue(sortedRecords, start, digits)
    let end = start + 1
    while (end < count && prefixValue(sortedRecords, end, digits) === value) end++
    const prefix = value.toString(16).padStart(digits, '0')
    chunks.push({
      partition: prefix.slice(0, digits - 1),
      chunk: prefix.slice(digits - 1),
      prefix,
      records: sortedRecords.subarray(start * REVOCATION_HASH_BYTES, end * REVOCATION_HASH_BYTES),
    })
    start = end
  }
  return chunks
}

/** The hex prefix of a chunk from its partition and chunk ids (the inverse of {@link distributionChunks}' cut). */
export function chunkPrefix(partition: string, chunk: string): string | undefined {
  if (partition === 'null' && chunk === '1') return ''
  const prefix = `${partition}${chunk}`
  return /^[0-9a-f]{2,3}$/.test(prefix) && chunk.length === 1 ? prefix : undefined
}

/** A chunk's records as one VARHASHLIST slice of full 16-byte hashes. */
export function encodeSlice(records: Uint8Array): Uint8Array {
  const n = records.length / REVOCATION_HASH_BYTES
  const slice = new Uint8Array(HEADER_BYTES + records.length)
  const view = new DataView(slice.buffer)
  view.setInt16(0, FORMAT_VERSION)
  view.setFloat32(2, 0)
  view.setInt32(6, n)
  view.setInt8(10, REVOCATION_HASH_BYTES)
  slice.set(records, HEADER_BYTES)
  return slice
}

/**
 * The 16-byte records of a slice; undefined when it is not a VARHASHLIST of whole 16-byte hashes (a filter of shorter
 * prefixes would make unrelated certificates revoked by chance, so it is refused, not used).
 */
export function decodeSlice(slice: Uint8Array): Uint8Array | undefined {
  if (slice.length < HEADER_BYTES) return undefined
  const view = new DataView(slice.buffer, slice.byteOffset, slice.byteLength)
  const n = view.getInt32(6)
  if (view.getInt16(0) !== FORMAT_VERSION || view.getInt8(10) !== REVOCATION_HASH_BYTES || n < 0) return undefined
  if (slice.length !== HEADER_BYTES + n * REVOCATION_HASH_BYTES) return undefined
  return slice.subarray(HEADER_BYTES)
}

/** The first `digits` hex digits of a record, as a number. */
function prefixValue(records: Uint8Array, index: number, digits: number): number {
  const o = index * REVOCATION_HASH_BYTES
  return (((records[o] as number) << 8) | (records[o + 1] as number)) >> (16 - 4 * digits)
}
