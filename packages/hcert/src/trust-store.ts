import type { KeyObject } from 'node:crypto'
import type { Dsc } from './dsc/import.ts'

/**
 * DSCs by kid (base64). A kid is only 8 bytes and can collide, so each kid maps to every DSC that carries it.
 * Any map with this shape works, so a verifier can keep its own store and hand it over as is.
 */
export type TrustStore<Key = KeyObject> = ReadonlyMap<string, readonly Dsc<Key>[]>

/** Groups DSCs by kid. */
export function createTrustStore<Key = KeyObject>(dscs: Iterable<Dsc<Key>>): TrustStore<Key> {
  const store = new Map<string, Dsc<Key>[]>()
  for (const dsc of dscs) {
    const list = store.get(dsc.kidBase64)
    if (list) list.push(dsc)
    else store.set(dsc.kidBase64, [dsc])
  }
  return store
}
