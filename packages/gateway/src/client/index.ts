// The gateway's client side, for a national backend: the mTLS client, CMS signing and verification, the trust list's
// wire types and identifiers. Nothing here loads the gateway server (Fastify, the database), so a backend that only
// talks to a gateway imports `@greenpass/gateway/client`.
export { CmsError, type CmsErrorCode } from '../cms/errors.ts'
export { type CmsSigner, signCms, type SignCmsOptions } from '../cms/sign.ts'
export { type VerifiedCms, verifyCms, type VerifyCmsOptions } from '../cms/verify.ts'
export { kidBase64Of, thumbprintOf } from '../trust/fingerprint.ts'
export {
  GatewayCallError,
  type GatewayClient,
  gatewayClient,
  type GatewayClientOptions,
  type GatewayResponse,
} from './gateway-client.ts'
export { TRUST_LIST_TYPES, type TrustListItem, type TrustListType } from './trust-list-item.ts'
