import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * The shared test data beside the repository (`../shared/testdata`). A fresh clone may not have it: then the tests
 * that need it fail with this message rather than passing vacuously.
 */
export const SHARED_TESTDATA = fileURLToPath(new URL('../../../../../shared/testdata/', import.meta.url))

export function sharedTestdata(subfolder: string): string {
  const path = `${SHARED_TESTDATA}${subfolder}`
  if (!existsSync(path)) {
    throw new Error(`The shared test data is missing at ${path}: put the shared/ folder beside the repository`)
  }
  return path
}
