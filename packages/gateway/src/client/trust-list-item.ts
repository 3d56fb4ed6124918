import type { TrustedPartyType } from '../db/schema.ts'

export type TrustListType = TrustedPartyType | 'DSC'
export const TRUST_LIST_TYPES: readonly TrustListType[] = ['AUTHENTICATION', 'UPLOAD', 'CSCA', 'DSC']

/** One entry of `GET /trustList` (`TrustListDto`, §2.4). A deleted DSC in a delta has `rawData` and `signature` null. */
export interface TrustListItem {
  readonly kid: string
  readonly timestamp: string
  readonly country: string
  readonly certificateType: TrustListType
  readonly thumbprint: string
  readonly signature: string | null
  readonly rawData: string | null
}
