import { createTrustStore, type Dsc, importWebDsc } from '@greenpass/hcert'
import { parseSettings } from '@greenpass/rules'
import type { WebVerifierData } from '../../src/verify-web.ts'
import type { IndexedDbStore } from './idb-store.ts'

let cache:
  { readonly trustList: unknown; readonly settings: unknown; readonly data: WebVerifierData | null } | undefined

/**
 * What the app verifies with, for the store's current state (DSC keys imported once per trust list, settings parsed
 * once), or null when there is nothing yet (never synced) or the settings are incomplete (the rules refuse them).
 */
export async function loadVerifierData(store: IndexedDbStore): Promise<WebVerifierData | null> {
  const trustList = store.trustListState()
  const rows = store.settingsRows()
  if (cache?.trustList === trustList && cache.settings === rows) return cache.data
  const dscs: Dsc<CryptoKey>[] = []
  for (const entry of trustList.dscs) {
    try {
      dscs.push(await importWebDsc(entry.der, { kid: Uint8Array.from(atob(entry.kid), (c) => c.charCodeAt(0)) }))
    } catch {
      // A key WebCrypto cannot import (e.g. an unusual curve) is left out: its certificates fail as KID_UNKNOWN.
    }
  }
  let data: WebVerifierData | null
  try {
    data = {
      trustStore: createTrustStore(dscs),
      settings: parseSettings(rows),
      isRevoked: (hash) => store.drl.has(hash),
    }
  } catch {
    data = null
  }
  cache = { trustList, settings: rows, data }
  return data
}
