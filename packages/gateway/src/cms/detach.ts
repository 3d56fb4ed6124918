import { pkijs } from './engine.ts'
import { toArrayBuffer } from './sign.ts'

/**
 * The same SignedData without its embedded content: what the gateway stores and serves as a DSC's `signature`
 * (§2.4, §8). The signature still verifies over the content given separately, since signed attributes carry its
 * digest. Call it on a package that `verifyCms` has accepted.
 */
export function detachCms(cms: Uint8Array): Uint8Array {
  const contentInfo = pkijs.ContentInfo.fromBER(toArrayBuffer(cms))
  const signedData = new pkijs.SignedData({ schema: contentInfo.content })
  delete signedData.encapContentInfo.eContent
  const detached = new pkijs.ContentInfo({
    contentType: pkijs.ContentInfo.SIGNED_DATA,
    content: signedData.toSchema(true),
  })
  return new Uint8Array(detached.toSchema().toBER())
}
