import { hash } from 'node:crypto'
import type { EuRevocationHashType } from '@greenpass/rules'
import { chunkPrefix, decodeSlice, SLICE_TYPE } from '../eu-revocation/distribution.ts'
import { RevocationHashSet } from '../eu-revocation/hash-set.ts'
import type { EuRevocationList, EuRevocationLists } from '../eu-revocation/lists.ts'
import {
  type EuRevocationListState,
  type EuRevocationState,
  isDistributionMode,
  isHashTypes,
} from '../eu-revocation/state.ts'
import { SyncError } from './errors.ts'
import type { SyncHttp } from './http.ts'

/** What the EU revocation sync reads and changes (the data folder's `VerifierStore`). */
export interface EuRevocationSyncStore {
  readonly euRevocation: EuRevocationLists
  euRevocationState(): EuRevocationState
  saveEuRevocation(state: Omit<EuRevocationState, 'file' | 'nextId'>, lists: readonly EuRevocationList[]): Promise<void>
  saveEuRevocationChecked(syncedAt: Date): Promise<void>
}

/** What an EU revocation sync did. */
export interface EuRevocationSyncResult {
  /** False when the server has no EU revocation lists to offer (404): nothing changed. */
  readonly offered: boolean
  readonly lists: number
  readonly hashes: number
  /** Slices downloaded (the others were unchanged, or the overview itself was: 304). */
  readonly slices: number
  readonly unchanged: boolean
}

const BASE = 'revocation/lists'

/**
 * Syncs other countries' revocation lists from the national backend's distribution API (gateway-and-trust.md §5.2):
 * the overview (`If-None-Match` → 304 when nothing changed), then for each kid whose list changed its partitions
 * (`If-Match` with the overview's ETag, so a list that changes during the sync fails it rather than mixing two
 * versions), and only the slices whose SHA-256 differs from the chunk held; each slice must hash to what the partition
 * announced and hold whole 16-byte hashes of the chunk's prefix. Lists whose `expires` has passed are dropped. Nothing
 * is written until every list is complete.
 *
 * @example await syncEuRevocation(store, syncHttp({ baseUrl }), new Date())
 */
export async function syncEuRevocation(
  store: EuRevocationSyncStore,
  http: SyncHttp,
  now: Date,
): Promise<EuRevocationSyncResult> {
  const before = store.euRevocationState()
  const overview = await http.get(BASE, before.etag === null ? {} : { 'If-None-Match': before.etag })
  if (overview.status === 404) return { offered: false, lists: 0, hashes: 0, slices: 0, unchanged: true }
  if (overview.status === 304) {
    await store.saveEuRevocationChecked(now)
    return { offered: true, lists: before.lists.length, hashes: store.euRevocation.size, slices: 0, unchanged: true }
  }
  if (overview.status !== 200) {
    throw new SyncError('SYNC_HTTP', `GET ${BASE}: HTTP ${overview.status}`, { httpStatus: overview.status })
  }
  const etag = overview.headers.get('etag')
  if (etag === null) throw new SyncError('SYNC_PROTOCOL', `GET ${BASE}: no ETag`)
  const described = parseOverview(overview.text).filter((list) => Date.parse(list.expires) > now.getTime())
  const held = new Map(before.lists.map((list) => [list.kid, list]))
  const lists: EuRevocationList[] = []
  const states: EuRevocationListState[] = []
  let slices = 0
  for (const list of described) {
    const previous = held.get(list.kid)
    const previousSet = store.euRevocation.lists.get(list.kid)?.hashes
    if (previous && previousSet && previous.lastUpdated === list.lastUpdated && previous.mode === list.mode) {
      lists.push({ kid: list.kid, hashTypes: list.hashTypes, hashes: previousSet })
      states.push({ ...previous, hashTypes: list.hashTypes, expires: list.expires })
      continue
    }
    const downloaded = await downloadList(http, list, etag, previous, previousSet)
    slices += downloaded.slices
    lists.push({ kid: list.kid, hashTypes: list.hashTypes, hashes: downloaded.hashes })
    states.push({ ...list, count: downloaded.hashes.size, chunks: downloaded.chunks })
  }
  await store.saveEuRevocation({ syncedAt: now.toISOString(), etag, lists: states }, lists)
  return {
    offered: true,
    lists: lists.length,
    hashes: lists.reduce((sum, list) => sum + list.hashes.size, 0),
    slices,
    unchanged: false,
  }
}

type ListDescription = Omit<EuRevocationListState, 'count' | 'chunks'>

