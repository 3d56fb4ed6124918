// Peers are third-party DCC libraries that the benchmark times next to our own implementation. They are only ever
// loaded by the benchmark (never by tests, never copied into the repository), and they live in bench/peers, a package
// outside the workspaces with its own lock file: the root `npm ci` does not install them (one of them pulls in React
// Native and Expo, about half of what the workspaces would install). `npm run bench -- peers` installs them.

import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface PeerVerifier {
  /** Library and API path, for tables. */
  readonly name: string
  /**
   * One full decode + verify of `fixture.hc1` (prefix strip, Base45, inflate, CBOR/COSE parse, signature check), done
   * the way a user of the library would do it. Resolves to true iff the library reports a valid signature; any
   * rejection by the library (undecodable input, signature mismatch, unknown key) resolves to false.
   */
  readonly verifyOnce: () => Promise<boolean>
}

const PEERS_DIR = fileURLToPath(new URL('../peers/', import.meta.url))

export type Peers = typeof import('../peers/src/index.ts')

let warned = false

/**
 * The peers' adapters, or undefined (with one notice on stderr) when bench/peers has not been installed: every suite
 * then prints its own figures and the floor without the peers' rows.
 */
export async function loadPeers(): Promise<Peers | undefined> {
  if (existsSync(join(PEERS_DIR, 'node_modules/.package-lock.json'))) {
    return import('../peers/src/index.ts')
  }
  if (!warned) console.error('(peers not installed: `npm run bench -- peers` installs them into bench/peers)')
  warned = true
  return undefined
}

/** `npm run bench -- peers`: installs bench/peers from its lock file. */
export function installPeers(): void {
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: PEERS_DIR, stdio: 'inherit' })
  if (result.status !== 0) throw new Error(`npm ci in ${PEERS_DIR} failed (exit ${String(result.status)})`)
}
