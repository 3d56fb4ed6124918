// Peer: @pathcheck/dcc-sdk 0.0.27 (Path-Check/dcc-sdk.js). GPL-3.0: only loaded by the benchmark, from node_modules,
// never copied.
//
// How it is made to load without a bundler. The package's CommonJS entry (lib/index.js) goes through the `esm`
// loader, which crashes on modern Node. Its real code, lib/*.js, is ES module syntax in a package without
// "type": "module", and imports its own files without extensions ('./resolver', './cose-js/common'), which Node's
// ESM resolver refuses. We import lib/main.js directly with an in-thread module resolve hook
// (`module.registerHooks`, Node >= 22.15) that, for imports made from inside that lib/ folder only:
// - appends '.js' to extensionless relative specifiers and marks the files as ES modules;
// - replaces 'cross-fetch' with a stub whose fetch throws, so the library can never reach the network. Its key
//   resolver fetches PathCheck's trust registry from GitHub when a kid is not in its in-memory registry; it catches
//   the error, logs it, and the certificate then comes out `issuer_not_trusted`.
// The hook is removed as soon as the library has loaded. The DSC is given to the library up front with its own
// `addCachedCerts({ kid: base64 DER })`, so the real kid resolves locally.

import { registerHooks } from 'node:module'
import type { DccFixture } from '../../src/fixture.ts'
import type { PeerVerifier } from '../../src/peers.ts'

/** The `status` that `unpackAndVerify` reports for a good signature from a trusted, current key. */
const VERIFIED = 'verified'

/** The minimal part of the library's API that we call (lib/main.js). */
interface PathcheckDccSdk {
  /** Adds kid (standard base64) → certificate (base64 DER) pairs to the module-global trust registry. */
  addCachedCerts(certs: Readonly<Record<string, string>>): void
  /** Prefix strip, Base45, inflate, COSE parse, key resolution, signature check. Never rejects on bad input. */
  unpackAndVerify(qr: string): Promise<{ readonly status: string }>
}

const MAIN = '@pathcheck/dcc-sdk/lib/main.js'
const NO_NETWORK = `data:text/javascript,${encodeURIComponent(
  "export default function fetch() { throw new Error('greenpass bench: network disabled for @pathcheck/dcc-sdk') }",
)}`

let loading: Promise<PathcheckDccSdk> | undefined
function load(): Promise<PathcheckDccSdk> {
  loading ??= (async () => {
    const lib = new URL('./', import.meta.resolve(MAIN)).href
    const hooks = registerHooks({
      resolve(specifier, context, nextResolve) {
        const inside = context.parentURL?.startsWith(lib) === true
        if (inside && specifier === 'cross-fetch') return { url: NO_NETWORK, format: 'module', shortCircuit: true }
        const extensionless = inside && specifier.startsWith('.') && !specifier.endsWith('.js')
        const resolved = nextResolve(extensionless ? `${specifier}.js` : specifier, context)
        return resolved.url.startsWith(lib) ? { ...resolved, format: 'module' } : resolved
      },
    })
    try {
      const specifier: string = MAIN // a plain string: the package ships no types
      return (await import(specifier)) as PathcheckDccSdk
    } finally {
      hooks.deregister()
    }
  })()
  return loading
}

/**
 * `unpackAndVerify(hc1)` with the DSC in the library's trust registry (`addCachedCerts`); verified iff the returned
 * status is 'verified'. The registry is module-global: preparing another fixture with the same kid replaces the entry.
 */
export async function preparePathcheckDccSdk(fixture: DccFixture): Promise<PeerVerifier> {
  const sdk = await load()
  sdk.addCachedCerts({ [Buffer.from(fixture.kid).toString('base64')]: Buffer.from(fixture.dscDer).toString('base64') })
  const hc1 = fixture.hc1
  return {
    name: '@pathcheck/dcc-sdk unpackAndVerify',
    verifyOnce: async () => {
      try {
        return (await sdk.unpackAndVerify(hc1)).status === VERIFIED
      } catch {
        return false
      }
    },
  }
}
