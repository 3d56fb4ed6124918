import { type EuRevocationState, parseEuRevocationState } from '../eu-revocation/state.ts'
import { StoreError } from './errors.ts'
import { isSettingRows, type SettingRow } from './settings-rows.ts'

/*
 * The data folder. One file per part, each replaced atomically, so each part is always a whole state of its own:
 *
 *   trust-list.json          {format, syncedAt, resumeToken, dscs: [{kid, der}]}  kid and DER base64, as served
 *   settings.json            {format, syncedAt, rows: [{name, type, value}]}      rows as served
 *   drl.json                 {format, version, syncedAt, totalNumberUCVI, retries, base, count, download, nextId}
 *   drl-<id>.bin             the DRL at `version`: a header and the sorted 32-byte digests (drl-files.ts)
 *   drl-<id>-chunk-<n>.bin   chunk n of the download in progress, as applied (wipe flag, insertions, deletions)
 *   eu-revocation.json, eu-revocation-<id>.bin   other countries' revocation lists (eu-revocation/state.ts)
 *
 * drl.json is the DRL's commit record: a .bin file only counts once drl.json names it, so a crash between writing a
 * chunk file and drl.json leaves the previous state, and the unreferenced file is removed at the next open.
 */

export const FORMAT = 1
export const TRUST_LIST_FILE = 'trust-list.json'
export const SETTINGS_FILE = 'settings.json'
export const DRL_STATE_FILE = 'drl.json'

/** The DRL at a version, sorted digests. */
export function drlBaseFile(id: number): string {
  return `drl-${id}.bin`
}

/** One applied chunk of the download `id`. */
export function drlChunkFile(id: number, chunk: number): string {
  return `drl-${id}-chunk-${chunk}.bin`
}

/** One DSC of the trust list as the `update` call served it. */
export interface TrustListEntry {
  /** The kid from `X-KID`, base64 exactly as served (§8: never recomputed). */
  readonly kid: string
  /** The body: base64 DER without PEM armour. */
  readonly der: string
}

export interface TrustListState {
  readonly syncedAt: string | null
  /** `X-RESUME-TOKEN` of the last DSC received: the next sync asks only for DSCs after it. */
  readonly resumeToken: string | null
  readonly dscs: readonly TrustListEntry[]
}

export interface SettingsState {
  readonly syncedAt: string | null
  readonly rows: readonly SettingRow[]
}

/** A DRL download under way (§9.6 step 3): what was offered and how far it got. */
export interface DrlDownload {
  /** Names its chunk files and, once finished, its base file. */
  readonly id: number
  /** The local version the chunks are asked against (`drl?version=`): 0 when starting from scratch. */
  readonly fromVersion: number
  /** The server's version when the download started; every chunk must carry it. */
  readonly requestedVersion: number
  readonly totalChunk: number
  /** Chunks applied so far (1 … totalChunk). */
  readonly currentChunk: number
  readonly sizeSingleChunkInByte: number | null
  readonly totalNumberUCVI: number | null
  /** Chunk 1 wipes the set whatever it is: a restart after a wipe, or a snapshot. */
  readonly fromScratch: boolean
  /** Snapshot (`revokedUcvi`) or delta, as chunk 1 was; later chunks must be the same kind. */
  readonly kind: 'snapshot' | 'delta' | null
}

export interface DrlState {
  /** The version the set is at (the base file, before the chunks of a download in progress). */
  readonly version: number
  /** The last time the set was found complete and reconciled with the server's `totalNumberUCVI`. */
  readonly syncedAt: string | null
  readonly totalNumberUCVI: number | null
  /** Full resyncs (wipe and download from version 0) since the last reconciled sync. */
  readonly retries: number
  /** Id of the base file; null for an empty set. */
  readonly base: number | null
  /** Entries in the base file. */
  readonly count: number
  readonly download: DrlDownload | null
  readonly nextId: number
}

