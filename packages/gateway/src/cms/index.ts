export { detachCms } from './detach.ts'
export { CmsError, type CmsErrorCode } from './errors.ts'
export { type CmsSigner, signCms, type SignCmsOptions } from './sign.ts'
export { type VerifiedCms, verifyCms, type VerifyCmsOptions } from './verify.ts'
