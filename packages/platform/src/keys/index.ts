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
export {
  GATEWAY_KEY_VALIDITY_DAYS,
  type GatewayKey,
  initGatewayKeys,
  type InitGatewayKeysOptions,
  readGatewayKeys,
} from './gateway-keys.ts'
export {
  CSCA_NAME,
  DSC_NAMES,
  type DscName,
  GATEWAY_KEY_NAMES,
  type GatewayKeyRole,
  gatewayKeyFiles,
  keyFiles,
} from './layout.ts'
