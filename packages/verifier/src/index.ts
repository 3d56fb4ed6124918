export { DrlError, type DrlErrorCode } from './drl/errors.ts'
export { DrlStore } from './drl/drl-store.ts'
export {
  DRL_HASH_BASE64_LENGTH,
  DRL_HASH_BYTES,
  decodeDrlHashInto,
  drlHashesToBytes,
  encodeDrlHash,
} from './drl/hash.ts'
export { DEFAULT_DRL_MAX_RETRY, drlMaxRetry, drlSyncActive } from './drl/settings.ts'
export { compareDottedVersions, sdkVersionAccepted, VERIFIER_SDK_VERSION } from './sdk-version.ts'
export { StoreError, type StoreErrorCode } from './store/errors.ts'
export type { DrlDownload, DrlState, SettingsState, TrustListEntry, TrustListState } from './store/layout.ts'
export { type SettingRow, settingValue } from './store/settings-rows.ts'
export type { DrlChange } from './store/drl-files.ts'
export { MAX_DATA_AGE_MS, type VerifierStatus, verifierStatus } from './store/status.ts'
export { VerifierStore } from './store/verifier-store.ts'
export { DRL_CONFIRM_BYTES, type DrlSyncOptions, type DrlSyncResult, syncDrl } from './sync/drl.ts'
export { type DrlCheck, type DrlChunk, parseDrlCheck, parseDrlChunk } from './sync/drl-messages.ts'
export { isSyncError, SyncError, type SyncErrorCode } from './sync/errors.ts'
export type { SyncStore } from './sync/sync-store.ts'
export { type SyncHttp, type SyncHttpOptions, type SyncResponse, syncHttp } from './sync/http.ts'
export { type SettingsSyncResult, syncSettings } from './sync/settings.ts'
export {
  type SyncIssue,
  type SyncPart,
  type SyncReport,
  type SyncVerifierOptions,
  syncVerifier,
} from './sync/sync-verifier.ts'
export { syncTrustList, type TrustListSyncResult } from './sync/trust-list.ts'
export {
  type HolderName,
  type VerificationResult,
  type VerifierData,
  type VerifyCertificateOptions,
  verifyCertificate,
} from './verify.ts'
export { verifyCertificateWeb, type WebVerifierData } from './verify-web.ts'
export { buildVerifierApp, type WebApp, type WebAppFile, writeVerifierApp } from './web-bundle.ts'
export {
  type ActivityChoice,
  activitiesOn,
  modeInForce,
  modesOn,
  romeDayText,
  SCAN_MODE_LIFETIMES,
  type ScanModeLifetime,
} from './mode-choice.ts'
export { REVOCATION_HASH_BYTES, RevocationHashSet } from './eu-revocation/hash-set.ts'
export { type EuRevocationList, EuRevocationLists, UNKNOWN_KID } from './eu-revocation/lists.ts'
export {
  chunkPrefix,
  decodeSlice,
  type DistributionChunk,
  distributionChunks,
  type DistributionMode,
  distributionMode,
  encodeSlice,
  SLICE_TYPE,
  SLICE_VERSION,
} from './eu-revocation/distribution.ts'
export type { EuRevocationListState, EuRevocationState } from './eu-revocation/state.ts'
export { type EuRevocationSyncResult, type EuRevocationSyncStore, syncEuRevocation } from './sync/eu-revocation.ts'
export {
  type ListOverview,
  type ListToPublish,
  type PartitionOverview,
  publishRevocationLists,
  type RevocationPublication,
} from './eu-revocation/publish.ts'
