import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import type { TestCase } from './steps.ts'

/**
 * Every test file of a dgc-testdata tree: the `*.json` files in any `2DCode/raw` (or `2DCode/Raw`) folder at any
 * depth, so country folders, versioned sub-folders (`PL/1.3.0/…`) and unseen layouts are all found. Sorted paths,
 * relative to `root`.
 */
export async function findTestFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.json'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .filter((path) => /(^|[/\\])2DCode[/\\]raw[/\\][^/\\]+$/i.test(path))
    .sort()
}

/** Reads a test file; a byte-order mark is dropped before parsing (some corpus files carry one). */
export async function readTestCase(path: string): Promise<TestCase> {
  const text = await readFile(path, 'utf8')
  return JSON.parse(text.replace(/^\uFEFF/, '')) as TestCase
}
