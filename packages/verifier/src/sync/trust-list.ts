import { importDsc } from '@greenpass/hcert'
import type { TrustListEntry } from '../store/layout.ts'
import type { SyncStore } from './sync-store.ts'
import { SyncError } from './errors.ts'
import type { SyncHttp } from './http.ts'

/** What a trust-list sync did. */
export interface TrustListSyncResult {
  /** DSCs stored now. */
  readonly count: number
  /** Kids stored now that were not before. */
  readonly added: number
  /** Kids no longer listed, removed. */
  readonly removed: number
  /** DSCs served by the `update` loop (listed or not). */
  readonly served: number
  /** Listed DSCs served with a body that is not a certificate: not stored. */
  readonly rejected: number
  /** HTTP requests made. */
  readonly requests: number
}

/** One DSC per call: a loop that has not reached 204 after this many calls is not converging (the list has ~850). */
const MAX_UPDATE_CALLS = 20_000

/**
 * The trust-list procedure of §8: fetch the status list (the kids that are valid now), then loop over `update` with
 * `X-RESUME-TOKEN` until 204, keeping each DSC under its served `X-KID` if that kid is listed, and drop local kids no
 * longer listed. The resume token restarts from the beginning when the list or the store is empty.
 *
 * Two checks the reference does not make, so that the stored list is always a whole one: a listed kid that is
 * neither stored nor served after an incremental loop triggers one full loop (the token may predate it), and a
 * listed kid still never served means the loop ended early (a 204 too soon): the sync fails with `SYNC_PROTOCOL`
 * and the previous list stays. Nothing is written until the loop has ended.
 *
 * @example await syncTrustList(store, syncHttp({ baseUrl }), new Date())
 */
export async function syncTrustList(store: SyncStore, http: SyncHttp, now: Date): Promise<TrustListSyncResult> {
  const status = await http.getJson('signercertificate/status')
  if (!Array.isArray(status) || !status.every((kid) => typeof kid === 'string')) {
    throw new SyncError('SYNC_PROTOCOL', 'signercertificate/status is not a JSON array of kids')
  }
  const listed = new Set<string>(status)
  const before = store.trustListState()
  const kept = before.dscs.filter((dsc) => listed.has(dsc.kid))
  const startToken = listed.size === 0 || before.dscs.length === 0 ? null : before.resumeToken

  let loop = listed.size === 0 ? emptyLoop() : await updateLoop(http, listed, startToken)
  let requests = 1 + loop.requests
  let missing = missingKids(listed, kept, loop)
  if (missing.length > 0 && startToken !== null) {
    loop = await updateLoop(http, listed, null)
    requests += loop.requests
    missing = missingKids(listed, kept, loop)
  }
  if (missing.length > 0) {
    throw new SyncError(
      'SYNC_PROTOCOL',
      `signercertificate/update ended (204) without serving ${missing.length} listed kid(s), e.g. ${missing[0]}`,
    )
  }

  const dscs = mergeDscs(kept, loop.received)
  const beforeKids = new Set(before.dscs.map((dsc) => dsc.kid))
  const afterKids = new Set(dscs.map((dsc) => dsc.kid))
  await store.saveTrustList(dscs, loop.token, now)
  return {
    count: dscs.length,
    added: [...afterKids].filter((kid) => !beforeKids.has(kid)).length,
    removed: [...beforeKids].filter((kid) => !afterKids.has(kid)).length,
    served: loop.served,
    rejected: loop.rejected.size,
    requests,
  }
}

interface UpdateLoop {
  readonly received: TrustListEntry[]
  /** Listed kids whose body was not a certificate. */
  readonly rejected: Set<string>
  readonly token: string | null
  readonly served: number
  readonly requests: number
}

function emptyLoop(): UpdateLoop {
  return { received: [], rejected: new Set(), token: null, served: 0, requests: 0 }
}

async function updateLoop(http: SyncHttp, listed: ReadonlySet<string>, startToken: string | null): Promise<UpdateLoop> {
  const received: TrustListEntry[] = []
  const rejected = new Set<string>()
  let token = startToken
  let served = 0
  for (let requests = 1; requests <= MAX_UPDATE_CALLS; requests++) {
    const response = await http.get('signercertificate/update', token === null ? {} : { 'X-RESUME-TOKEN': token })
    if (response.status === 204) return { received, rejected, token, served, requests }
    if (response.status !== 200) {
      throw new SyncError('SYNC_HTTP', `signercertificate/update: HTTP ${response.status}`, {
        httpStatus: response.status,
      })
    }
    const kid = response.headers.get('x-kid')
    const next = response.headers.get('x-resume-token')
    if (!kid || !next) throw new SyncError('SYNC_PROTOCOL', 'signercertificate/update: X-KID or X-RESUME-TOKEN missing')
    if (next === token) throw new SyncError('SYNC_PROTOCOL', `signercertificate/update: resume token ${next} repeated`)
    token = next
    served++
    if (!listed.has(kid)) continue
    const der = response.text.trim()
    try {
      importDsc(der, { kid: new Uint8Array(Buffer.from(kid, 'base64')) })
    } catch {
      rejected.add(kid)
      continue
    }
    received.push({ kid, der })
  }
  throw new SyncError('SYNC_PROTOCOL', `signercertificate/update: no 204 after ${MAX_UPDATE_CALLS} calls`)
}

function missingKids(listed: ReadonlySet<string>, kept: readonly TrustListEntry[], loop: UpdateLoop): string[] {
  const seen = new Set([...kept.map((dsc) => dsc.kid), ...loop.received.map((dsc) => dsc.kid), ...loop.rejected])
  return [...listed].filter((kid) => !seen.has(kid))
}

/** Local DSCs still listed, then the served ones; the same kid with the same certificate is kept once. */
function mergeDscs(kept: readonly TrustListEntry[], received: readonly TrustListEntry[]): TrustListEntry[] {
  const seen = new Set<string>()
  const merged: TrustListEntry[] = []
  for (const dsc of [...kept, ...received]) {
    const key = `${dsc.kid} ${dsc.der}`
    if (seen.has(key)) continue
    seen.add(key)
    merged.push(dsc)
  }
  return merged
}
