import { DrlError } from '../drl/errors.ts'
import { drlHashesToBytes } from '../drl/hash.ts'
import { SyncError } from './errors.ts'

/** A `drl/check` answer (§9.4), the fields the client uses. */
export interface DrlCheck {
  readonly version: number
  readonly fromVersion: number | null
  /** Chunks of what `drl?version=` would serve; absent when there is nothing to download. */
  readonly totalChunk: number | null
  readonly sizeSingleChunkInByte: number | null
  readonly totalSizeInByte: number | null
  /** Size of the whole set at `version`. */
  readonly totalNumberUCVI: number
}

/** One `drl` chunk (§9.5), its entries decoded to raw 32-byte records. */
export interface DrlChunk {
  readonly version: number
  readonly chunk: number
  readonly lastChunk: number | null
  readonly totalNumberUCVI: number | null
  /** `revokedUcvi` (the whole set, in chunks) or `delta` (changes since the asked version). */
  readonly kind: 'snapshot' | 'delta'
  readonly insertions: Uint8Array
  readonly deletions: Uint8Array
}

/**
 * Checks and reads a `drl/check` body; anything else is `SYNC_PROTOCOL`.
 *
 * @example parseDrlCheck({ version: 35, totalChunk: 20, totalNumberUCVI: 193786, … })
 */
export function parseDrlCheck(json: unknown): DrlCheck {
  if (!isRecord(json)) throw protocol('drl/check is not a JSON object')
  return {
    version: count(json, 'version', 'drl/check'),
    fromVersion: optionalCount(json, 'fromVersion', 'drl/check'),
    totalChunk: optionalCount(json, 'totalChunk', 'drl/check'),
    sizeSingleChunkInByte: optionalCount(json, 'sizeSingleChunkInByte', 'drl/check'),
    totalSizeInByte: optionalCount(json, 'totalSizeInByte', 'drl/check'),
    totalNumberUCVI: count(json, 'totalNumberUCVI', 'drl/check'),
  }
}

/**
 * Checks and reads a `drl` chunk: exactly one of `revokedUcvi` and `delta`, every entry a base64 SHA-256. Anything
 * else is `SYNC_PROTOCOL`.
 *
 * @example parseDrlChunk(JSON.parse(body)).insertions.length // 32 × entries
 */
export function parseDrlChunk(json: unknown): DrlChunk {
  if (!isRecord(json)) throw protocol('drl chunk is not a JSON object')
  const where = 'drl chunk'
  const common = {
    version: count(json, 'version', where),
    chunk: count(json, 'chunk', where),
    lastChunk: optionalCount(json, 'lastChunk', where),
    totalNumberUCVI: optionalCount(json, 'totalNumberUCVI', where),
  }
  const { revokedUcvi, delta } = json
  if ((revokedUcvi === undefined) === (delta === undefined)) {
    throw protocol('drl chunk: needs exactly one of revokedUcvi and delta')
  }
  if (revokedUcvi !== undefined) {
    if (!Array.isArray(revokedUcvi)) throw protocol('drl chunk: revokedUcvi is not an array')
    return { ...common, kind: 'snapshot', insertions: hashes(revokedUcvi, 'revokedUcvi'), deletions: new Uint8Array() }
  }
  if (!isRecord(delta)) throw protocol('drl chunk: delta is not an object')
  const { insertions = [], deletions = [] } = delta
  if (!Array.isArray(insertions) || !Array.isArray(deletions)) {
    throw protocol('drl chunk: delta.insertions and delta.deletions must be arrays')
  }
  return {
    ...common,
    kind: 'delta',
    insertions: hashes(insertions, 'delta.insertions'),
    deletions: hashes(deletions, 'delta.deletions'),
  }
}

function hashes(list: readonly unknown[], field: string): Uint8Array {
  try {
    return drlHashesToBytes(list)
  } catch (error) {
    if (error instanceof DrlError) throw protocol(`drl chunk: ${field}: ${error.message}`)
    throw error
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function count(json: Record<string, unknown>, field: string, where: string): number {
  const value = json[field]
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw protocol(`${where}: ${field} is not a non-negative integer (${JSON.stringify(value)})`)
  }
  return value as number
}

function optionalCount(json: Record<string, unknown>, field: string, where: string): number | null {
  return json[field] === undefined || json[field] === null ? null : count(json, field, where)
}

function protocol(message: string): SyncError {
  return new SyncError('SYNC_PROTOCOL', message)
}
