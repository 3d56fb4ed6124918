import type { EuRevocationHashes, EuRevocationHashType } from '@greenpass/rules'
import { RevocationHashSet } from './hash-set.ts'

/** The kid of batches whose signer is not known: their hashes apply to certificates of any DSC (§2.7). */
export const UNKNOWN_KID = 'UNKNOWN_KID'

/** The revoked hashes of one DSC (one kid), with the hash types its batches used. */
export interface EuRevocationList {
  readonly kid: string
  readonly hashTypes: readonly EuRevocationHashType[]
  readonly hashes: RevocationHashSet
}

/**
 * The EU revocation lists a verifier holds, by kid (gateway-and-trust.md §5.1, §5.2): a certificate is revoked when one
 * of its hashes, of a type its DSC's list uses, is in that list — or in the list of batches with an unknown kid.
 *
 * @example new EuRevocationLists(lists).isRevoked(kidBase64, euRevocationHashes(subject)) // true → REVOKED
 */
export class EuRevocationLists {
  readonly #byKid: ReadonlyMap<string, EuRevocationList>

  constructor(lists: Iterable<EuRevocationList> = []) {
    this.#byKid = new Map([...lists].map((list) => [list.kid, list]))
  }

  /** The lists, by kid. */
  get lists(): ReadonlyMap<string, EuRevocationList> {
    return this.#byKid
  }

  /** Hashes over every list. */
  get size(): number {
    let size = 0
    for (const list of this.#byKid.values()) size += list.hashes.size
    return size
  }

  /** True when the certificate signed by `kid` (base64) is listed under one of its hashes. */
  isRevoked(kid: string | null, hashes: EuRevocationHashes): boolean {
    return (
      listed(kid === null ? undefined : this.#byKid.get(kid), hashes) || listed(this.#byKid.get(UNKNOWN_KID), hashes)
    )
  }
}

function listed(list: EuRevocationList | undefined, hashes: EuRevocationHashes): boolean {
  if (list === undefined) return false
  for (const type of list.hashTypes) {
    const hash = hashes[type]
    if (hash !== undefined && list.hashes.has(hash)) return true
  }
  return false
}
