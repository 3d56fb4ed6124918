// IO: the services API, citizen login, the app backend (eu_covid_cert) and the wallet web app.
export { buildIoApp, type IoAppOptions } from './app.ts'
export { type Certificate, cfSha256, fetchCertificate } from './backend/eu-covid-cert.ts'
export type { IdentityProviderClient } from './backend/login.ts'
export {
  createPlatformClient,
  type PlatformCertificate,
  type PlatformClient,
  PlatformError,
  type PlatformErrorCode,
} from './backend/platform-client.ts'
export { IoProblem } from './problem.ts'
export { SUBSCRIPTION_KEY_HEADER } from './services-api/routes.ts'
export { type IoService, type NewIoService, PermissionGroup } from './store/services.ts'
export { type IoOptions, type RunningIo, startIo } from './start.ts'
