export { signCoseSign1With } from './cose.ts'
export { isKeyError, KeyError, type KeyErrorCode } from './errors.ts'
export {
  CSCA_VALIDITY_DAYS,
  DSC_MAX_VALIDITY_DAYS,
  type InitializedKey,
  initKeys,
  type InitKeysOptions,
} from './init.ts'
export {
  type DocumentSigner,
  inProcessSigner,
  type KeyStore,
  openFileKeyStore,
  type StoredCertificate,
  storedCertificate,
} from './key-store.ts'
export { CSCA_NAME, DSC_NAMES, type DscName, keyFiles } from './layout.ts'
