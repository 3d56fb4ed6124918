export { TEST_IDENTITIES, TEST_PASSWORD, type TestIdentity } from './identities.ts'
export {
  FISCAL_NUMBER_CLAIM,
  startIdentityProvider,
  type IdentityProviderOptions,
  type RelyingPartyClient,
  type RunningIdentityProvider,
} from './provider.ts'
