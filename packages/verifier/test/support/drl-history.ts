/**
 * The server side of the Italian DRL (italian-verification-rules.md §9.3), for tests and the benchmark: a history
 * of versions, each published as a set of operations on the previous one. `check` and `chunk` answer as the
 * it-dgc-verifier-service does: the latest version gets metadata only, a retained older version gets the delta to
 * the latest, anything else the latest snapshot; chunks of `chunkSize` entries; 400 for a negative version, a
 * version past the latest, or a chunk past the last.
 */
export interface DrlOperations {
  readonly insertions?: readonly string[]
  readonly deletions?: readonly string[]
}

export interface DrlAnswer {
  readonly status: number
  readonly body: unknown
}

interface Version {
  readonly version: number
  /** The whole set, in insertion order (a snapshot is served in this order). */
  readonly set: ReadonlySet<string>
  /** The operations as published from the previous version (kept verbatim: duplicates, absent deletions). */
  readonly operations: Required<DrlOperations>
}

interface Payload {
  readonly kind: 'snapshot' | 'delta'
  readonly fromVersion: number
  /** Snapshot: the entries. Delta: the operations, insertions first. */
  readonly entries: readonly { readonly hash: string; readonly deletion: boolean }[]
}

export class DrlHistory {
  /** Entries per chunk; changing it changes what is on offer (a pending download may not resume). */
  chunkSize: number
  /** How many versions back a delta is still served (older ones get the snapshot). */
  retainedDeltas: number
  readonly #versions: Version[] = []

  constructor(options: { chunkSize: number; retainedDeltas?: number }) {
    this.chunkSize = options.chunkSize
    this.retainedDeltas = options.retainedDeltas ?? 10
  }

  get latest(): number {
    return this.#versions.at(-1)?.version ?? 0
  }

  /** The set at a version (0: empty). */
  setAt(version: number): ReadonlySet<string> {
    return this.#versions.find((v) => v.version === version)?.set ?? new Set()
  }

  /** Publishes the next version: the previous set with these insertions, then these deletions. */
  publish(operations: DrlOperations): number {
    const insertions = operations.insertions ?? []
    const deletions = operations.deletions ?? []
    const set = new Set(this.setAt(this.latest))
    for (const hash of insertions) set.add(hash)
    for (const hash of deletions) set.delete(hash)
    const version = this.latest + 1
    this.#versions.push({ version, set, operations: { insertions, deletions } })
    return version
  }

  check(version: number): DrlAnswer {
    if (!(version >= 0 && version <= this.latest)) return badRequest('Versione non valida')
    const latest = this.setAt(this.latest)
    if (version === this.latest) {
      return {
        status: 200,
        body: {
          id: id(this.latest),
          fromVersion: version,
          version: this.latest,
          chunk: 1,
          totalChunk: Math.ceil(latest.size / this.chunkSize),
          numDiAdd: 0,
          totalNumberUCVI: latest.size,
          sizeSingleChunkInByte: this.chunkSize * 51,
          totalSizeInByte: 0,
        },
      }
    }
    const payload = this.#payload(version)
    const totalChunk = Math.ceil(payload.entries.length / this.chunkSize)
    const deletions = payload.entries.filter((entry) => entry.deletion).length
    return {
      status: 200,
      body: {
        id: id(this.latest),
        fromVersion: payload.fromVersion,
        version: this.latest,
        chunk: 1,
        totalChunk,
        numDiAdd: payload.entries.length - deletions,
        ...(payload.kind === 'delta' ? { numDiDelete: deletions } : {}),
        totalNumberUCVI: latest.size,
        sizeSingleChunkInByte: this.chunkSize * 51,
        totalSizeInByte: totalChunk * this.chunkSize * 51,
      },
    }
  }

  chunk(version: number, chunk: number): DrlAnswer {
    if (!(version >= 0 && version < this.latest)) return badRequest('Versione non valida')
    const payload = this.#payload(version)
    const totalChunk = Math.ceil(payload.entries.length / this.chunkSize)
    const number = chunk === 0 ? 1 : chunk
    if (!(number >= 1 && number <= totalChunk)) return badRequest('Chunk non valido')
    const slice = payload.entries.slice((number - 1) * this.chunkSize, number * this.chunkSize)
    const hashes = slice.map((entry) => entry.hash)
    const common = {
      id: id(this.latest),
      version: this.latest,
      chunk: number,
      lastChunk: totalChunk,
      firstElementInChunk: hashes[0],
      lastElementInChunk: hashes.at(-1),
      sizeSingleChunkInByte: this.chunkSize * 51,
      totalNumberUCVI: this.setAt(this.latest).size,
    }
    if (payload.kind === 'snapshot') {
      return { status: 200, body: { ...common, revokedUcvi: hashes, creationDate: '2022-01-01T00:00:00.000+00:00' } }
    }
    return {
      status: 200,
      body: {
        ...common,
        delta: {
          insertions: slice.filter((entry) => !entry.deletion).map((entry) => entry.hash),
          deletions: slice.filter((entry) => entry.deletion).map((entry) => entry.hash),
        },
      },
    }
  }

  #payload(version: number): Payload {
    const retained = version > 0 && version >= this.latest - this.retainedDeltas
    if (!retained) {
      return { kind: 'snapshot', fromVersion: 0, entries: [...this.setAt(this.latest)].map(insertion) }
    }
    if (version === this.latest - 1) {
      // The delta as published, verbatim (the fixtures have a duplicate insertion and a deletion of an absent entry).
      const { insertions, deletions } = this.#versions.at(-1)?.operations ?? { insertions: [], deletions: [] }
      return {
        kind: 'delta',
        fromVersion: version,
        entries: [...insertions.map(insertion), ...deletions.map((hash) => ({ hash, deletion: true }))],
      }
    }
    const from = this.setAt(version)
    const to = this.setAt(this.latest)
    return {
      kind: 'delta',
      fromVersion: version,
      entries: [
        ...[...to].filter((hash) => !from.has(hash)).map(insertion),
        ...[...from].filter((hash) => !to.has(hash)).map((hash) => ({ hash, deletion: true })),
      ],
    }
  }
}

function insertion(hash: string) {
  return { hash, deletion: false }
}

function id(version: number): string {
  return `61a0000000000000000000${String(version).padStart(2, '0')}`
}

function badRequest(message: string): DrlAnswer {
  return { status: 400, body: { code: '0x004', message } }
}
