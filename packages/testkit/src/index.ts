// What the packages' tests share. Never imported by runtime code.
export { launchBrowser } from './browser.ts'
export { type HeadlessLogin, headlessLogin } from './headless-login.ts'
