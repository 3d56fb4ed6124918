import { open, readFile } from 'node:fs/promises'
import { DrlStore } from '../drl/drl-store.ts'
import { DRL_HASH_BYTES } from '../drl/hash.ts'
import { StoreError } from './errors.ts'

/*
 * Binary files of the DRL (no JSON: 10 million entries are 320 MB of digests, 600 MB as JSON text).
 *
 * Base file (the set at a version):
 *   bytes 0–7    "GPDRLSET"
 *   bytes 8–11   entry count, uint32 little-endian
 *   bytes 12–15  0
 *   then count × 32 bytes: the digests, raw, in ascending byte order (strictly: no duplicates)
 *
 * Chunk file (one applied chunk of a download):
 *   bytes 0–7    "GPDRLCHK"
 *   bytes 8–11   flags, uint32 little-endian: bit 0 = wipe the set before applying
 *   bytes 12–15  insertions, uint32 little-endian
 *   bytes 16–19  deletions, uint32 little-endian
 *   bytes 20–23  0
 *   then the insertions' digests, then the deletions' digests (32 bytes each, in the order served)
 */

const BASE_MAGIC = Buffer.from('GPDRLSET', 'latin1')
const CHUNK_MAGIC = Buffer.from('GPDRLCHK', 'latin1')
const BASE_HEADER = 16
const CHUNK_HEADER = 24
const WIPE = 1
const READ_BLOCK = 1 << 20

/** One chunk as applied: insertions first, then deletions (set semantics). */
export interface DrlChange {
  /** Empty the set first (chunk 1 of a snapshot, or of a download restarted from version 0). */
  readonly wipe: boolean
  readonly insertions: Uint8Array
  readonly deletions: Uint8Array
}

/** The base file's blocks: header, then the set's digests in order (streamed, never a second copy of the set). */
export function* baseFileBlocks(drl: DrlStore): Generator<Uint8Array> {
  const header = Buffer.alloc(BASE_HEADER)
  BASE_MAGIC.copy(header, 0)
  header.writeUInt32LE(drl.size, 8)
  yield header
  yield* drl.sortedBytes()
}

/**
 * Reads a base file into a new `DrlStore` sized for it, in linear time (the digests are in order). Anything that is
 * not a whole file of this format, with `expected` entries, is `STORE_CORRUPT`.
 */
export async function readBaseFile(path: string, expected: number, room = 0): Promise<DrlStore> {
  const file = await openForReading(path)
  try {
    const header = Buffer.alloc(BASE_HEADER)
    const { size } = await file.stat()
    await file.read(header, 0, BASE_HEADER, 0)
    const count = header.readUInt32LE(8)
    if (
      !header.subarray(0, 8).equals(BASE_MAGIC) ||
      count !== expected ||
      size !== BASE_HEADER + count * DRL_HASH_BYTES
    ) {
      throw new StoreError('STORE_CORRUPT', `${path}: not a DRL file of ${expected} entries`)
    }
    const drl = new DrlStore(Math.max(count, room))
    const block = Buffer.alloc(READ_BLOCK)
    for (let position = BASE_HEADER; position < size;) {
      const { bytesRead } = await file.read(block, 0, Math.min(READ_BLOCK, size - position), position)
      if (bytesRead === 0) break
      drl.addSortedBytes(block.subarray(0, bytesRead))
      position += bytesRead
    }
    if (drl.size !== count) throw new StoreError('STORE_CORRUPT', `${path}: duplicate entries`)
    return drl
  } finally {
    await file.close()
  }
}

export function chunkFileBytes(change: DrlChange): Uint8Array {
  const header = Buffer.alloc(CHUNK_HEADER)
  CHUNK_MAGIC.copy(header, 0)
  header.writeUInt32LE(change.wipe ? WIPE : 0, 8)
  header.writeUInt32LE(change.insertions.length / DRL_HASH_BYTES, 12)
  header.writeUInt32LE(change.deletions.length / DRL_HASH_BYTES, 16)
  return Buffer.concat([header, change.insertions, change.deletions])
}

export async function readChunkFile(path: string): Promise<DrlChange> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (cause) {
    throw missing(path, cause)
  }
  const insertions = bytes.length >= CHUNK_HEADER ? bytes.readUInt32LE(12) : 0
  const deletions = bytes.length >= CHUNK_HEADER ? bytes.readUInt32LE(16) : 0
  if (
    bytes.length !== CHUNK_HEADER + (insertions + deletions) * DRL_HASH_BYTES ||
    !bytes.subarray(0, 8).equals(CHUNK_MAGIC)
  ) {
    throw new StoreError('STORE_CORRUPT', `${path}: not a DRL chunk file`)
  }
  const split = CHUNK_HEADER + insertions * DRL_HASH_BYTES
  return {
    wipe: (bytes.readUInt32LE(8) & WIPE) !== 0,
    insertions: bytes.subarray(CHUNK_HEADER, split),
    deletions: bytes.subarray(split),
  }
}

async function openForReading(path: string) {
  try {
    return await open(path, 'r')
  } catch (cause) {
    throw missing(path, cause)
  }
}

function missing(path: string, cause: unknown): StoreError {
  // drl.json names the file, so its absence means the folder was tampered with, not an ordinary I/O hiccup.
  const code = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'STORE_CORRUPT' : 'STORE_IO'
  return new StoreError(code, `Cannot read ${path}: ${(cause as Error).message}`, { cause })
}
