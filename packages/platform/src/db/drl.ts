import { sql, type Kysely } from 'kysely'
import { DbError } from './errors.ts'
import type { Database } from './schema.ts'
import { withTransaction } from './transaction.ts'

/** Items per DRL chunk on the wire (italian-verification-rules.md §9.3). */
export const DRL_CHUNK_SIZE = 10_000
/** Bytes the protocol counts per item (44 base64 characters plus JSON framing, §9.3). */
const BYTES_PER_ITEM = 51
/** Hashes per statement when applying a version (bounded by the engines' parameter limits). */
const BATCH = 500

/** Options of the DRL reads. */
export interface DrlReadOptions {
  /** Items per chunk (default {@link DRL_CHUNK_SIZE}; smaller in tests). */
  chunkSize?: number
  /**
   * How many versions back a delta is still served (default: every version). A client further behind gets the full
   * snapshot, as the reference service does once it no longer retains the client's version.
   */
  deltaRetention?: number
}

/** The metadata answer of `GET /v1/dgc/drl/check` (§9.4). Absent fields are omitted on the wire. */
export interface DrlCheck {
  id: string
  /** The client's base version for a delta (and `version` itself when the client is up to date); absent for a snapshot. */
  fromVersion?: number
  version: number
  chunk: number
  totalChunk: number
  sizeSingleChunkInByte: number
  totalSizeInByte: number
  totalNumberUCVI: number
  /** Snapshot: every hash; delta: the insertions; up to date: 0. */
  numDiAdd: number
  /** Delta only. */
  numDiDelete?: number
  /** Snapshot only: when the latest version was made (ISO 8601). */
  creationDate?: string
}

/** One chunk of `GET /v1/dgc/drl` (§9.5): a snapshot's `revokedUcvi`, or a delta's insertions and deletions. */
export interface DrlChunk {
  id: string
  version: number
  fromVersion?: number
  chunk: number
  lastChunk: number
  creationDate?: string
  firstElementInChunk?: string
  lastElementInChunk?: string
  sizeSingleChunkInByte: number
  totalNumberUCVI: number
  revokedUcvi?: string[]
  delta?: { insertions: string[]; deletions: string[] }
}

