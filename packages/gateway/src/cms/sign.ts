import { createHash, type KeyObject } from 'node:crypto'
import * as asn1js from 'asn1js'
import { pkijs } from './engine.ts'
import { CmsError } from './errors.ts'

/** Who signs a CMS package: a certificate (DER) and its private key (EC P-256/P-384 or RSA). */
export interface CmsSigner {
  readonly certificate: Uint8Array
  readonly privateKey: KeyObject
}

export interface SignCmsOptions {
  /** Leave the content out of the package (the trust anchor's signatures over trusted parties are detached). */
  readonly detached?: boolean
  /** Adds a signingTime signed attribute (omitted when absent: no hidden clock). */
  readonly signingTime?: Date
}

const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3'
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4'
const OID_SIGNING_TIME = '1.2.840.113549.1.9.5'

/**
 * Makes a CMS SignedData (DER) over `content` with eContentType `data`, one certificate, one SignerInfo with signed
 * attributes (contentType, messageDigest, optionally signingTime) and SHA-256: the shape dgc-lib and Python's
 * `cryptography` produce, which the gateway accepts.
 *
 * @example const cms = await signCms(dscDer, { certificate: uploadDer, privateKey: uploadKey })
 */
export async function signCms(
  content: Uint8Array,
  signer: CmsSigner,
  options: SignCmsOptions = {},
): Promise<Uint8Array> {
  const certificate = pkijs.Certificate.fromBER(toArrayBuffer(signer.certificate))
  const digest = createHash('sha256').update(content).digest()
  const attributes = [
    new pkijs.Attribute({
      type: OID_CONTENT_TYPE,
      values: [new asn1js.ObjectIdentifier({ value: pkijs.ContentInfo.DATA })],
    }),
    new pkijs.Attribute({
      type: OID_MESSAGE_DIGEST,
      values: [new asn1js.OctetString({ valueHex: toArrayBuffer(digest) })],
    }),
  ]
  if (options.signingTime) {
    attributes.push(
      new pkijs.Attribute({ type: OID_SIGNING_TIME, values: [new asn1js.UTCTime({ valueDate: options.signingTime })] }),
    )
  }
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: pkijs.ContentInfo.DATA,
      ...(options.detached ? {} : { eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(content) }) }),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
      }),
    ],
    certificates: [certificate],
  })
  await signedData.sign(
    cryptoKeyOf(signer.privateKey),
    0,
    'SHA-256',
    options.detached ? toArrayBuffer(content) : undefined,
  )
  const contentInfo = new pkijs.ContentInfo({
    contentType: pkijs.ContentInfo.SIGNED_DATA,
    content: signedData.toSchema(true),
  })
  return new Uint8Array(contentInfo.toSchema().toBER())
}

type SigningKey = Parameters<pkijs.SignedData['sign']>[0]

/** The WebCrypto key pkijs signs with (Node's `CryptoKey` type and the DOM one differ only in their usage lists). */
function cryptoKeyOf(privateKey: KeyObject): SigningKey {
  const type = privateKey.asymmetricKeyType
  if (type === 'ec') {
    const curve = privateKey.asymmetricKeyDetails?.namedCurve
    const namedCurve = curve === 'secp384r1' ? 'P-384' : curve === 'secp521r1' ? 'P-521' : 'P-256'
    return privateKey.toCryptoKey({ name: 'ECDSA', namedCurve }, false, ['sign']) as unknown as SigningKey
  }
  if (type === 'rsa')
    return privateKey.toCryptoKey({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, [
      'sign',
    ]) as unknown as SigningKey
  throw new CmsError('CMS_KEY', `a ${type} key cannot sign CMS here (EC or RSA only)`)
}

/**
 * A standalone ArrayBuffer copy: pkijs wants ArrayBuffers, and a Buffer is often a view into Node's shared pool (whose
 * `.buffer` is the whole pool; `Buffer#slice` does not copy either).
 */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return new Uint8Array(bytes).buffer
}
