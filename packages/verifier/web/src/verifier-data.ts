import { createTrustStore, type Dsc, importWebDsc } from '@greenpass/hcert'
import { parseSettings } from '@greenpass/rules'
import type { WebVerifierData } from '../../src/verify-web.ts'
import type { IndexedDbStore } from './idb-store.ts'

/** What the app verifies with, built from the store: DSC keys imported once per trust list, settings parsed once. */
export interface LoadedData {
  readonly data: WebVerifierData | null
  /** DSCs that could not be imported (an unsupported key), left out of the trust store. */
  readonly unusable: number
}

let cache: { readonly trustList: unknown; readonly settings: unknown; readonly loaded: LoadedData } | undefined

/**
 * The verifier data for the store's current state, or null data when there is none yet (never synced) or the
 * settings are incomplete (the rules refuse to judge with them).
 */
export async function loadVerifierData(store: IndexedDbStore): Promise<LoadedData> {
  const trustList = store.trustListState()
  const rows = store.settingsRows()
  if (cache?.trustList === trustList && cache.settings === rows) return cache.loaded
  const dscs: Dsc<CryptoKey>[] = []
  let unusable = 0
  for (const entry of trustList.dscs) {
    try {
      dscs.push(await importWebDsc(entry.der, { kid: Uint8Array.from(atob(entry.kid), (c) => c.charCodeAt(0)) }))
    } catch {
      unusable++
    }
  }
  let loaded: LoadedData
  try {
    const settings = parseSettings(rows)
    loaded = {
      data: { trustStore: createTrustStore(dscs), settings, isRevoked: (hash) => store.drl.has(hash) },
      unusable,
    }
  } catch {
    loaded = { data: null, unusable }
  }
  cache = { trustList, settings: rows, loaded }
  return loaded
}
