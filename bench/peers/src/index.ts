// The peer libraries' adapters. This folder has its own package.json and lock file, outside the workspaces, so that
// the root `npm ci` does not install the peers (React Native and Expo come with one of them); bench/src/peers.ts
// loads this module only when they are installed.

export { loadCertLogicJs } from './certlogic-js.ts'
export { prepareDccUtilsCertificate, prepareDccUtilsKeysList } from './dcc-utils.ts'
export { prepareJsQrRead } from './jsqr.ts'
export { preparePathcheckDccSdk } from './pathcheck-dcc-sdk.ts'
