// The EU DCC Gateway: trusted parties under a trust anchor, mTLS-authenticated countries, DSC upload as CMS, the
// trust list with deltas, validation rules, value sets, revocation batches, an insert-only audit log.
export { type AuthenticatedCountry, GATEWAY_ROLES, type GatewayRole } from './auth/authenticate.ts'
export { type ClientCertificateSource, DN_HEADER, THUMBPRINT_HEADER } from './auth/client-certificate.ts'
export * from './client/index.ts'
export { detachCms } from './cms/detach.ts'
export { type OpenGatewayDatabase, openGatewayDatabase } from './db/connect.ts'
export type { GatewayDatabase, TrustedPartyType } from './db/schema.ts'
export { createDemoCountry, type DemoCountry } from './demo-country.ts'
export { putValueSet } from './domain/value-sets.ts'
export { buildGatewayApp } from './http/app.ts'
export { type KeyPairCertificate, makeCertificate } from './operator/certificates.ts'
export { type GatewayCredentials, gatewayCredentials, gatewayFiles } from './operator/data-dir.ts'
export {
  loadTrustedParty,
  OnboardingError,
  type OnboardingErrorCode,
  onboardTrustedIssuer,
  onboardTrustedParty,
  signTrustedParty,
} from './operator/onboard.ts'
export { GatewayProblem } from './problem.ts'
export { type GatewayOptions, type RunningGateway, startGateway } from './start.ts'
export { countryOfDn } from './trust/distinguished-name.ts'
export { normaliseThumbprint } from './trust/fingerprint.ts'
export { type TrustAnchor, trustAnchorOf } from './trust/trust-anchor.ts'