function parseOverview(text: string): ListDescription[] {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new SyncError('SYNC_PROTOCOL', `GET ${BASE}: the body is not JSON`)
  }
  if (!Array.isArray(json)) throw new SyncError('SYNC_PROTOCOL', `GET ${BASE}: not a JSON array`)
  return json.map((item: Record<string, unknown>, i) => {
    if (
      typeof item?.kid !== 'string' ||
      !isDistributionMode(item.mode) ||
      !isHashTypes(item.hashTypes) ||
      typeof item.expires !== 'string' ||
      Number.isNaN(Date.parse(item.expires)) ||
      typeof item.lastUpdated !== 'string'
    ) {
      throw new SyncError('SYNC_PROTOCOL', `GET ${BASE}: list ${i} is not {kid, mode, hashTypes, expires, lastUpdated}`)
    }
    return {
      kid: item.kid,
      mode: item.mode,
      hashTypes: item.hashTypes as EuRevocationHashType[],
      expires: item.expires,
      lastUpdated: item.lastUpdated,
    }
  })
}

interface Partition {
  readonly id: string
  readonly chunks: Record<string, Record<string, { type: string; hash: string }>>
}

async function downloadList(
  http: SyncHttp,
  list: ListDescription,
  etag: string,
  previous: EuRevocationListState | undefined,
  previousSet: RevocationHashSet | undefined,
): Promise<{ hashes: RevocationHashSet; chunks: Record<string, string>; slices: number }> {
  const path = `${BASE}/${encodeURIComponent(list.kid)}/partitions`
  const response = await http.get(path, { 'If-Match': etag })
  if (response.status !== 200) {
    throw new SyncError('SYNC_HTTP', `GET ${path}: HTTP ${response.status}`, { httpStatus: response.status })
  }
  const partitions = parsePartitions(response.text, path)
  const parts: Uint8Array[] = []
  const chunks: Record<string, string> = {}
  let slices = 0
  for (const partition of partitions) {
    for (const [cid, sliceMap] of Object.entries(partition.chunks)) {
      const prefix = chunkPrefix(partition.id, cid)
      const entries = Object.entries(sliceMap)
      if (prefix === undefined || entries.length !== 1) {
        throw new SyncError('SYNC_PROTOCOL', `GET ${path}: chunk ${partition.id}/${cid} is not one slice of a prefix`)
      }
      const [sid, slice] = entries[0] as [string, { type: string; hash: string }]
      chunks[prefix] = slice.hash
      if (previous?.chunks[prefix] === slice.hash && previousSet) {
        parts.push(previousSet.recordsWithPrefix(prefix))
        continue
      }
      const slicePath = `${BASE}/${encodeURIComponent(list.kid)}/partitions/${partition.id}/chunks/${cid}/slices/${sid}`
      const body = await http.get(slicePath, { 'If-Match': etag, 'X-SLICE-FILTER-TYPE': SLICE_TYPE })
      if (body.status !== 200) {
        throw new SyncError('SYNC_HTTP', `GET ${slicePath}: HTTP ${body.status}`, { httpStatus: body.status })
      }
      if (hash('sha256', body.bytes, 'hex') !== slice.hash) {
        throw new SyncError('SYNC_PROTOCOL', `GET ${slicePath}: the slice does not have the announced SHA-256`)
      }
      const records = decodeSlice(body.bytes)
      if (records === undefined || !allStartWith(records, prefix)) {
        throw new SyncError('SYNC_PROTOCOL', `GET ${slicePath}: not a list of 16-byte hashes of prefix '${prefix}'`)
      }
      parts.push(records)
      slices++
    }
  }
  const all = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let offset = 0
  for (const part of parts) {
    all.set(part, offset)
    offset += part.length
  }
  return { hashes: RevocationHashSet.fromRecords(all), chunks, slices }
}

function parsePartitions(text: string, path: string): Partition[] {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new SyncError('SYNC_PROTOCOL', `GET ${path}: the body is not JSON`)
  }
  const isSlice = (value: unknown) =>
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === SLICE_TYPE &&
    /^[0-9a-f]{64}$/.test(String((value as { hash?: unknown }).hash))
  if (
    !Array.isArray(json) ||
    !json.every(
      (partition: Record<string, unknown>) =>
        typeof partition?.id === 'string' &&
        typeof partition.chunks === 'object' &&
        partition.chunks !== null &&
        Object.values(partition.chunks).every(
          (slices) => typeof slices === 'object' && slices !== null && Object.values(slices).every(isSlice),
        ),
    )
  ) {
    throw new SyncError('SYNC_PROTOCOL', `GET ${path}: not a list of partitions {id, chunks: {cid: {sid: slice}}}`)
  }
  return json as Partition[]
}

function allStartWith(records: Uint8Array, prefix: string): boolean {
  if (prefix === '') return true
  for (let o = 0; o < records.length; o += 16) {
    const hex = ((records[o] as number) * 256 + (records[o + 1] as number)).toString(16).padStart(4, '0')
    if (!hex.startsWith(prefix)) return false
  }
  return true
}
