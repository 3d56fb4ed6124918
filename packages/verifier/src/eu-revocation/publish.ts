import { hash } from 'node:crypto'
import type { EuRevocationHashType } from '@greenpass/rules'
import {
  type DistributionMode,
  distributionChunks,
  distributionMode,
  encodeSlice,
  SLICE_TYPE,
  SLICE_VERSION,
} from './distribution.ts'
import { RevocationHashSet } from './hash-set.ts'

/** One kid's revoked hashes as a national backend holds them, to publish. */
export interface ListToPublish {
  readonly kid: string
  readonly hashTypes: readonly EuRevocationHashType[]
  /** The latest expiry of its batches. */
  readonly expires: Date
  /** When its batches last changed. */
  readonly lastUpdated: Date
  /** 16-byte hashes, any order, duplicates allowed. */
  readonly records: Uint8Array
}

/** `GET revocation/lists`: one item per kid. */
export interface ListOverview {
  readonly kid: string
  readonly mode: DistributionMode
  readonly hashTypes: readonly EuRevocationHashType[]
  readonly expires: string
  readonly lastUpdated: string
}

/** `GET revocation/lists/{kid}/partitions`: one item per partition. */
export interface PartitionOverview {
  readonly kid: string
  readonly id: string
  readonly x: string | null
  readonly y: string | null
  readonly lastUpdated: string
  readonly expired: string
  readonly chunks: Record<string, Record<string, { type: string; version: string; hash: string }>>
}

/** Everything a distribution API serves, computed once per change of the lists. */
export interface RevocationPublication {
  /** Quoted, as an `ETag` header: changes whenever any list does. */
  readonly etag: string
  readonly overview: readonly ListOverview[]
  partitions(kid: string): readonly PartitionOverview[] | undefined
  /** A slice body by its address; undefined when there is none (an old address after a change). */
  slice(kid: string, partition: string, chunk: string, sliceId: string): Uint8Array | undefined
}

/**
 * Cuts lists into the partitions, chunks and slices verifiers download (distribution.ts); each slice is addressed by
 * the first 16 hex digits of its SHA-256 (its `sid`) and described by the whole SHA-256 (its `hash`), so a slice URL
 * never changes meaning and can be cached for good.
 *
 * @example const publication = publishRevocationLists(lists); reply.header('ETag', publication.etag)
 */
export function publishRevocationLists(lists: readonly ListToPublish[]): RevocationPublication {
  const overview: ListOverview[] = []
  const partitionsByKid = new Map<string, PartitionOverview[]>()
  const slices = new Map<string, Uint8Array>()
  const fingerprint: string[] = []
  for (const list of [...lists].sort((a, b) => (a.kid < b.kid ? -1 : a.kid > b.kid ? 1 : 0))) {
    const records = RevocationHashSet.fromRecords(list.records).records()
    const lastUpdated = list.lastUpdated.toISOString()
    const expires = list.expires.toISOString()
    overview.push({
      kid: list.kid,
      mode: distributionMode(records.length / 16),
      hashTypes: list.hashTypes,
      expires,
      lastUpdated,
    })
    const partitions = new Map<string, PartitionOverview>()
    for (const chunk of distributionChunks(records)) {
      const body = encodeSlice(chunk.records)
      const sliceHash = hash('sha256', body, 'hex')
      const sid = sliceHash.slice(0, 16)
      slices.set(sliceKey(list.kid, chunk.partition, chunk.chunk, sid), body)
      fingerprint.push(sliceHash)
      let partition = partitions.get(chunk.partition)
      if (!partition) {
        const coordinates =
          chunk.partition === 'null' ? [null, null] : [chunk.partition[0] ?? null, chunk.partition[1] ?? null]
        partition = {
          kid: list.kid,
          id: chunk.partition,
          x: coordinates[0] ?? null,
          y: coordinates[1] ?? null,
          lastUpdated,
          expired: expires,
          chunks: {},
        }
        partitions.set(chunk.partition, partition)
      }
      partition.chunks[chunk.chunk] = { [sid]: { type: SLICE_TYPE, version: SLICE_VERSION, hash: sliceHash } }
    }
    partitionsByKid.set(list.kid, [...partitions.values()])
  }
  const etag = `"${hash('sha256', JSON.stringify(overview) + fingerprint.join(','), 'hex').slice(0, 32)}"`
  return {
    etag,
    overview,
    partitions: (kid) => partitionsByKid.get(kid),
    slice: (kid, partition, chunk, sliceId) => slices.get(sliceKey(kid, partition, chunk, sliceId)),
  }
}

function sliceKey(kid: string, partition: string, chunk: string, sliceId: string): string {
  return `${kid}\n${partition}\n${chunk}\n${sliceId}`
}
