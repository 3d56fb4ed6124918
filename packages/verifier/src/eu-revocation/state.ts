import { EU_REVOCATION_HASH_TYPES, type EuRevocationHashType } from '@greenpass/rules'
import type { DistributionMode } from './distribution.ts'

/*
 * In the data folder:
 *   eu-revocation.json        {format, syncedAt, etag, file, nextId, lists: [{kid, mode, hashTypes, expires,
 *                              lastUpdated, count, chunks: {<hex prefix>: <slice SHA-256>}}]}
 *   eu-revocation-<file>.bin  every list's 16-byte hashes, ascending, one list after the other in `lists` order
 * The .bin file is written first under a new number, then the JSON naming it: a crash in between leaves the previous
 * state, and the unnamed file is removed at the next open.
 */

export const EU_REVOCATION_STATE_FILE = 'eu-revocation.json'
export const EU_REVOCATION_FILE_PATTERN = /^eu-revocation-\d+\.bin$/

export function euRevocationFile(id: number): string {
  return `eu-revocation-${id}.bin`
}

/** One kid's list as the server described it when it was last downloaded. */
export interface EuRevocationListState {
  readonly kid: string
  readonly mode: DistributionMode
  readonly hashTypes: readonly EuRevocationHashType[]
  readonly expires: string
  readonly lastUpdated: string
  readonly count: number
  /** Per chunk (by hex prefix), the SHA-256 of the slice it came from: unchanged chunks are not downloaded again. */
  readonly chunks: Readonly<Record<string, string>>
}

export interface EuRevocationState {
  readonly syncedAt: string | null
  /** The `ETag` of the overview the lists came from (`If-None-Match` of the next sync). */
  readonly etag: string | null
  /** Number of the .bin file; null when there are no hashes. */
  readonly file: number | null
  readonly nextId: number
  readonly lists: readonly EuRevocationListState[]
}

export const EMPTY_EU_REVOCATION: EuRevocationState = { syncedAt: null, etag: null, file: null, nextId: 1, lists: [] }

const MODES = new Set(['POINT', 'VECTOR', 'COORDINATE'])

export function isHashTypes(value: unknown): value is EuRevocationHashType[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((type) => (EU_REVOCATION_HASH_TYPES as readonly unknown[]).includes(type))
  )
}

export function isDistributionMode(value: unknown): value is DistributionMode {
  return typeof value === 'string' && MODES.has(value)
}

/** The state's fields checked one by one; undefined when anything is not what this store writes. */
export function parseEuRevocationState(json: Record<string, unknown>): EuRevocationState | undefined {
  const { syncedAt, etag, file, nextId, lists } = json
  const count = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0
  if (
    !(syncedAt === null || (typeof syncedAt === 'string' && !Number.isNaN(Date.parse(syncedAt)))) ||
    !(etag === null || typeof etag === 'string') ||
    !(file === null || count(file)) ||
    !count(nextId) ||
    !Array.isArray(lists)
  ) {
    return undefined
  }
  const parsed: EuRevocationListState[] = []
  for (const list of lists as Record<string, unknown>[]) {
    const chunks = list?.chunks
    if (
      typeof list?.kid !== 'string' ||
      !isDistributionMode(list.mode) ||
      !isHashTypes(list.hashTypes) ||
      typeof list.expires !== 'string' ||
      typeof list.lastUpdated !== 'string' ||
      !count(list.count) ||
      typeof chunks !== 'object' ||
      chunks === null ||
      !Object.values(chunks).every((hash) => typeof hash === 'string')
    ) {
      return undefined
    }
    parsed.push({
      kid: list.kid,
      mode: list.mode,
      hashTypes: list.hashTypes,
      expires: list.expires,
      lastUpdated: list.lastUpdated,
      count: list.count,
      chunks: { ...(chunks as Record<string, string>) },
    })
  }
  return { syncedAt, etag, file, nextId, lists: parsed }
}