/** The latest DRL version (0 only before `publishFirstDrlVersion`). */
export async function latestDrlVersion(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('drl_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst()
  return Number(row?.v ?? 0)
}

/**
 * Makes the next DRL version from hashes revoked (`insertions`) and revocations lifted (`deletions`), with set
 * semantics: revoking a hash already in the list, or lifting one that is not, changes nothing. Returns the new version.
 * Call it in the transaction that marks the certificates revoked, so the list and the certificates agree.
 */
export async function appendDrlVersion(
  db: Kysely<Database>,
  change: { insertions: readonly string[]; deletions: readonly string[]; at: number; kind?: string },
): Promise<number> {
  return withTransaction(db, async (trx) => {
    const version = (await latestDrlVersion(trx)) + 1
    const kind =
      change.kind ?? (change.deletions.length === 0 ? 'revoke' : change.insertions.length === 0 ? 'unrevoke' : 'mixed')
    await trx.insertInto('drl_versions').values({ version, created_at: change.at, kind }).execute()
    const deletions = [...new Set(change.deletions)]
    for (let i = 0; i < deletions.length; i += BATCH) {
      await trx
        .updateTable('drl_entries')
        .set({ version_removed: version })
        .where('hash', 'in', deletions.slice(i, i + BATCH))
        .where('version_removed', 'is', null)
        .execute()
    }
    const insertions = [...new Set(change.insertions)]
    for (let i = 0; i < insertions.length; i += BATCH) {
      const batch = insertions.slice(i, i + BATCH)
      const present = await trx
        .selectFrom('drl_entries')
        .select('hash')
        .where('hash', 'in', batch)
        .where('version_removed', 'is', null)
        .execute()
      const skip = new Set(present.map((r) => r.hash))
      const rows = batch.filter((h) => !skip.has(h)).map((hash) => ({ hash, version_added: version }))
      if (rows.length > 0) await trx.insertInto('drl_entries').values(rows).execute()
    }
    return version
  })
}

/**
 * Publishes version 1, an empty snapshot, when no version exists yet: from its first start the platform offers a
 * real DRL version, since the reference SDK reads version 0 as "never synced" and refuses every scan until it has
 * one. Does nothing once a version exists; returns the latest version.
 */
export async function publishFirstDrlVersion(db: Kysely<Database>, at: number): Promise<number> {
  const latest = await latestDrlVersion(db)
  if (latest > 0) return latest
  return appendDrlVersion(db, { insertions: [], deletions: [], at, kind: 'initial' })
}

/** The revoked hashes at the latest version, sorted: the whole list (for tests, tools and small deployments). */
export async function currentDrl(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('drl_entries')
    .select('hash')
    .where('version_removed', 'is', null)
    .orderBy('hash')
    .execute()
  return rows.map((r) => r.hash)
}

type Plan =
  | { type: 'current'; latest: number; total: number; created: number }
  | { type: 'snapshot'; latest: number; total: number; created: number }
  | { type: 'delta'; from: number; latest: number; total: number; insertions: string[]; deletions: string[] }

/** Answers `drl/check?version=&chunk=` (§9.3–9.4). Throws `DRL_BAD_VERSION` / `DRL_BAD_CHUNK` for invalid input. */
export async function drlCheck(
  db: Kysely<Database>,
  version: number,
  chunk = 1,
  options: DrlReadOptions = {},
): Promise<DrlCheck> {
  const size = options.chunkSize ?? DRL_CHUNK_SIZE
  const plan = await planFor(db, version, options)
  const items = itemCount(plan)
  const totalChunk = Math.max(1, Math.ceil(items / size))
  const wanted = checkChunk(chunk, totalChunk)
  const common = {
    version: plan.latest,
    chunk: wanted,
    totalChunk,
    sizeSingleChunkInByte: size * BYTES_PER_ITEM,
    totalSizeInByte: (totalChunk - wanted + 1) * size * BYTES_PER_ITEM,
    totalNumberUCVI: plan.total,
  }
  switch (plan.type) {
    case 'current':
      return { id: snapshotId(plan.latest), fromVersion: plan.latest, ...common, numDiAdd: 0 }
    case 'snapshot':
      return { id: snapshotId(plan.latest), ...common, numDiAdd: plan.total, creationDate: iso(plan.created) }
    case 'delta':
      return {
        id: deltaId(plan.from, plan.latest),
        fromVersion: plan.from,
        ...common,
        numDiAdd: plan.insertions.length,
        numDiDelete: plan.deletions.length,
      }
  }
}

/**
 * Serves chunk `chunk` (0 or missing means 1) of what a client at `version` needs (§9.3, §9.5): nothing when it is up
 * to date, the delta to the latest version when the client's version is retained, otherwise the full snapshot. Items
 * are sorted (insertions before deletions in a delta) so that chunks are stable between calls.
 */
export async function drlChunk(
  db: Kysely<Database>,
  version: number,
  chunk = 1,
  options: DrlReadOptions = {},
): Promise<DrlChunk> {
  const size = options.chunkSize ?? DRL_CHUNK_SIZE
  const plan = await planFor(db, version, options)
  const lastChunk = Math.max(1, Math.ceil(itemCount(plan) / size))
  const wanted = checkChunk(chunk, lastChunk)
  const start = (wanted - 1) * size
  const common = { version: plan.latest, chunk: wanted, lastChunk, sizeSingleChunkInByte: size * BYTES_PER_ITEM }
  if (plan.type === 'delta') {
    const all = [...plan.insertions, ...plan.deletions].slice(start, start + size)
    const insertions = plan.insertions.slice(start, start + size)
    // The deletions follow the insertions in the item order; clamp both ends (a negative end would count from the back).
    const deletions = plan.deletions.slice(
      Math.max(0, start - plan.insertions.length),
      Math.max(0, start + size - plan.insertions.length),
    )
    return {
      id: deltaId(plan.from, plan.latest),
      ...common,
      fromVersion: plan.from,
      ...bounds(all),
      totalNumberUCVI: plan.total,
      delta: { insertions, deletions },
    }
  }
  const hashes =
    plan.type === 'current'
      ? []
      : (
          await db
            .selectFrom('drl_entries')
            .select('hash')
            .where('version_removed', 'is', null)
            .orderBy('hash')
            .limit(size)
            .offset(start)
            .execute()
        ).map((r) => r.hash)
  return {
    id: snapshotId(plan.latest),
    ...common,
    ...(plan.type === 'current' ? { fromVersion: plan.latest } : { creationDate: iso(plan.created) }),
    ...bounds(hashes),
    totalNumberUCVI: plan.total,
    revokedUcvi: hashes,
  }
}

async function planFor(db: Kysely<Database>, version: number, options: DrlReadOptions): Promise<Plan> {
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new DbError('DRL_BAD_VERSION', `bad DRL version ${version}`)
  }
  const latestRow = await db
    .selectFrom('drl_versions')
    .select(['version', 'created_at'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst()
  const latest = latestRow?.version ?? 0
  const created = latestRow?.created_at ?? 0
  if (version > latest) throw new DbError('DRL_BAD_VERSION', `DRL version ${version} is beyond the latest ${latest}`)
  const totalRow = await db
    .selectFrom('drl_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('version_removed', 'is', null)
    .executeTakeFirstOrThrow()
  const total = Number(totalRow.n)
  if (version === latest) return { type: 'current', latest, total, created }
  const retention = options.deltaRetention ?? Number.POSITIVE_INFINITY
  if (version === 0 || latest - version > retention) return { type: 'snapshot', latest, total, created }

  // In the list at `version`: a stay that began at or before it and had not ended by it.
  const aliveAt = (v: number) =>
    sql<boolean>`exists (select 1 from drl_entries o where o.hash = e.hash and o.version_added <= ${v} and (o.version_removed is null or o.version_removed > ${v}))`
  const insertions = await db
    .selectFrom('drl_entries as e')
    .select('e.hash')
    .where('e.version_removed', 'is', null)
    .where('e.version_added', '>', version)
    .where(sql<boolean>`not ${aliveAt(version)}`)
    .orderBy('e.hash')
    .execute()
  const deletions = await db
    .selectFrom('drl_entries as e')
    .select('e.hash')
    .distinct()
    .where('e.version_added', '<=', version)
    .where('e.version_removed', '>', version)
    .where(sql<boolean>`not exists (select 1 from drl_entries n where n.hash = e.hash and n.version_removed is null)`)
    .orderBy('e.hash')
    .execute()
  return {
    type: 'delta',
    from: version,
    latest,
    total,
    insertions: insertions.map((r) => r.hash),
    deletions: deletions.map((r) => r.hash),
  }
}

function itemCount(plan: Plan): number {
  switch (plan.type) {
    case 'current':
      return 0
    case 'snapshot':
      return plan.total
    case 'delta':
      return plan.insertions.length + plan.deletions.length
  }
}

function checkChunk(chunk: number, last: number): number {
  const wanted = chunk === 0 ? 1 : chunk
  if (!Number.isSafeInteger(wanted) || wanted < 1 || wanted > last) {
    throw new DbError('DRL_BAD_CHUNK', `Chunk non valido: ${chunk} (last ${last})`)
  }
  return wanted
}

function bounds(items: readonly string[]): { firstElementInChunk?: string; lastElementInChunk?: string } {
  return items.length === 0 ? {} : { firstElementInChunk: items[0], lastElementInChunk: items[items.length - 1] }
}

const snapshotId = (version: number) => `snapshot-${version}`
const deltaId = (from: number, to: number) => `delta-${from}-${to}`
const iso = (ms: number) => new Date(ms).toISOString()