export const EMPTY_TRUST_LIST: TrustListState = { syncedAt: null, resumeToken: null, dscs: [] }
export const EMPTY_SETTINGS: SettingsState = { syncedAt: null, rows: [] }
export const EMPTY_DRL: DrlState = {
  version: 0,
  syncedAt: null,
  totalNumberUCVI: null,
  retries: 0,
  base: null,
  count: 0,
  download: null,
  nextId: 1,
}

/** The file's JSON text for a part's state. */
export function stateJson(state: TrustListState | SettingsState | DrlState | EuRevocationState): string {
  return `${JSON.stringify({ format: FORMAT, ...state })}\n`
}

export function parseTrustListState(text: string, file: string): TrustListState {
  const json = parseObject(text, file)
  const dscs = json.dscs
  if (
    !isTimestamp(json.syncedAt) ||
    !isNullableString(json.resumeToken) ||
    !Array.isArray(dscs) ||
    !dscs.every((dsc) => isObject(dsc) && typeof dsc.kid === 'string' && typeof dsc.der === 'string')
  ) {
    throw corrupt(file, 'not a trust list')
  }
  return {
    syncedAt: json.syncedAt,
    resumeToken: json.resumeToken,
    dscs: dscs.map((dsc: { kid: string; der: string }) => ({ kid: dsc.kid, der: dsc.der })),
  }
}

export function parseSettingsState(text: string, file: string): SettingsState {
  const json = parseObject(text, file)
  if (!isTimestamp(json.syncedAt) || !isSettingRows(json.rows)) throw corrupt(file, 'not a settings table')
  return { syncedAt: json.syncedAt, rows: json.rows }
}

export function parseDrlState(text: string, file: string): DrlState {
  const json = parseObject(text, file)
  const download = json.download
  if (
    !isCount(json.version) ||
    !isTimestamp(json.syncedAt) ||
    !(json.totalNumberUCVI === null || isCount(json.totalNumberUCVI)) ||
    !isCount(json.retries) ||
    !(json.base === null || isCount(json.base)) ||
    !isCount(json.count) ||
    !isCount(json.nextId) ||
    !(download === null || isDownload(download))
  ) {
    throw corrupt(file, 'not a DRL state')
  }
  return {
    version: json.version,
    syncedAt: json.syncedAt,
    totalNumberUCVI: json.totalNumberUCVI,
    retries: json.retries,
    base: json.base,
    count: json.count,
    download: download === null ? null : { ...download },
    nextId: json.nextId,
  }
}

export function parseEuRevocationStateFile(text: string, file: string): EuRevocationState {
  const state = parseEuRevocationState(parseObject(text, file))
  if (state === undefined) throw corrupt(file, 'not an EU revocation state')
  return state
}

function isDownload(value: unknown): value is DrlDownload {
  return (
    isObject(value) &&
    isCount(value.id) &&
    isCount(value.fromVersion) &&
    isCount(value.requestedVersion) &&
    isCount(value.totalChunk) &&
    isCount(value.currentChunk) &&
    value.currentChunk <= value.totalChunk &&
    (value.sizeSingleChunkInByte === null || isCount(value.sizeSingleChunkInByte)) &&
    (value.totalNumberUCVI === null || isCount(value.totalNumberUCVI)) &&
    typeof value.fromScratch === 'boolean' &&
    (value.kind === null || value.kind === 'snapshot' || value.kind === 'delta')
  )
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- checked field by field by the parsers above
function parseObject(text: string, file: string): Record<string, any> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    throw corrupt(file, (cause as Error).message)
  }
  if (!isObject(json) || json.format !== FORMAT) throw corrupt(file, `not format ${FORMAT}`)
  return json
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a narrowing helper for untyped JSON
function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0
}

function isNullableString(value: unknown): value is string | null {
  return value === null || typeof value === 'string'
}

function isTimestamp(value: unknown): value is string | null {
  return value === null || (typeof value === 'string' && !Number.isNaN(Date.parse(value)))
}

function corrupt(file: string, why: string): StoreError {
  return new StoreError('STORE_CORRUPT', `${file}: ${why}`)
}
