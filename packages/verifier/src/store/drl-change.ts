import type { DrlStore } from '../drl/drl-store.ts'
import type { DrlChange } from './drl-files.ts'
import type { DrlDownload, DrlState } from './layout.ts'

/**
 * The DRL record once a downloaded chunk is committed, whatever holds it (the data folder, the browser's IndexedDB):
 * the download's progress, and, for a wipe, no base any more (the set restarts from this chunk).
 */
export function drlStateWithChunk(
  previous: DrlState,
  download: DrlDownload,
  change: Pick<DrlChange, 'wipe'>,
  retries: number,
): DrlState {
  return {
    ...previous,
    retries,
    download,
    nextId: Math.max(previous.nextId, download.id + 1),
    ...(change.wipe ? { base: null, count: 0 } : {}),
  }
}

/** Applies a committed chunk to the set in memory: a wipe empties it first (with room for `room` entries). */
export function applyDrlChange(drl: DrlStore, change: DrlChange, room: number): { inserted: number; deleted: number } {
  if (change.wipe) {
    drl.clear()
    drl.reserve(room)
  }
  return { inserted: drl.addBytes(change.insertions), deleted: drl.deleteBytes(change.deletions) }
}
