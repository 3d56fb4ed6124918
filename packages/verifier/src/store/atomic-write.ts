import { randomUUID } from 'node:crypto'
import { open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { StoreError } from './errors.ts'

/** Suffix of the temporary files: whatever carries it after a crash is debris, removed when the store opens. */
export const TEMP_SUFFIX = '.tmp'

/**
 * Replaces `path` with `content` so that a reader (or the next process after a crash) sees either the old file or the
 * new one, never a mix: write a temporary file beside it, fsync it, rename it over the target, fsync the folder (the
 * rename itself is only durable once the folder is).
 *
 * @example await writeFileAtomic('/data/verifier/settings.json', JSON.stringify(rows))
 */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array | Iterable<Uint8Array>,
): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}${TEMP_SUFFIX}`)
  try {
    const file = await open(temporary, 'wx')
    try {
      if (typeof content === 'string' || content instanceof Uint8Array) await file.writeFile(content)
      else for (const block of content) await file.write(block)
      await file.sync()
    } finally {
      await file.close()
    }
    await rename(temporary, path)
    await syncFolder(dirname(path))
  } catch (cause) {
    await rm(temporary, { force: true }).catch(() => undefined)
    throw new StoreError('STORE_IO', `Cannot write ${path}: ${(cause as Error).message}`, { cause })
  }
}

/** Makes the folder's entries (creations, renames, deletions) durable. */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
